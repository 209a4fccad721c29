import { test as base, inject } from "vitest";
import "./provided-context.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";
import { uniqueNamespace } from "./unique-namespace.ts";

export interface IntegrationFixtures {
  /** A fresh database, dropped after the test. */
  database: TestDatabase;
  /** Unique per test: use it for schema, stream, subject and consumer names. */
  namespace: string;
  natsUrl: string;
}

// Vitest reads fixture dependencies from the destructuring pattern of the first parameter, hence
// the empty patterns.
export const test = base.extend<IntegrationFixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest requires object destructuring here
  database: async ({}, use) => {
    const database = await createTestDatabase(inject("postgresAdminUrl"));
    try {
      await use(database);
    } finally {
      await database.drop();
    }
  },
  // biome-ignore lint/correctness/noEmptyPattern: vitest requires object destructuring here
  namespace: async ({}, use) => {
    await use(uniqueNamespace());
  },
  // biome-ignore lint/correctness/noEmptyPattern: vitest requires object destructuring here
  natsUrl: async ({}, use) => {
    await use(inject("natsUrl"));
  },
});
