import type { TestProject } from "vitest/node";
import "./provided-context.ts";
import { startNats } from "./nats-server.ts";
import { startPostgres } from "./postgres-server.ts";

/**
 * Vitest global setup of the integration project: finds (or starts) one PostgreSQL and one NATS
 * for the whole run. Test isolation comes from per-test databases and namespaces, not servers.
 * Runs outside the test context, so it must not import `vitest` itself (only its types).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgres({ url: process.env.GUICHET_TEST_DATABASE_URL }).catch((error: unknown) => {
    throw new Error(`${messageOf(error)} Or set GUICHET_TEST_DATABASE_URL to an admin URL.`, { cause: error });
  });
  let nats: Awaited<ReturnType<typeof startNats>>;
  try {
    nats = await startNats({ url: process.env.GUICHET_TEST_NATS_URL });
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  if (postgres.started || nats.started) {
    console.info(
      `[guichet/testing] PostgreSQL ${postgres.started ? "started" : "found"}, NATS ${nats.started ? `started at ${nats.url}` : "found"}`,
    );
  }
  project.provide("postgresAdminUrl", postgres.url);
  project.provide("natsUrl", nats.url);
  return async () => {
    await nats.stop();
    await postgres.stop();
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
