import { stringify } from "yaml";
import type { Catalog, CatalogService, CatalogSubject } from "./catalog.ts";

/**
 * Writes a catalogue back in the YAML shape `parseCatalog` reads. Only what each entry declared is
 * written (not the resolved defaults), so an exported file stays the file its editors know, and a
 * later change of a default still applies to the subjects that never overrode it.
 */
export function serializeCatalog(catalog: Catalog): string {
  const document = {
    commune: {
      name: catalog.commune.name,
      timezone: catalog.commune.timezone,
      public_holidays: catalog.commune.publicHolidays,
      reference_prefix: catalog.commune.referencePrefix,
    },
    defaults: {
      targets: {
        registration_receipt_minutes: catalog.defaults.targets.registrationReceiptMinutes,
        acknowledgement_business_days: catalog.defaults.targets.acknowledgementBusinessDays,
        first_response_business_days: catalog.defaults.targets.firstResponseBusinessDays,
        resolution_business_days: catalog.defaults.targets.resolutionBusinessDays,
      },
      ...(catalog.defaults.decisionDelay === null ? {} : { decision_delay: catalog.defaults.decisionDelay }),
    },
    calendars: Object.fromEntries(catalog.calendars.map((c) => [c.id, c.weekly])),
    sites: catalog.sites.map((s) =>
      compact({
        id: s.id,
        name: s.name,
        commune_deleguee: s.communeDeleguee,
        kind: s.kind,
        calendar: s.calendarId,
        address: s.address,
        phone: s.phone,
      }),
    ),
    services: catalog.services.map(serviceEntry),
    subjects: catalog.subjects.map(subjectEntry),
    ...(catalog.rules.length === 0
      ? {}
      : {
          rules: catalog.rules.map((r) =>
            compact({
              id: r.id,
              subject: r.subjectId,
              priority: r.priority === 1 ? null : r.priority,
              phrases: r.phrases.length ? r.phrases : null,
              channels: r.channels.length ? r.channels : null,
              sites: r.sites.length ? r.sites : null,
              communes: r.communes.length ? r.communes : null,
            }),
          ),
        }),
  };
  return stringify(document, { lineWidth: 0 });
}

function serviceEntry(s: CatalogService): Record<string, unknown> {
  return compact({
    id: s.id,
    name: s.name,
    // "service" is the default role: leaving it out keeps exports identical to hand-written files.
    role: s.role === "service" ? null : s.role,
    email: s.email,
    phone: s.phone,
    calendar: s.calendarId,
    site: s.declared.siteId,
    address: s.declared.address,
  });
}

function subjectEntry(s: CatalogSubject): Record<string, unknown> {
  return compact({
    id: s.id,
    service: s.serviceId,
    label: s.label,
    regime: s.regime,
    decision_delay: s.declared.decisionDelay,
    acknowledgement_business_days: s.declared.targets.acknowledgementBusinessDays ?? null,
    first_response_business_days: s.declared.targets.firstResponseBusinessDays ?? null,
    resolution_business_days: s.declared.targets.resolutionBusinessDays ?? null,
    keywords: s.keywords,
  });
}

/** Drops null fields: the YAML format expresses "absent" by omission. */
function compact(entry: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== null && value !== undefined));
}
