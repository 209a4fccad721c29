import type pg from "pg";
import { summary } from "./process-stats.ts";

/** A timestamp as epoch milliseconds (float8, so pg returns a number). */
const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

/**
 * `guichet bench --compare --stages`: where the product's requests wait, from the timestamps its
 * services store, read from the bench database before it is dropped.
 *
 * One query returns, per request, the instants of its path through the four services, joined by
 * request id and by event id / causation id (each hop stores the id of the event it answers):
 *
 *   intake.request (id, received_at: the legal instant of receipt, taken by the HTTP handler)
 *   → intake.outbox request.received  (data.requestId = request.id)
 *   → routing.outbox request.routed   (causationId = intake's event_id)
 *   → notification.message acknowledgement (causation_event_id = routing's event_id)
 *   → notification.outbox acknowledgement.sent (data.messageId = message.message_id)
 *   → reporting.processed_event (consumer 'reporting', event_id = that acknowledgement.sent)
 * and the registration receipt, caused by request.received itself:
 *   intake.outbox request.received → notification.message registration (causation_event_id)
 *   → notification.outbox acknowledgement.sent → reporting.processed_event.
 *
 * What each instant is, and what cannot be measured:
 * - Rows written with `DEFAULT now()` (outbox created_at, message created_at, processed_at) carry
 *   the START of their transaction, not its commit: on these hot paths each is one statement
 *   (intake's request + outbox row, routing's decision + outbox row, notification's message), so
 *   that is when the statement began; its own duration and the commit fall into the next stage.
 * - published_at is set by the relay's batch transaction, also `now()`: the instant the relay
 *   BEGAN the batch (claim, publish, mark), so the JetStream publish round trip lands in the next
 *   stage, and a row committed just after the relay's BEGIN can show a slightly negative delay.
 * - Nothing stores when a consumer received a message from JetStream: "published → committed"
 *   is NATS delivery, the consumer's queue and its work together.
 * - Routing's decided_at is the Node clock before the statement; the outbox row (same statement)
 *   is used as "decision written" so that every routing instant comes from PostgreSQL's clock.
 * - The dispatcher's acknowledgement.sent outbox row shares the transaction that claimed the
 *   message BEFORE sending it, so its created_at precedes sent_at: the sent stage uses sent_at (the
 *   Node clock when the SMTP server accepted the message) and then the row's published_at.
 * - Reporting stores event times only in request_fact and timeline_event (acknowledged_at is the
 *   event's sentAt, occurred_at the envelope's); when it projected is its inbox claim
 *   (processed_event.processed_at, the start of the projecting transaction), which is what is used.
 * Every instant is on the same machine's clock (PostgreSQL's now() or the services' Date).
 */
const INSTANTS_SQL = `
SELECT ${ms("r.received_at")} AS received,
       ${ms("io.created_at")} AS "intakeWritten", ${ms("io.published_at")} AS "intakePublished",
       ${ms("ro.created_at")} AS "routingWritten", ${ms("ro.published_at")} AS "routingPublished",
       ${ms("ma.created_at")} AS "ackQueued", ${ms("ma.sent_at")} AS "ackSent",
       ${ms("na.published_at")} AS "ackPublished", ${ms("pa.processed_at")} AS "ackProjected",
       ${ms("mr.created_at")} AS "registrationQueued", ${ms("mr.sent_at")} AS "registrationSent",
       ${ms("nr.published_at")} AS "registrationPublished", ${ms("pr.processed_at")} AS "registrationProjected"
  FROM intake.request r
  JOIN intake.outbox io ON io.type = 'request.received' AND (io.envelope -> 'data' ->> 'requestId')::uuid = r.id
  LEFT JOIN routing.outbox ro ON ro.type = 'request.routed' AND ro.envelope ->> 'causationId' = io.event_id
  LEFT JOIN notification.message ma
    ON ma.kind = 'acknowledgement' AND ma.dedupe_key = '' AND ma.causation_event_id = ro.event_id
  LEFT JOIN notification.outbox na
    ON na.type = 'acknowledgement.sent' AND na.envelope -> 'data' ->> 'messageId' = ma.message_id
  LEFT JOIN reporting.processed_event pa ON pa.consumer = 'reporting' AND pa.event_id = na.event_id
  LEFT JOIN notification.message mr
    ON mr.kind = 'registration' AND mr.dedupe_key = '' AND mr.causation_event_id = io.event_id
  LEFT JOIN notification.outbox nr
    ON nr.type = 'acknowledgement.sent' AND nr.envelope -> 'data' ->> 'messageId' = mr.message_id
  LEFT JOIN reporting.processed_event pr ON pr.consumer = 'reporting' AND pr.event_id = nr.event_id
 WHERE r.id = ANY($1::uuid[])`;

interface Instants {
  received: number;
  intakeWritten: number;
  intakePublished: number;
  routingWritten: number | null;
  routingPublished: number | null;
  ackQueued: number | null;
  ackSent: number | null;
  ackPublished: number | null;
  ackProjected: number | null;
  registrationQueued: number | null;
  registrationSent: number | null;
  registrationPublished: number | null;
  registrationProjected: number | null;
}

type Instant = keyof Instants;

interface StageDefinition {
  key: string;
  label: string;
  from: Instant;
  to: Instant;
}

const stage = (key: string, label: string, from: Instant, to: Instant): StageDefinition => ({ key, label, from, to });

/**
 * The two paths, each a chain of consecutive instants: over the requests that have every instant
 * of a path, its stages add up to its total, request by request (so their means add up exactly).
 */
const PATHS: { path: "acknowledgement" | "registration"; stages: StageDefinition[]; totals: StageDefinition[] }[] = [
  {
    path: "acknowledgement",
    stages: [
      stage("intake.written", "intake : reçue → demande et outbox écrites", "received", "intakeWritten"),
      stage(
        "intake.published",
        "intake : outbox → request.received publié (relais)",
        "intakeWritten",
        "intakePublished",
      ),
      stage(
        "routing.written",
        "routing : request.received publié → décision écrite",
        "intakePublished",
        "routingWritten",
      ),
      stage(
        "routing.published",
        "routing : décision → request.routed publié (relais)",
        "routingWritten",
        "routingPublished",
      ),
      stage(
        "notification.queued",
        "notification : request.routed publié → accusé en file",
        "routingPublished",
        "ackQueued",
      ),
      stage("notification.sent", "notification : accusé en file → envoyé (SMTP)", "ackQueued", "ackSent"),
      stage("notification.published", "notification : envoyé → acknowledgement.sent publié", "ackSent", "ackPublished"),
      stage("reporting.projected", "reporting : acknowledgement.sent publié → projeté", "ackPublished", "ackProjected"),
    ],
    totals: [
      stage("total.sent", "total : réception → accusé envoyé", "received", "ackSent"),
      stage("total.projected", "total : réception → accusé projeté", "received", "ackProjected"),
    ],
  },
  {
    path: "registration",
    stages: [
      stage(
        "registration.queued",
        "enregistrement : request.received publié → accusé en file",
        "intakePublished",
        "registrationQueued",
      ),
      stage("registration.sent", "enregistrement : en file → envoyé (SMTP)", "registrationQueued", "registrationSent"),
      stage(
        "registration.published",
        "enregistrement : envoyé → acknowledgement.sent publié",
        "registrationSent",
        "registrationPublished",
      ),
      stage(
        "registration.projected",
        "enregistrement : acknowledgement.sent publié → projeté",
        "registrationPublished",
        "registrationProjected",
      ),
    ],
    totals: [
      stage("registration.total", "total : réception → accusé d’enregistrement envoyé", "received", "registrationSent"),
    ],
  },
];

export interface StageFigures {
  key: string;
  label: string;
  path: "acknowledgement" | "registration";
  /** Requests with every instant of the path (the same for each stage of a path). */
  requests: number;
  p50: number;
  p99: number;
  mean: number;
}

export interface StageBreakdown {
  /** Requests asked about (the saturation phase's accepted requests). */
  requests: number;
  stages: StageFigures[];
}

/** p50, p99 and mean of each stage's delay (ms) over the given requests of the product's database. */
export async function stageBreakdown(pool: pg.Pool, requestIds: string[]): Promise<StageBreakdown> {
  const { rows } = await pool.query<Instants>(INSTANTS_SQL, [requestIds]);
  const stages = PATHS.flatMap(({ path, stages: chain, totals }) => {
    const used = new Set<Instant>(chain.flatMap((s) => [s.from, s.to]));
    const complete = rows.filter((row) => [...used].every((instant) => row[instant] !== null));
    return [...chain, ...totals].map(({ key, label, from, to }): StageFigures => {
      const delays = complete.map((row) => (row[to] ?? Number.NaN) - (row[from] ?? Number.NaN));
      const { p50, p99 } = summary(delays);
      const mean = delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : Number.NaN;
      return { key, label, path, requests: complete.length, p50, p99, mean };
    });
  });
  return { requests: requestIds.length, stages };
}

/** The breakdown as a French table: one row per stage, p50 and p99 in ms. */
export function renderStages(label: string, breakdown: StageBreakdown): string {
  const fmt = (ms: number) => (Number.isNaN(ms) ? "—" : ms.toFixed(0));
  const counts = PATHS.map(({ path }) => {
    const n = breakdown.stages.find((s) => s.path === path)?.requests ?? 0;
    return `${path === "acknowledgement" ? "accusé de réception" : "accusé d’enregistrement"} : ${n}`;
  });
  const rows = [["étape (ms)", "p50", "p99"], ...breakdown.stages.map((s) => [s.label, fmt(s.p50), fmt(s.p99)])];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return [
    `Où attendent les demandes (${label}, saturation, ${breakdown.requests} demandes ; chemins complets — ${counts.join(", ")}) :`,
    ...rows.map((r) =>
      r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  "),
    ),
  ].join("\n");
}
