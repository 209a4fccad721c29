import { type Envelope, events, parseEvent, subjectOf } from "@guichet/contracts";
import { createPool, Inbox, migrate, withPgTransaction } from "@guichet/db";
import { DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { loadSlaCatalogue } from "../catalogue/sla-catalogue.ts";
import type { ReportingConfig } from "../config.ts";
import { ProjectEventUseCase } from "../projections/project-event.usecase.ts";
import { REPORTING_SCHEMA } from "../reporting.schema.ts";

export interface RebuildResult {
  events: number;
  skipped: number;
  requests: number;
  calls: number;
  durationMs: number;
}

const BATCH = 500;
const PROJECTIONS = [
  "request_fact",
  "timeline_event",
  "request_pause",
  "call_fact",
  "survey_invitation",
  "appointment_fact",
  "sla_service_day",
  "sla_service_month",
  "sla_rollup_dirty",
];

/**
 * Truncates the projections and replays the whole stream through the same projection code as the
 * live consumer, with an ephemeral ordered consumer (no durable state on the server, messages in
 * stream order). Idempotent: running it twice gives the same tables. Alerts already raised
 * (sla_alert_raised) are kept so that a rebuild never alerts twice.
 */
export async function rebuildProjections(
  config: ReportingConfig,
  log: (line: string) => void = () => undefined,
): Promise<RebuildResult> {
  const started = performance.now();
  const schema = REPORTING_SCHEMA;
  await migrate({
    connectionString: config.infrastructure.databaseUrl,
    schema,
    migrationsDir: new URL("../../migrations", import.meta.url).pathname,
  });
  const pool = createPool(config.infrastructure.databaseUrl, { applicationName: "guichet-reporting-rebuild" });
  const nc = await connect({ servers: config.infrastructure.natsUrl, name: "guichet-reporting-rebuild" });
  try {
    const inbox = new Inbox(schema);
    const project = new ProjectEventUseCase(pool, inbox, {
      schema,
      catalogue: loadSlaCatalogue(config.catalogFile),
      matchKey: config.matchKey,
    });
    await withPgTransaction(pool, async (tx) => {
      await tx.$executeRawUnsafe(`TRUNCATE ${PROJECTIONS.map((t) => `"${schema}".${t}`).join(", ")}`);
      await tx.$executeRawUnsafe(`DELETE FROM "${schema}".processed_event WHERE consumer = 'reporting'`);
    });
    const jsm = await jetstreamManager(nc);
    // No stream yet (nothing ever published in this namespace): an empty replay.
    const stream = await jsm.streams
      .find(subjectOf(config.infrastructure.namespace, events.requestReceived))
      .catch(() => null);
    const lastSeq = stream ? (await jsm.streams.info(stream)).state.last_seq : 0;
    let seen = 0;
    let skipped = 0;
    if (stream && lastSeq > 0) {
      const consumer = await jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.All });
      let batch: { envelope: Envelope; seq: number }[] = [];
      const flush = async () => {
        const current = batch;
        batch = [];
        await withPgTransaction(pool, async (tx) => {
          for (const { envelope, seq } of current) await project.apply(tx, envelope, seq);
        });
      };
      const messages = await consumer.consume({ max_messages: BATCH });
      for await (const message of messages) {
        seen += 1;
        try {
          batch.push({ envelope: parseEvent(message.data), seq: message.seq });
        } catch {
          skipped += 1; // dead letters and unparsable messages: the live consumer skips them too
        }
        if (batch.length >= BATCH) await flush();
        if (seen % 10_000 === 0) log(`${seen} / ${lastSeq}`);
        if (message.seq >= lastSeq) break;
      }
      await flush();
    }
    const counts = await pool.query<{ requests: number; calls: number }>(
      `SELECT (SELECT count(*)::int FROM "${schema}".request_fact) AS requests, (SELECT count(*)::int FROM "${schema}".call_fact) AS calls`,
    );
    return {
      events: seen - skipped,
      skipped,
      requests: counts.rows[0]?.requests ?? 0,
      calls: counts.rows[0]?.calls ?? 0,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await nc.close();
    await pool.end();
  }
}
