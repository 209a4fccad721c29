// Second entry, free of any `vitest` import: the operator CLI (`guichet start`) uses the same
// find-or-start logic as the test harness.
export { freePort } from "./free-port.ts";
export {
  type ClusterNode,
  moveStreamLeader,
  type NatsCluster,
  startNatsCluster,
  streamLeader,
  waitForJetStream,
} from "./nats-cluster.ts";
export {
  DEFAULT_NATS_URL,
  findNats,
  findNatsServerBinary,
  type NatsServer,
  type NatsServerProcess,
  probeNats,
  startNats,
  startNatsServer,
} from "./nats-server.ts";
export {
  DEFAULT_POSTGRES_URL,
  type EmbeddedPostgresOptions,
  type EmbeddedPostgresServer,
  findPostgres,
  type PostgresServer,
  probePostgres,
  type StartPostgresOptions,
  startEmbeddedPostgres,
  startPostgres,
} from "./postgres-server.ts";
export { stopProcess } from "./stop-process.ts";
export { createTestDatabase, type TestDatabase } from "./test-database.ts";
export { uniqueNamespace } from "./unique-namespace.ts";
export { type WaitForOptions, waitFor } from "./wait-for.ts";
