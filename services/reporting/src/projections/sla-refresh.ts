import type { SqlExecutor } from "@guichet/db";
import type { SlaCatalogue } from "../catalogue/sla-catalogue.ts";
import { computeSlaFigures, type SlaFigures } from "./sla-deadlines.ts";

/** The request_fact columns the deadlines and delays are computed from. */
const INPUT_COLUMNS = [
  "received_at",
  "channel",
  "service_id",
  "calendar_id",
  "acknowledgement_target_days",
  "first_response_target_days",
  "resolution_target_days",
  "decision_delay",
  "registration_sent_at",
  "acknowledged_at",
  "first_response_at",
  "closed_at",
] as const;

/** Where each figure is stored in request_fact. */
const FIGURE_COLUMNS = {
  registrationDueAt: "registration_due_at",
  acknowledgementDueAt: "acknowledgement_due_at",
  firstResponseDueAt: "first_response_due_at",
  resolutionDueAt: "resolution_due_at",
  decisionDueAt: "decision_due_at",
  registrationHours: "registration_hours",
  acknowledgementHours: "acknowledgement_hours",
  firstResponseHours: "first_response_hours",
  resolutionHours: "resolution_hours",
  pausedHours: "paused_hours",
} as const satisfies Record<keyof SlaFigures, string>;

type FigureName = keyof typeof FIGURE_COLUMNS;
const FIGURES = Object.keys(FIGURE_COLUMNS) as FigureName[];

/** The columns a projecting statement returns for refreshSlaFigures: the inputs and the stored figures. */
export const SLA_FACT_COLUMNS = [...INPUT_COLUMNS, ...Object.values(FIGURE_COLUMNS)].join(", ");

/** A request_fact row as SLA_FACT_COLUMNS returns it (pg parses timestamptz to Date, float8 to number). */
export type SlaFactRow = Record<(typeof INPUT_COLUMNS)[number], Date | string | number | null> &
  Record<(typeof FIGURE_COLUMNS)[FigureName], Date | number | null>;

const asDate = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));
const asNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const asText = (value: unknown) => (value === null || value === undefined ? null : String(value));

/**
 * Recomputes a request's deadlines and delays from its projected facts (the row as the projecting
 * statement left it, and its pauses), and writes them only when they differ from the stored ones:
 * most events after the first few change none, and an unchanged row needs no round trip. Requests
 * not yet routed (or only sent to triage) are measured against the catalogue's default targets.
 */
export async function refreshSlaFigures(
  tx: SqlExecutor,
  schema: string,
  catalogue: SlaCatalogue,
  requestId: string,
  fact: SlaFactRow,
  pauses: readonly { start: Date; end: Date | null }[],
  now: Date,
): Promise<void> {
  const d = catalogue.defaults;
  const figures = computeSlaFigures(
    catalogue,
    {
      receivedAt: asDate(fact.received_at),
      channel: asText(fact.channel),
      serviceId: asText(fact.service_id),
      calendarId: asText(fact.calendar_id),
      acknowledgementTargetDays: asNumber(fact.acknowledgement_target_days) ?? d.acknowledgementBusinessDays,
      firstResponseTargetDays: asNumber(fact.first_response_target_days) ?? d.firstResponseBusinessDays,
      resolutionTargetDays: asNumber(fact.resolution_target_days) ?? d.resolutionBusinessDays,
      decisionDelay: asText(fact.decision_delay),
      registrationSentAt: asDate(fact.registration_sent_at),
      acknowledgedAt: asDate(fact.acknowledged_at),
      firstResponseAt: asDate(fact.first_response_at),
      closedAt: asDate(fact.closed_at),
      pauses,
    },
    now,
  );
  if (FIGURES.every((name) => sameValue(fact[FIGURE_COLUMNS[name]], figures[name]))) return;
  await tx.$executeRawUnsafe(
    `UPDATE "${schema}".request_fact SET ${FIGURES.map((name, i) => `${FIGURE_COLUMNS[name]} = $${i + 2}`).join(", ")}
     WHERE request_id = $1`,
    requestId,
    ...FIGURES.map((name) => figures[name]),
  );
}

/** Stored (timestamptz(3) read back as Date, float8 as number) against computed. */
function sameValue(stored: Date | number | null, computed: Date | number | null): boolean {
  if (stored === null || computed === null) return stored === computed;
  if (computed instanceof Date) return stored instanceof Date && stored.getTime() === computed.getTime();
  return stored === computed;
}
