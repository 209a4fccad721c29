import type { Envelope } from "@guichet/contracts";
import pg from "pg";
import { type DbLogger, defaultLogger, errorMessage } from "./db-logger.ts";
import { OutboxRepository } from "./outbox.repository.ts";
import { outboxChannel } from "./schema-name.ts";
import { WakeSignal } from "./wake-signal.ts";

export interface OutboxPublisher {
  publish(envelope: Envelope): Promise<unknown>;
}

export interface OutboxRelayOptions {
  pool: pg.Pool;
  schema: string;
  publisher: OutboxPublisher;
  batchSize?: number;
  pollIntervalMs?: number;
  retentionMs?: number;
  logger?: DbLogger;
}

type BatchOutcome =
  | { kind: "published"; count: number; more: boolean }
  | { kind: "failed"; count: number }
  | { kind: "idle" }
  | { kind: "busy" };

const MAX_BACKOFF_MS = 5_000;
const FIRST_BACKOFF_MS = 100;
const PURGE_BATCH = 500;
const DAY_MS = 86_400_000;

/**
 * Relays unpublished outbox rows to the publisher in seq order, at least once. Wakes on NOTIFY and
 * also polls, keeps rows and backs off while the publisher fails, and purges published rows after
 * the retention period. Several instances may run: one publishes at a time, the others stand by.
 */
export class OutboxRelay {
  private readonly pool: pg.Pool;
  private readonly schema: string;
  private readonly publisher: OutboxPublisher;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retentionMs: number;
  private readonly purgeIntervalMs: number;
  private readonly logger: DbLogger;
  private readonly repository: OutboxRepository;
  private readonly signal = new WakeSignal();
  private running = false;
  private loop: Promise<void> | undefined;
  private listener: pg.PoolClient | undefined;
  private outage: { since: number; failures: number } | undefined;
  private lastPurge = 0;

  constructor(options: OutboxRelayOptions) {
    this.repository = new OutboxRepository(options.schema);
    this.pool = options.pool;
    this.schema = options.schema;
    this.publisher = options.publisher;
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.retentionMs = options.retentionMs ?? 7 * DAY_MS;
    // Purging more often than this would only add queries; less often would let the table grow.
    this.purgeIntervalMs = Math.min(60_000, Math.max(1_000, this.retentionMs));
    this.logger = options.logger ?? defaultLogger;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.signal.reset();
    this.loop = this.run();
  }

  /** Lets the batch in progress finish (its rows are marked), then stops listening and polling. */
  async stop(): Promise<void> {
    this.running = false;
    this.signal.stop();
    await this.loop;
    this.loop = undefined;
    this.unlisten();
  }

  pending(): Promise<number> {
    return this.repository.countPending(this.pool);
  }

  /** Publishes everything pending now; resolves with the count when empty or when publishing fails. */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const outcome = await this.processBatch();
      if (outcome.kind === "published") {
        total += outcome.count;
      } else if (outcome.kind === "failed") {
        return total + outcome.count;
      } else if (outcome.kind === "idle") {
        return total;
      } else if ((await this.pending()) === 0) {
        // Another relay holds the lock and has already emptied the outbox.
        return total;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      await this.listen();
      const outcome = await this.drain();
      await this.purgeIfDue();
      if (!this.running) break;
      if (outcome === "failed") {
        await this.signal.wait(this.backoffMs(), false);
      } else {
        await this.signal.wait(this.pollIntervalMs, true);
      }
    }
  }

  private async drain(): Promise<BatchOutcome["kind"]> {
    while (this.running) {
      let outcome: BatchOutcome;
      try {
        outcome = await this.processBatch();
      } catch (error) {
        // PostgreSQL itself is unreachable: same treatment as a publisher outage.
        this.recordFailure(error);
        return "failed";
      }
      if (outcome.kind !== "published" || !outcome.more) return outcome.kind;
    }
    return "idle";
  }

  private async processBatch(): Promise<BatchOutcome> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      // The relay's commit only records rows as published; it need not wait for its WAL flush.
      // If a crash loses it, those rows are published again: NATS drops the copies by message id
      // within its duplicate window, and every consumer's inbox after it. At least once either way.
      await client.query("BEGIN; SET LOCAL synchronous_commit TO off");
      if (!(await this.repository.tryLockRelay(client))) {
        await client.query("ROLLBACK");
        return { kind: "busy" };
      }
      const rows = await this.repository.claimBatch(client, this.batchSize);
      if (rows.length === 0) {
        await client.query("COMMIT");
        this.recordSuccess();
        return { kind: "idle" };
      }
      // Pipelined: every row of the batch is sent, in seq order, before the first acknowledgement
      // is awaited (one connection, so the server stores them in that order). One ack round trip
      // per batch instead of one per row.
      const outcomes = await Promise.allSettled(rows.map((row) => this.publisher.publish(row.envelope)));
      // Only the rows before the first failure are marked: the failed one and those after it are
      // published again (the server de-duplicates those it already has by message id), so the
      // stream never holds a row whose predecessor is missing for good.
      const firstFailure = outcomes.findIndex((outcome) => outcome.status === "rejected");
      const published = (firstFailure === -1 ? rows : rows.slice(0, firstFailure)).map((row) => row.seq);
      const rejected = firstFailure === -1 ? undefined : outcomes[firstFailure];
      const failure = rejected?.status === "rejected" ? { error: rejected.reason as unknown } : undefined;
      await this.repository.markPublished(client, published);
      await client.query("COMMIT");
      if (failure) {
        this.recordFailure(failure.error);
        return { kind: "failed", count: published.length };
      }
      this.recordSuccess();
      return { kind: "published", count: published.length, more: rows.length === this.batchSize };
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private recordFailure(error: unknown): void {
    if (this.outage) {
      this.outage.failures += 1;
      return;
    }
    this.outage = { since: Date.now(), failures: 1 };
    // Once per outage, and only the error message: envelopes may carry personal data.
    this.logger.warn(
      { schema: this.schema, err: errorMessage(error) },
      "outbox relay cannot publish; events are kept and retried",
    );
  }

  private recordSuccess(): void {
    if (!this.outage) return;
    this.logger.info(
      { schema: this.schema, outageMs: Date.now() - this.outage.since, failures: this.outage.failures },
      "outbox relay publishing again",
    );
    this.outage = undefined;
  }

  private backoffMs(): number {
    const failures = this.outage?.failures ?? 1;
    return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.min(failures - 1, 16));
  }

  /** Best effort: when LISTEN is unavailable, polling still delivers, only with more latency. */
  private async listen(): Promise<void> {
    if (this.listener) return;
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      const listener = client;
      listener.on("notification", () => this.signal.notify());
      listener.on("error", () => this.dropListener(listener));
      await listener.query(`LISTEN "${outboxChannel(this.schema)}"`);
      this.listener = listener;
    } catch {
      if (client) client.release(true);
    }
  }

  private dropListener(client: pg.PoolClient): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    client.release(true);
  }

  private unlisten(): void {
    // Destroyed rather than returned: a pooled connection must not keep listening.
    if (this.listener) this.dropListener(this.listener);
  }

  private async purgeIfDue(): Promise<void> {
    if (Date.now() - this.lastPurge < this.purgeIntervalMs) return;
    this.lastPurge = Date.now();
    try {
      // Small batches keep each DELETE short, so enqueuing transactions are never held up.
      while (
        this.running &&
        (await this.repository.purgePublished(this.pool, this.retentionMs, PURGE_BATCH)) === PURGE_BATCH
      );
    } catch (error) {
      this.logger.warn({ schema: this.schema, err: errorMessage(error) }, "outbox purge failed; will retry");
    }
  }
}
