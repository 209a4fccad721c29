export { type IntegrationFixtures, test } from "./fixtures.ts";
export * from "./servers.ts";
export { createTestDatabase, type TestDatabase } from "./test-database.ts";
export { uniqueNamespace } from "./unique-namespace.ts";
