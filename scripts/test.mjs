#!/usr/bin/env node
// The whole test suite, as the README and CI run it: generate the Prisma clients (offline), then
// unit and integration/end-to-end tests. Integration tests use PostgreSQL and NATS from
// GUICHET_TEST_DATABASE_URL / GUICHET_TEST_NATS_URL, else the default local ports, else start their
// own (embedded PostgreSQL from npm, the nats-server binary) — see libs/testing.
import { spawnSync } from "node:child_process";

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!process.versions.node.startsWith("24.")) {
  console.warn(
    `Node ${process.versions.node}: Guichet targets Node 24 (run through npm, which uses the project's own Node 24).`,
  );
}
run(process.execPath, ["scripts/generate.mjs"]);
run(process.execPath, ["node_modules/vitest/vitest.mjs", "run", ...process.argv.slice(2)]);
