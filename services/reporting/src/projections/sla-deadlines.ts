import {
  addBusinessHours,
  addCalendarDuration,
  addJoursOuvres,
  businessHoursBetween,
  type Calendar,
  endOfLocalDay,
  formatWithOffset,
  type Interval,
} from "@guichet/calendar";
import type { SlaCatalogue } from "../catalogue/sla-catalogue.ts";

/** The facts of one request that its deadlines and delays depend on. */
export interface SlaInputs {
  receivedAt: Date | null;
  channel: string | null;
  serviceId: string | null;
  calendarId: string | null;
  acknowledgementTargetDays: number | null;
  firstResponseTargetDays: number | null;
  resolutionTargetDays: number | null;
  decisionDelay: string | null;
  registrationSentAt: Date | null;
  acknowledgedAt: Date | null;
  firstResponseAt: Date | null;
  closedAt: Date | null;
  /** Waiting-for-the-citizen intervals; an open one has end = null. */
  pauses: readonly { start: Date; end: Date | null }[];
}

export interface SlaFigures {
  registrationDueAt: Date | null;
  acknowledgementDueAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  decisionDueAt: Date | null;
  registrationHours: number | null;
  acknowledgementHours: number | null;
  firstResponseHours: number | null;
  resolutionHours: number | null;
  pausedHours: number;
}

/** Channels on which the law asks for an electronic registration receipt (L112-8, L112-11). */
const ELECTRONIC = new Set(["web", "email"]);

/**
 * Targets in "business days" are jours ouvrés: the deadline is the end of the Nth jour ouvré after
 * the day of receipt (0 = the end of the day of receipt). Delays are measured in business hours on
 * the handling service's calendar, so medians read "3.5 h ouvrées" whatever the weekends and
 * holidays in between.
 */
function joursOuvresDeadline(from: Date, days: number, timeZone?: string): Date {
  if (days > 0) return addJoursOuvres(from, days, { timeZone });
  return endOfLocalDay(formatWithOffset(from, timeZone).slice(0, 10), timeZone);
}

export function calendarOf(catalogue: SlaCatalogue, inputs: Pick<SlaInputs, "calendarId" | "serviceId">): Calendar {
  const byId = inputs.calendarId ? catalogue.calendars.get(inputs.calendarId) : undefined;
  const byService = inputs.serviceId ? catalogue.serviceCalendars.get(inputs.serviceId) : undefined;
  const fallback = catalogue.calendars.get(byService ?? catalogue.defaultCalendarId);
  const calendar = byId ?? fallback;
  if (!calendar) throw new Error(`no calendar for service ${inputs.serviceId ?? "(none)"}`);
  return calendar;
}

/**
 * Deadlines and measured delays of one request. Pure: the projection calls it after every event of
 * the request, so replays and redeliveries always end with the same figures.
 *
 * Resolution: waiting-citizen pauses move the deadline later by the open time they cover on the
 * service's calendar (the calendar module's rule for paused clocks), and are subtracted from the
 * measured resolution delay. An open pause counts up to `now`.
 */
export function computeSlaFigures(catalogue: SlaCatalogue, inputs: SlaInputs, now: Date): SlaFigures {
  const received = inputs.receivedAt;
  const calendar = calendarOf(catalogue, inputs);
  // The clock stops at closing: an open pause, and the paused time, count up to then (or now).
  const clockEnd = inputs.closedAt ?? now;
  const pauses: Interval[] = inputs.pauses.map((p) => ({ start: p.start, end: p.end ?? maxDate(p.start, clockEnd) }));
  const hours = (to: Date | null, withPauses = false) =>
    received && to ? round(businessHoursBetween(calendar, received, to, withPauses ? pauses : undefined)) : null;
  const pausedHours =
    received && pauses.length > 0
      ? round(
          businessHoursBetween(calendar, received, maxDate(received, clockEnd)) -
            businessHoursBetween(calendar, received, maxDate(received, clockEnd), pauses),
        )
      : 0;
  const tz = calendar.timeZone;
  const due = (days: number | null) => (received && days !== null ? joursOuvresDeadline(received, days, tz) : null);
  const resolutionBase = due(inputs.resolutionTargetDays);
  return {
    registrationDueAt:
      received && inputs.channel && ELECTRONIC.has(inputs.channel)
        ? new Date(received.getTime() + catalogue.defaults.registrationReceiptMinutes * 60_000)
        : null,
    acknowledgementDueAt: due(inputs.acknowledgementTargetDays),
    firstResponseDueAt: due(inputs.firstResponseTargetDays),
    resolutionDueAt:
      resolutionBase && pausedHours > 0 ? addBusinessHours(calendar, resolutionBase, pausedHours) : resolutionBase,
    decisionDueAt:
      received && inputs.decisionDelay ? addCalendarDuration(received, inputs.decisionDelay, { timeZone: tz }) : null,
    // The registration receipt is a matter of minutes: measured in real time, as hours.
    registrationHours:
      received && inputs.registrationSentAt
        ? round((inputs.registrationSentAt.getTime() - received.getTime()) / 3_600_000)
        : null,
    acknowledgementHours: hours(inputs.acknowledgedAt),
    firstResponseHours: hours(inputs.firstResponseAt),
    resolutionHours: hours(inputs.closedAt, true),
    pausedHours,
  };
}

function maxDate(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

/** To the second: enough for reports, stable across replays, and exact in the rollup (int32 seconds). */
function round(value: number): number {
  return Math.round(value * 3600) / 3600;
}
