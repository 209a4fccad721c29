import { createEvent, type SlaMeasure } from "@guichet/contracts";
import { type Outbox, withPgTransaction } from "@guichet/db";
import type pg from "pg";
import type { SlaCatalogue } from "../catalogue/sla-catalogue.ts";
import { calendarOf } from "../projections/sla-deadlines.ts";
import { alertsDue } from "./sla-alert.policy.ts";

interface CandidateRow {
  request_id: string;
  reference: string;
  service_id: string;
  calendar_id: string | null;
  received_at: Date;
  acknowledgement: Date | null;
  first_response: Date | null;
  resolution: Date | null;
  decision: Date | null;
  raised: string[];
}

/**
 * Raises sla.alert for requests nearing or past a deadline, through the outbox: the row in
 * sla_alert_raised (at most one per request, measure and level) and the event commit together.
 */
export class RaiseSlaAlertsUseCase {
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly outbox: Outbox,
    private readonly catalogue: SlaCatalogue,
    private readonly nearingRatio: number,
  ) {}

  async execute(now: Date): Promise<number> {
    const candidates = await this.pool.query<CandidateRow>(
      `SELECT request_id, reference, service_id, calendar_id, received_at,
         CASE WHEN acknowledged_at IS NULL THEN acknowledgement_due_at END AS acknowledgement,
         CASE WHEN first_response_at IS NULL AND closed_at IS NULL THEN first_response_due_at END AS first_response,
         CASE WHEN closed_at IS NULL THEN resolution_due_at END AS resolution,
         CASE WHEN closed_at IS NULL THEN decision_due_at END AS decision,
         ARRAY(SELECT a.measure || ':' || a.level FROM "${this.schema}".sla_alert_raised a WHERE a.request_id = f.request_id) AS raised
       FROM "${this.schema}".request_fact f
       WHERE received_at IS NOT NULL AND service_id IS NOT NULL AND (closed_at IS NULL OR acknowledged_at IS NULL)
         AND received_at > $1::timestamptz - interval '400 days'`,
      [now],
    );
    let raised = 0;
    for (const row of candidates.rows) {
      const calendar = calendarOf(this.catalogue, { calendarId: row.calendar_id, serviceId: row.service_id });
      const open: Partial<Record<SlaMeasure, Date | null>> = {
        acknowledgement: row.acknowledgement,
        "first-response": row.first_response,
        resolution: row.resolution,
        decision: row.decision,
      };
      const decisions = alertsDue(
        calendar,
        { receivedAt: row.received_at, open, raised: new Set(row.raised) },
        now,
        this.nearingRatio,
      );
      if (decisions.length === 0) continue;
      await withPgTransaction(this.pool, async (tx) => {
        for (const decision of decisions) {
          const inserted = await tx.$executeRawUnsafe(
            `INSERT INTO "${this.schema}".sla_alert_raised (request_id, measure, level, deadline, raised_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
            row.request_id,
            decision.measure,
            decision.level,
            decision.deadline,
            now,
          );
          if (inserted !== 1) continue;
          raised += 1;
          await this.outbox.enqueue(
            tx,
            createEvent("slaAlert", {
              requestId: row.request_id,
              reference: row.reference,
              serviceId: row.service_id,
              measure: decision.measure,
              level: decision.level,
              deadline: decision.deadline.toISOString(),
              raisedAt: now.toISOString(),
            }),
          );
        }
      });
    }
    return raised;
  }
}
