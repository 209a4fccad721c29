import { readFileSync } from "node:fs";
import { type Calendar, loadCalendars } from "@guichet/calendar";
import { parse } from "yaml";
import { z } from "zod";

/**
 * What reporting needs from the catalogue file: the calendars (the routing snapshot names a
 * calendar id but does not carry its opening hours), each service's calendar (for requests that
 * reach a service without a snapshot: triage), and the default targets. Reporting reads the same
 * file as routing (GUICHET_CATALOG_FILE) instead of routing's tables: no service reads another's
 * schema, and the calendar definitions are reference data, identical for every service.
 */
export interface SlaCatalogue {
  /** commune.name: the town pages and reports speak for. */
  townName: string;
  calendars: ReadonlyMap<string, Calendar>;
  serviceCalendars: ReadonlyMap<string, string>;
  defaultCalendarId: string;
  defaults: {
    registrationReceiptMinutes: number;
    acknowledgementBusinessDays: number;
    firstResponseBusinessDays: number;
    resolutionBusinessDays: number;
    decisionDelay: string;
  };
}

const catalogueSchema = z.object({
  commune: z.object({ name: z.string().min(1) }),
  defaults: z.object({
    targets: z.object({
      registration_receipt_minutes: z.number().nonnegative().default(5),
      acknowledgement_business_days: z.number().int().nonnegative().default(1),
      first_response_business_days: z.number().int().nonnegative().default(5),
      resolution_business_days: z.number().int().nonnegative().default(20),
    }),
    decision_delay: z.string().default("P2M"),
  }),
  services: z.array(z.object({ id: z.string(), calendar: z.string().optional(), role: z.string().optional() })),
});

export function parseSlaCatalogue(yamlText: string): SlaCatalogue {
  const calendars = loadCalendars(yamlText);
  const parsed = catalogueSchema.parse(parse(yamlText));
  const serviceCalendars = new Map(
    parsed.services.filter((s) => s.calendar).map((s) => [s.id, s.calendar as string] as const),
  );
  const triage = parsed.services.find((s) => s.role === "triage");
  const defaultCalendarId =
    (triage && serviceCalendars.get(triage.id)) ?? serviceCalendars.values().next().value ?? [...calendars.keys()][0];
  if (!defaultCalendarId) throw new Error("the catalogue defines no calendar");
  const t = parsed.defaults.targets;
  return {
    townName: parsed.commune.name,
    calendars,
    serviceCalendars,
    defaultCalendarId,
    defaults: {
      registrationReceiptMinutes: t.registration_receipt_minutes,
      acknowledgementBusinessDays: t.acknowledgement_business_days,
      firstResponseBusinessDays: t.first_response_business_days,
      resolutionBusinessDays: t.resolution_business_days,
      decisionDelay: parsed.defaults.decision_delay,
    },
  };
}

export function loadSlaCatalogue(file: string): SlaCatalogue {
  return parseSlaCatalogue(readFileSync(file, "utf8"));
}
