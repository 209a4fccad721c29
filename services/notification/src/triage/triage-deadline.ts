import { addJoursOuvres } from "@guichet/calendar";
import type { HandlingSnapshot } from "@guichet/contracts";
import type { TriageConfig } from "../config.ts";
import { LEGAL_TIME_ZONE } from "../messages/paris-date.util.ts";

/**
 * When a request waiting in triage must be acknowledged. The target is counted like the
 * catalogue's targets: N jours ouvrés (Monday–Friday, French public holidays excluded, Europe/Paris)
 * after the day of receipt, the deadline being the end of the Nth one (@guichet/calendar). The
 * acknowledgement leaves `marginMinutes` before it, and at once when that moment has passed.
 */
export function triageAcknowledgementDue(
  receivedAt: Date,
  triage: Pick<TriageConfig, "acknowledgementBusinessDays" | "marginMinutes">,
): { deadline: Date; dueAt: Date } {
  const deadline = addJoursOuvres(receivedAt, triage.acknowledgementBusinessDays, { timeZone: LEGAL_TIME_ZONE });
  const dueAt = new Date(Math.max(receivedAt.getTime(), deadline.getTime() - triage.marginMinutes * 60_000));
  return { deadline, dueAt };
}

/** The reception (triage) service as the acknowledgement names it: no subject, so no regime yet. */
export function triageHandling(triageServiceId: string, triage: TriageConfig): HandlingSnapshot {
  return {
    service: {
      id: triageServiceId,
      name: triage.service.name,
      email: triage.service.email,
      phone: triage.service.phone,
      postalAddress: triage.service.postalAddress,
      calendarId: null,
    },
    subject: null,
    targets: {
      acknowledgementBusinessDays: triage.acknowledgementBusinessDays,
      // No commitment on a first answer can be made before the request is qualified.
      firstResponseBusinessDays: 0,
      resolutionBusinessDays: 0,
    },
  };
}
