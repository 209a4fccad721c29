// The gateway as a library: the operator CLI and end-to-end tests boot it the way main.ts does.
export { loadWebConfig, type WebConfig } from "./config.ts";
export { PATH_TABLE, type Target, targetOf } from "./http/path-table.ts";
export { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./users/seed-demo-users.ts";
export { openAccounts, type RunningWeb, startWeb, WEB_MIGRATIONS_DIR, WEB_SCHEMA } from "./web.app.ts";
