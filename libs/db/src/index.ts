export { type CreatePoolOptions, createPool } from "./create-pool.ts";
export type { DbLogger } from "./db-logger.ts";
export { GroupCommit, type GroupCommitOptions } from "./group-commit.ts";
export { Inbox } from "./inbox.ts";
export { type MigrateOptions, migrate } from "./migrate.ts";
export { Outbox } from "./outbox.ts";
export { type OutboxPublisher, OutboxRelay, type OutboxRelayOptions } from "./outbox-relay.ts";
export { prismaAdapter } from "./prisma-adapter.ts";
export { pgExecutor, rollBack, type SqlExecutor, withPgTransaction } from "./sql-executor.ts";
