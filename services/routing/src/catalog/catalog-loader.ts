import type { LegalRegime } from "@guichet/contracts";
import { frenchIssue, yamlAliasMessage, yamlSyntaxMessage } from "@guichet/runtime";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { foldText, terms } from "../domain/french-text.ts";
import {
  type Catalog,
  type CatalogDefaults,
  CatalogError,
  type CatalogProblem,
  type CatalogRule,
  type CatalogService,
  type CatalogSubject,
  type Commune,
  type Site,
  type Targets,
  WEEKDAYS,
  type WeeklyCalendar,
} from "./catalog.ts";
import {
  calendarYaml,
  catalogSectionsYaml,
  communeYaml,
  defaultsYaml,
  ruleYaml,
  type ServiceYaml,
  type SiteYaml,
  type SubjectYaml,
  serviceYaml,
  siteYaml,
  subjectYaml,
} from "./catalog-yaml.schema.ts";

const REGIMES: readonly LegalRegime[] = ["sva", "svr", "information", "document", "external"];
const RANGE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
/** Used when a service declares neither an address nor a site (brief: services sit at the siège). */
const SIEGE_SITE_ID = "siege";

/**
 * Parses and validates a catalogue YAML text. Every problem is collected before throwing, so an
 * editor fixes the whole file in one pass instead of one error per deployment attempt.
 * @throws CatalogError with one `{ path, message }` per problem.
 */
export function parseCatalog(yamlText: string): Catalog {
  const problems: CatalogProblem[] = [];
  const doc = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new CatalogError(
      doc.errors.map((e) => ({
        path: `(yaml) ligne ${e.linePos?.[0].line ?? "?"}`,
        message: `${yamlSyntaxMessage(e.code)}${e.linePos ? ` (colonne ${e.linePos[0].col})` : ""}`,
      })),
    );
  }
  const sections = catalogSectionsYaml.safeParse(documentValue(doc), { error: frenchIssue });
  if (!sections.success) throw new CatalogError(zodProblems("", sections.error));
  const raw = sections.data;

  const commune = parseCommune(raw.commune, problems);
  const defaults = parseDefaults(raw.defaults, problems);
  const calendars = parseCalendars(raw.calendars, problems);
  const calendarIds = new Set(calendars.map((c) => c.id));
  const sites = parseEntries("sites", raw.sites, siteYaml, problems).flatMap(({ path, value }) => {
    if (!calendarIds.has(value.calendar))
      problems.push({ path, message: `le calendrier « ${value.calendar} » n’existe pas dans calendars` });
    return [toSite(value)];
  });
  const services = parseServices(raw.services, sites, calendarIds, problems);
  const subjects = parseSubjects(raw.subjects, services, defaults, problems);
  const rules = parseRules(raw.rules ?? [], subjects, sites, problems);
  checkKeywords(subjects, problems);

  if (problems.length > 0 || !commune || !defaults) throw new CatalogError(problems);
  return { commune, defaults, calendars, sites, services, subjects, rules };
}

/**
 * The document as plain data. The yaml library throws a bare ReferenceError for an alias without its
 * anchor and for an alias bomb (its maxAliasCount guard): both are the editor's YAML, not a crash.
 */
function documentValue(doc: ReturnType<typeof parseDocument>): unknown {
  try {
    return doc.toJS();
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    throw new CatalogError([{ path: "(yaml)", message: yamlAliasMessage(error) }]);
  }
}

function parseCommune(input: unknown, problems: CatalogProblem[]): Commune | null {
  const parsed = communeYaml.safeParse(input, { error: frenchIssue });
  if (!parsed.success) {
    problems.push(...zodProblems("commune", parsed.error));
    return null;
  }
  const c = parsed.data;
  return { name: c.name, timezone: c.timezone, publicHolidays: c.public_holidays, referencePrefix: c.reference_prefix };
}

function parseDefaults(input: unknown, problems: CatalogProblem[]): CatalogDefaults | null {
  const parsed = defaultsYaml.safeParse(input, { error: frenchIssue });
  if (!parsed.success) {
    problems.push(...zodProblems("defaults", parsed.error));
    return null;
  }
  const t = parsed.data.targets;
  return {
    targets: {
      registrationReceiptMinutes: t.registration_receipt_minutes,
      acknowledgementBusinessDays: t.acknowledgement_business_days,
      firstResponseBusinessDays: t.first_response_business_days,
      resolutionBusinessDays: t.resolution_business_days,
    },
    decisionDelay: parsed.data.decision_delay ?? null,
  };
}

function parseCalendars(input: Record<string, unknown>, problems: CatalogProblem[]): WeeklyCalendar[] {
  const calendars: WeeklyCalendar[] = [];
  for (const [id, definition] of Object.entries(input)) {
    const path = `calendars.${id}`;
    if (!/^[a-z0-9][a-z0-9.-]*$/.test(id))
      problems.push({
        path,
        message: "identifiant non valable : lettres minuscules, chiffres, points et tirets uniquement",
      });
    const parsed = calendarYaml.safeParse(definition ?? {}, { error: frenchIssue });
    if (!parsed.success) {
      problems.push(...zodProblems(path, parsed.error));
      continue;
    }
    const weekly: WeeklyCalendar["weekly"] = {};
    for (const day of WEEKDAYS) {
      const ranges = parsed.data[day];
      if (ranges === undefined) continue;
      checkRanges(`${path}.${day}`, ranges, problems);
      weekly[day] = [...ranges];
    }
    calendars.push({ id, weekly });
  }
  return calendars;
}

function minutes(hours: string, mins: string): number {
  return Number(hours) * 60 + Number(mins);
}

function checkRanges(path: string, ranges: string[], problems: CatalogProblem[]): void {
  const valid: { text: string; start: number; end: number }[] = [];
  ranges.forEach((text, index) => {
    const m = RANGE.exec(text);
    if (!m) {
      problems.push({
        path: `${path}[${index}]`,
        message: `plage « ${text} » mal écrite : attendu HH:MM-HH:MM, par exemple 08:30-12:00`,
      });
      return;
    }
    const start = minutes(m[1] ?? "", m[2] ?? "");
    const end = minutes(m[3] ?? "", m[4] ?? "");
    if (end > 24 * 60) problems.push({ path: `${path}[${index}]`, message: `la plage « ${text} » finit après minuit` });
    else if (end <= start)
      problems.push({ path: `${path}[${index}]`, message: `la plage « ${text} » finit avant de commencer` });
    else valid.push({ text, start, end });
  });
  valid.sort((a, b) => a.start - b.start);
  for (let i = 1; i < valid.length; i++) {
    const previous = valid[i - 1];
    const current = valid[i];
    if (previous && current && current.start < previous.end) {
      problems.push({ path, message: `les plages « ${previous.text} » et « ${current.text} » se chevauchent` });
    }
  }
}

interface ParsedEntry<T> {
  path: string;
  value: T;
}

/**
 * Parses each entry on its own and reports duplicate ids; entries that fail are left out so the
 * cross-reference checks that follow do not pile up consequential errors.
 */
function parseEntries<S extends z.ZodType<{ id: string }>>(
  section: string,
  entries: unknown[],
  schema: S,
  problems: CatalogProblem[],
): ParsedEntry<z.infer<S>>[] {
  const firstIndex = new Map<string, number>();
  const result: ParsedEntry<z.infer<S>>[] = [];
  entries.forEach((entry, index) => {
    const path = entryPath(section, index, entry);
    const parsed = schema.safeParse(entry, { error: frenchIssue });
    if (!parsed.success) {
      problems.push(...zodProblems(path, parsed.error));
      return;
    }
    const id = parsed.data.id;
    const seen = firstIndex.get(id);
    if (seen !== undefined) {
      problems.push({ path, message: `identifiant en double, déjà utilisé par ${section}[${seen}]` });
      return;
    }
    firstIndex.set(id, index);
    result.push({ path, value: parsed.data });
  });
  return result;
}

function entryPath(section: string, index: number, entry: unknown): string {
  const id = typeof entry === "object" && entry !== null && "id" in entry ? entry.id : undefined;
  return typeof id === "string" ? `${section}[${index}] (id "${id}")` : `${section}[${index}]`;
}

function toSite(s: SiteYaml): Site {
  return {
    id: s.id,
    name: s.name,
    communeDeleguee: s.commune_deleguee ?? null,
    kind: s.kind,
    calendarId: s.calendar,
    address: s.address ?? null,
    phone: s.phone ?? null,
  };
}

function parseServices(
  entries: unknown[],
  sites: Site[],
  calendarIds: ReadonlySet<string>,
  problems: CatalogProblem[],
): CatalogService[] {
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const siegeAddress = siteById.get(SIEGE_SITE_ID)?.address ?? null;
  const parsed = parseEntries("services", entries, serviceYaml, problems);
  const services = parsed.map(({ path, value }) => {
    if (!calendarIds.has(value.calendar))
      problems.push({ path, message: `le calendrier « ${value.calendar} » n’existe pas dans calendars` });
    if (value.site !== undefined && !siteById.has(value.site)) {
      problems.push({ path, message: `le site « ${value.site} » n’existe pas dans sites` });
    }
    return toService(value, siteById, siegeAddress);
  });
  const triage = parsed.filter((p) => p.value.role === "triage");
  if (triage.length === 0)
    problems.push({
      path: "services",
      message: "aucun service n’a le rôle « triage » : il en faut un, qui reçoit les demandes non attribuées",
    });
  if (triage.length > 1) {
    problems.push({
      path: "services",
      message: `un seul service peut avoir le rôle « triage », or ${triage.length} l’ont : ${triage.map((t) => `« ${t.value.id} »`).join(", ")}`,
    });
  }
  return services;
}

function toService(s: ServiceYaml, siteById: ReadonlyMap<string, Site>, siegeAddress: string | null): CatalogService {
  const siteAddress = s.site === undefined ? undefined : siteById.get(s.site)?.address;
  return {
    id: s.id,
    name: s.name,
    email: s.email ?? null,
    phone: s.phone ?? null,
    calendarId: s.calendar,
    role: s.role ?? "service",
    postalAddress: s.address ?? siteAddress ?? siegeAddress,
    declared: { siteId: s.site ?? null, address: s.address ?? null },
  };
}

function parseSubjects(
  entries: unknown[],
  services: CatalogService[],
  defaults: CatalogDefaults | null,
  problems: CatalogProblem[],
): CatalogSubject[] {
  const serviceIds = new Set(services.map((s) => s.id));
  return parseEntries("subjects", entries, subjectYaml, problems).flatMap(({ path, value }) => {
    let valid = true;
    if (!serviceIds.has(value.service)) {
      problems.push({ path, message: `le service « ${value.service} » n’existe pas dans le catalogue` });
      valid = false;
    }
    if (!isRegime(value.regime)) {
      problems.push({
        path: `${path}.regime`,
        message: `régime « ${value.regime} » inconnu ; régimes possibles : ${REGIMES.join(", ")}`,
      });
      return [];
    }
    return valid && defaults ? [toSubject(value, value.regime, defaults)] : [];
  });
}

function parseRules(
  entries: unknown[],
  subjects: CatalogSubject[],
  sites: Site[],
  problems: CatalogProblem[],
): CatalogRule[] {
  const subjectIds = new Set(subjects.map((s) => s.id));
  const siteIds = new Set(sites.map((s) => s.id));
  const communes = new Set(sites.flatMap((s) => (s.communeDeleguee ? [foldText(s.communeDeleguee)] : [])));
  return parseEntries("rules", entries, ruleYaml, problems).flatMap(({ path, value }) => {
    const before = problems.length;
    if (!subjectIds.has(value.subject))
      problems.push({ path, message: `le sujet « ${value.subject} » n’existe pas dans le catalogue` });
    for (const site of value.sites)
      if (!siteIds.has(site))
        problems.push({ path: `${path}.sites`, message: `le site « ${site} » n’existe pas dans sites` });
    for (const commune of value.communes)
      if (!communes.has(foldText(commune)))
        problems.push({
          path: `${path}.communes`,
          message: `la commune déléguée « ${commune} » n’est celle d’aucun site`,
        });
    value.phrases.forEach((phrase, index) => {
      if (terms(phrase).length === 0)
        problems.push({
          path: `${path}.phrases[${index}]`,
          message: `l’expression « ${phrase} » ne contient aucun mot (seulement de la ponctuation ou des apostrophes)`,
        });
    });
    if (value.phrases.length + value.channels.length + value.sites.length + value.communes.length === 0)
      problems.push({ path, message: "la règle n’a aucune condition : elle s’appliquerait à toutes les demandes" });
    if (problems.length > before) return [];
    return [
      {
        id: value.id,
        subjectId: value.subject,
        priority: value.priority,
        phrases: value.phrases,
        channels: value.channels,
        sites: value.sites,
        communes: value.communes,
      },
    ];
  });
}

/** A keyword made only of punctuation or apostrophes would never match: the editor must know. */
function checkKeywords(subjects: CatalogSubject[], problems: CatalogProblem[]): void {
  subjects.forEach((subject) => {
    subject.keywords.forEach((keyword, index) => {
      if (terms(keyword).length === 0)
        problems.push({
          path: `subjects (id "${subject.id}").keywords[${index}]`,
          message: `le mot-clé « ${keyword} » ne contient aucun mot (seulement de la ponctuation ou des apostrophes)`,
        });
    });
  });
}

function isRegime(value: string): value is LegalRegime {
  return (REGIMES as readonly string[]).includes(value);
}

function toSubject(s: SubjectYaml, regime: LegalRegime, defaults: CatalogDefaults): CatalogSubject {
  const declaredTargets: Partial<Targets> = {};
  if (s.acknowledgement_business_days !== undefined)
    declaredTargets.acknowledgementBusinessDays = s.acknowledgement_business_days;
  if (s.first_response_business_days !== undefined)
    declaredTargets.firstResponseBusinessDays = s.first_response_business_days;
  if (s.resolution_business_days !== undefined) declaredTargets.resolutionBusinessDays = s.resolution_business_days;
  const asksDecision = regime === "sva" || regime === "svr";
  return {
    id: s.id,
    serviceId: s.service,
    label: s.label,
    regime,
    decisionDelay: s.decision_delay ?? (asksDecision ? defaults.decisionDelay : null),
    targets: {
      acknowledgementBusinessDays:
        declaredTargets.acknowledgementBusinessDays ?? defaults.targets.acknowledgementBusinessDays,
      firstResponseBusinessDays:
        declaredTargets.firstResponseBusinessDays ?? defaults.targets.firstResponseBusinessDays,
      resolutionBusinessDays: declaredTargets.resolutionBusinessDays ?? defaults.targets.resolutionBusinessDays,
    },
    keywords: [...s.keywords],
    declared: { decisionDelay: s.decision_delay ?? null, targets: declaredTargets },
  };
}

function zodProblems(prefix: string, error: z.ZodError): CatalogProblem[] {
  return error.issues.map((issue) => {
    const suffix = issue.path
      .map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`))
      .join("")
      .replace(/^\./, prefix ? "." : "");
    return { path: `${prefix}${suffix}` || "(racine du fichier)", message: issue.message };
  });
}
