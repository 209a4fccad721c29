import type { SqlExecutor } from "@guichet/db";
import type { SlaCatalogue } from "../catalogue/sla-catalogue.ts";
import { computeSlaFigures } from "./sla-deadlines.ts";

interface FactRow {
  received_at: Date | null;
  channel: string | null;
  service_id: string | null;
  calendar_id: string | null;
  acknowledgement_target_days: number | null;
  first_response_target_days: number | null;
  resolution_target_days: number | null;
  decision_delay: string | null;
  registration_sent_at: Date | null;
  acknowledged_at: Date | null;
  first_response_at: Date | null;
  closed_at: Date | null;
}

const asDate = (value: Date | string | null) => (value === null ? null : new Date(value));

/**
 * Recomputes a request's deadlines and delays from its projected facts. Requests not yet routed
 * (or only sent to triage) are measured against the catalogue's default targets.
 */
export async function refreshSlaFigures(
  tx: SqlExecutor,
  schema: string,
  catalogue: SlaCatalogue,
  requestId: string,
  now: Date,
): Promise<void> {
  const [fact] = await tx.$queryRawUnsafe<FactRow[]>(
    `SELECT received_at, channel, service_id, calendar_id, acknowledgement_target_days, first_response_target_days,
            resolution_target_days, decision_delay, registration_sent_at, acknowledged_at, first_response_at, closed_at
       FROM "${schema}".request_fact WHERE request_id = $1`,
    requestId,
  );
  if (!fact) return;
  const pauses = await tx.$queryRawUnsafe<{ started_at: Date; ended_at: Date | null }[]>(
    `SELECT started_at, ended_at FROM "${schema}".request_pause WHERE request_id = $1 ORDER BY started_at`,
    requestId,
  );
  const d = catalogue.defaults;
  const figures = computeSlaFigures(
    catalogue,
    {
      receivedAt: asDate(fact.received_at),
      channel: fact.channel,
      serviceId: fact.service_id,
      calendarId: fact.calendar_id,
      acknowledgementTargetDays: fact.acknowledgement_target_days ?? d.acknowledgementBusinessDays,
      firstResponseTargetDays: fact.first_response_target_days ?? d.firstResponseBusinessDays,
      resolutionTargetDays: fact.resolution_target_days ?? d.resolutionBusinessDays,
      decisionDelay: fact.decision_delay,
      registrationSentAt: asDate(fact.registration_sent_at),
      acknowledgedAt: asDate(fact.acknowledged_at),
      firstResponseAt: asDate(fact.first_response_at),
      closedAt: asDate(fact.closed_at),
      pauses: pauses.map((p) => ({ start: new Date(p.started_at), end: asDate(p.ended_at) })),
    },
    now,
  );
  await tx.$executeRawUnsafe(
    `UPDATE "${schema}".request_fact SET registration_due_at = $2, acknowledgement_due_at = $3, first_response_due_at = $4,
       resolution_due_at = $5, decision_due_at = $6, registration_hours = $7, acknowledgement_hours = $8,
       first_response_hours = $9, resolution_hours = $10, paused_hours = $11
     WHERE request_id = $1`,
    requestId,
    figures.registrationDueAt,
    figures.acknowledgementDueAt,
    figures.firstResponseDueAt,
    figures.resolutionDueAt,
    figures.decisionDueAt,
    figures.registrationHours,
    figures.acknowledgementHours,
    figures.firstResponseHours,
    figures.resolutionHours,
    figures.pausedHours,
  );
}
