import type { Channel, HandlingSnapshot, LegalRegime } from "@guichet/contracts";

/**
 * The "who handles what" map, as the routing service uses it: every reference is resolved and every
 * default applied at load time, so the hot path (routing, acknowledgements) never re-derives them.
 */
export interface Catalog {
  commune: Commune;
  defaults: CatalogDefaults;
  calendars: WeeklyCalendar[];
  sites: Site[];
  services: CatalogService[];
  subjects: CatalogSubject[];
  /** The town's own routing rules, on top of the subjects' keywords (channel, site, commune, phrases). */
  rules: CatalogRule[];
}

/**
 * A routing rule of the catalogue. Conditions combine (all must hold); `phrases` match anywhere in
 * the subject line or body with the same French normalisation as keywords. `priority` multiplies a
 * phrase's weight (keywords weigh 1), or is the flat score of a rule without phrases.
 */
export interface CatalogRule {
  id: string;
  subjectId: string;
  priority: number;
  phrases: string[];
  channels: Channel[];
  sites: string[];
  /** Communes déléguées of the site of receipt (as written in the sites' `commune_deleguee`). */
  communes: string[];
}

export interface Commune {
  name: string;
  timezone: string;
  /** Holiday set understood by the calendar module (e.g. "FR"). */
  publicHolidays: string;
  /** Request references look like `<prefix>-2026-000123`. */
  referencePrefix: string;
}

export interface Targets {
  acknowledgementBusinessDays: number;
  firstResponseBusinessDays: number;
  resolutionBusinessDays: number;
}

export interface CatalogDefaults {
  targets: Targets & { registrationReceiptMinutes: number };
  /** ISO 8601 duration applied to sva/svr subjects that do not declare their own. */
  decisionDelay: string | null;
}

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
type Weekday = (typeof WEEKDAYS)[number];

/**
 * Kept as the raw weekly definition ("08:30-12:30"): the shared calendar module owns the arithmetic
 * (holidays, DST), routing only has to validate and carry the definition.
 */
export interface WeeklyCalendar {
  id: string;
  weekly: Partial<Record<Weekday, string[]>>;
}

export interface Site {
  id: string;
  name: string;
  communeDeleguee: string | null;
  kind: string;
  calendarId: string;
  address: string | null;
  phone: string | null;
}

type ServiceRole = "service" | "triage" | "partner";

export interface CatalogService {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  calendarId: string;
  role: ServiceRole;
  /** Resolved: the service's own address, else its site's, else the siège's (the AR must state one). */
  postalAddress: string | null;
  /** What the YAML declared, so that export writes back the same file rather than resolved values. */
  declared: { siteId: string | null; address: string | null };
}

export interface CatalogSubject {
  id: string;
  serviceId: string;
  label: string;
  regime: LegalRegime;
  /** Resolved: the subject's own delay, else the default for sva/svr, else null (no decision asked). */
  decisionDelay: string | null;
  /** Resolved: the subject's overrides on top of the defaults. */
  targets: Targets;
  keywords: string[];
  declared: { decisionDelay: string | null; targets: Partial<Targets> };
}

/** One problem found in a catalogue; `path` names the entry the way an editor of the YAML sees it. */
export interface CatalogProblem {
  path: string;
  message: string;
}

export class CatalogError extends Error {
  readonly problems: readonly CatalogProblem[];

  constructor(problems: readonly CatalogProblem[]) {
    const lines = problems.map((p) => (p.path ? `${p.path} : ${p.message}` : p.message));
    super(`catalogue refusé (${problems.length} problème${problems.length === 1 ? "" : "s"}) :\n${lines.join("\n")}`);
    this.name = "CatalogError";
    this.problems = problems;
  }
}

/** Thrown when code asks the catalogue for an id it does not hold (a programming or data-drift error). */
class CatalogLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CatalogLookupError";
  }
}

export function findService(catalog: Catalog, serviceId: string): CatalogService | undefined {
  return catalog.services.find((s) => s.id === serviceId);
}

export function findSubject(catalog: Catalog, subjectId: string): CatalogSubject | undefined {
  return catalog.subjects.find((s) => s.id === subjectId);
}

/** The loader guarantees exactly one triage service, so this only fails on a hand-built catalogue. */
export function triageService(catalog: Catalog): CatalogService {
  const service = catalog.services.find((s) => s.role === "triage");
  if (!service) throw new CatalogLookupError('the catalogue has no service with role "triage"');
  return service;
}

/**
 * The facts the acknowledgement must state, frozen at routing time (`handling` of request.routed.v1).
 * The subject's targets apply even when an agent re-routed it to another service: they belong to
 * the procedure, not to the desk.
 */
export function handlingSnapshot(catalog: Catalog, serviceId: string, subjectId: string | null): HandlingSnapshot {
  const service = findService(catalog, serviceId);
  if (!service) throw new CatalogLookupError(`service "${serviceId}" does not exist in the catalogue`);
  const subject = subjectId === null ? null : findSubject(catalog, subjectId);
  if (subject === undefined) throw new CatalogLookupError(`subject "${subjectId}" does not exist in the catalogue`);
  const { registrationReceiptMinutes: _ignored, ...defaultTargets } = catalog.defaults.targets;
  return {
    service: {
      id: service.id,
      name: service.name,
      email: service.email,
      phone: service.phone,
      postalAddress: service.postalAddress,
      calendarId: service.calendarId,
    },
    subject: subject
      ? { id: subject.id, label: subject.label, regime: subject.regime, decisionDelay: subject.decisionDelay }
      : null,
    targets: { ...(subject ? subject.targets : defaultTargets) },
  };
}
