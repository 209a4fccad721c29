import type { CitizenContact, RequestReceivedV1 } from "@guichet/contracts";
import type { Inbox, Outbox } from "@guichet/db";
import type pg from "pg";
import type { StoredContent } from "./message-composer.ts";
import { bindMessage, MESSAGE_COLUMNS, SqlParams } from "./queue-message.ts";
import type { ReceiptPlan } from "./receipt-plan.ts";

/** What request.routed needs to know from request.received and the triage queue (one read). */
export interface RoutingState {
  contact: CitizenContact;
  request: RequestReceivedV1;
  /** The request's triage deadline status; null when it never waited in triage. */
  triageStatus: string | null;
  /** The acknowledgement the triage scheduler sent, when it sent one. */
  firstAcknowledgement: StoredContent | null;
}

/** Every write of one event, applied only if the event claims the inbox. */
export interface ReceiptWrites extends ReceiptPlan {
  eventId: string;
  /** request.received: the citizen's contact, kept if the request is already known. */
  recipient?: RequestReceivedV1;
  /** request.routed: the service in charge, on the recipient. */
  routed?: {
    requestId: string;
    handling: unknown;
    routedAt: Date;
    /** The triage status the plan was made from: nothing is written if it changed meanwhile. */
    expectedTriageStatus: string | null;
  };
}

/** claimed: written; stale: nothing written because the triage status changed after it was read. */
export interface ReceiptOutcome {
  claimed: boolean;
  queued: boolean;
  stale: boolean;
}

const CONSUMER = "notification";

/**
 * The receipt handlers' queries through pg. Hot path (two events per request): every write of an
 * event (inbox claim, recipient, messages, outbox rows, triage deadline) is ONE statement with
 * data-modifying CTEs, each write selecting from the claim, as routing's decision does (ADR 0009):
 * one round trip, atomic, and a redelivered event writes nothing.
 */
export class ReceiptRepository {
  constructor(
    private readonly pool: pg.Pool,
    private readonly inbox: Inbox,
    private readonly outbox: Outbox,
  ) {}

  /** Null when request.received was not processed yet. */
  async routingState(requestId: string): Promise<RoutingState | null> {
    const { rows } = await this.pool.query<RoutingState>(
      `SELECT r.contact, r.request, t.status AS "triageStatus",
              CASE WHEN t.status = 'acknowledged' THEN
                (SELECT m.content FROM notification.message m
                  WHERE m.request_id = r.request_id AND m.kind = 'acknowledgement' AND m.dedupe_key = '')
              END AS "firstAcknowledgement"
         FROM notification.recipient r
         LEFT JOIN notification.triage_deadline t ON t.request_id = r.request_id
        WHERE r.request_id = $1::uuid`,
      [requestId],
    );
    return rows[0] ?? null;
  }

  async apply(writes: ReceiptWrites): Promise<ReceiptOutcome> {
    const p = new SqlParams();
    const eventId = p.add(writes.eventId, "text");
    const ctes: string[] = [];
    // Read in the statement's snapshot: a redelivery is told apart from a stale plan.
    ctes.push(
      `seen AS (SELECT 1 FROM ${this.inbox.tableName} WHERE consumer = '${CONSUMER}' AND event_id = ${eventId})`,
    );
    let guard = "TRUE";
    const routed = writes.routed;
    if (routed) {
      const requestId = p.add(routed.requestId, "uuid");
      if (routed.expectedTriageStatus === null) {
        guard = `NOT EXISTS (SELECT 1 FROM notification.triage_deadline WHERE request_id = ${requestId})`;
      } else {
        // Locks the deadline row as the triage scheduler does; re-checked after a concurrent change.
        ctes.push(`triage AS (
          UPDATE notification.triage_deadline
             SET status = CASE WHEN status = 'waiting' THEN 'routed' ELSE status END,
                 routed_at = COALESCE(routed_at, ${p.add(routed.routedAt, "timestamptz")})
           WHERE request_id = ${requestId} AND status = ${p.add(routed.expectedTriageStatus, "text")}
             AND NOT EXISTS (SELECT 1 FROM seen)
          RETURNING 1)`);
        guard = "EXISTS (SELECT 1 FROM triage)";
      }
    }
    ctes.push(`claim AS (
      INSERT INTO ${this.inbox.tableName} (consumer, event_id) SELECT '${CONSUMER}', ${eventId} WHERE ${guard}
      ON CONFLICT DO NOTHING RETURNING 1)`);
    if (writes.recipient) ctes.push(this.recipientInsert(p, writes.recipient));
    if (routed) {
      ctes.push(`handling AS (
        UPDATE notification.recipient SET handling = ${p.add(JSON.stringify(routed.handling), "jsonb")}
         WHERE request_id = ${p.add(routed.requestId, "uuid")} AND EXISTS (SELECT 1 FROM claim) RETURNING 1)`);
    }
    const queued = writes.messages.map((message, index) => {
      ctes.push(`m${index} AS (
        INSERT INTO notification.message (${MESSAGE_COLUMNS}) SELECT ${bindMessage(p, message)} FROM claim
        ON CONFLICT (request_id, kind, dedupe_key) DO NOTHING RETURNING 1)`);
      return `(SELECT count(*) FROM m${index})`;
    });
    if (writes.events.length > 0) {
      const rows = writes.events.map((envelope) => {
        const [id, type, version, json] = this.outbox.rowOf(envelope);
        return `(${p.add(id, "text")}, ${p.add(type, "text")}, ${p.add(version, "integer")}, ${p.add(json, "jsonb")})`;
      });
      ctes.push(`events AS (
        INSERT INTO ${this.outbox.tableName} (event_id, type, version, envelope)
        SELECT * FROM (VALUES ${rows.join(", ")}) AS v WHERE EXISTS (SELECT 1 FROM claim) RETURNING 1)`);
    }
    const { rows } = await this.pool.query<{ claimed: boolean; seen: boolean; queued: number }>(
      `WITH ${ctes.join(",\n")}
       SELECT EXISTS (SELECT 1 FROM claim) AS claimed, EXISTS (SELECT 1 FROM seen) AS seen,
              (${["0", ...queued].join(" + ")})::integer AS queued`,
      p.values,
    );
    const [row] = rows;
    if (!row) throw new Error("receipt statement returned no row");
    // Not claimed and not seen before: another instance claimed it meanwhile, or the guard failed.
    return { claimed: row.claimed, queued: row.queued > 0, stale: !row.claimed && !row.seen };
  }

  private recipientInsert(p: SqlParams, request: RequestReceivedV1): string {
    return `recipient AS (
      INSERT INTO notification.recipient (request_id, reference, channel, received_at, contact, request)
      SELECT ${p.add(request.requestId, "uuid")}, ${p.add(request.reference, "text")}, ${p.add(request.channel, "text")},
             ${p.add(new Date(request.receivedAt), "timestamptz")}, ${p.add(JSON.stringify(request.citizen), "jsonb")},
             ${p.add(JSON.stringify(request), "jsonb")}
        FROM claim
      ON CONFLICT (request_id) DO NOTHING RETURNING 1)`;
  }
}
