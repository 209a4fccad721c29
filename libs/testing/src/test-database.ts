import pg from "pg";
import { DEFAULT_POSTGRES_URL } from "./postgres-server.ts";
import { uniqueNamespace } from "./unique-namespace.ts";

export interface TestDatabase {
  url: string;
  name: string;
  /** DROP ... WITH (FORCE): connections a test forgot to close do not block the clean-up. */
  drop(): Promise<void>;
}

/** A fresh, empty database `guichet_t_<random>` on the server behind `adminUrl`. */
export async function createTestDatabase(
  adminUrl: string = process.env.GUICHET_TEST_DATABASE_URL ?? DEFAULT_POSTGRES_URL,
): Promise<TestDatabase> {
  const name = `guichet_t_${uniqueNamespace().slice(1)}`;
  await asAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => asAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

async function asAdmin(adminUrl: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
