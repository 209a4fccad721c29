import { createHash } from "node:crypto";
import type pg from "pg";
import { emailMatchHash } from "../projections/timeline-summary.ts";
import type { TimelineEventRow } from "./citizen-timeline.ts";

export interface CitizenRequest {
  reference: string;
  receivedAt: Date | null;
  decisionDueAt: Date | null;
  closed: boolean;
  events: TimelineEventRow[];
}

/** Finds a request for its citizen: by reference + e-mail hash, or by the private link's token hash. */
export class FollowUpQuery {
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly matchKey: string,
  ) {}

  byReferenceAndEmail(reference: string, email: string): Promise<CitizenRequest | null> {
    return this.find("reference = $1 AND email_match_hash = $2", [
      reference,
      emailMatchHash(this.matchKey, reference, email),
    ]);
  }

  byToken(token: string): Promise<CitizenRequest | null> {
    return this.find("tracking_token_hash = $1", [createHash("sha256").update(token).digest("hex")]);
  }

  private async find(where: string, values: unknown[]): Promise<CitizenRequest | null> {
    const facts = await this.pool.query<{
      request_id: string;
      reference: string;
      received_at: Date | null;
      decision_due_at: Date | null;
      closed_at: Date | null;
    }>(
      `SELECT request_id, reference, received_at, decision_due_at, closed_at FROM "${this.schema}".request_fact WHERE ${where} LIMIT 1`,
      values,
    );
    const fact = facts.rows[0];
    if (!fact) return null;
    const events = await this.pool.query<TimelineEventRow>(
      `SELECT type, occurred_at, summary FROM "${this.schema}".timeline_event WHERE request_id = $1 ORDER BY occurred_at, stream_seq`,
      [fact.request_id],
    );
    return {
      reference: fact.reference,
      receivedAt: fact.received_at,
      decisionDueAt: fact.decision_due_at,
      closed: fact.closed_at !== null,
      events: events.rows,
    };
  }
}
