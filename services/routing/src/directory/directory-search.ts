import type { Catalog, CatalogService, CatalogSubject, Site, WeeklyCalendar } from "../catalog/catalog.ts";
import { TypoIndex, terms } from "../domain/french-text.ts";

export interface DirectoryEntry {
  subjectId: string;
  label: string;
  service: { id: string; name: string; email: string | null; phone: string | null; postalAddress: string | null };
  /** Opening hours of the service, one line per open day ("lundi : 08:30–12:30, 13:30–17:30"). */
  hours: string[];
}

export interface DirectorySite {
  id: string;
  name: string;
  kind: string;
  communeDeleguee: string | null;
  address: string | null;
  phone: string | null;
  hours: string[];
}

interface IndexedEntry {
  entry: DirectoryEntry;
  /** Terms of the label (weighted more), then of the keywords and the service name. */
  strong: ReadonlySet<string>;
  weak: ReadonlySet<string>;
}

interface DirectoryIndex {
  entries: IndexedEntry[];
  typos: TypoIndex;
  vocabulary: readonly string[];
  sites: DirectorySite[];
}

const DAY_NAMES: Record<string, string> = {
  monday: "lundi",
  tuesday: "mardi",
  wednesday: "mercredi",
  thursday: "jeudi",
  friday: "vendredi",
  saturday: "samedi",
  sunday: "dimanche",
};

/** "lundi : 08:30–12:30, 13:30–17:30" for each open day of a weekly calendar. */
export function openingHours(calendar: WeeklyCalendar | undefined): string[] {
  if (!calendar) return [];
  return Object.entries(DAY_NAMES).flatMap(([day, name]) => {
    const ranges = calendar.weekly[day as keyof WeeklyCalendar["weekly"]];
    return ranges && ranges.length > 0 ? [`${name} : ${ranges.map((r) => r.replace("-", "–")).join(", ")}`] : [];
  });
}

const indexes = new WeakMap<Catalog, DirectoryIndex>();

function buildIndex(catalog: Catalog): DirectoryIndex {
  const calendars = new Map(catalog.calendars.map((c) => [c.id, c]));
  const services = new Map(catalog.services.map((s) => [s.id, s]));
  const entries = catalog.subjects.flatMap((subject: CatalogSubject) => {
    const service = services.get(subject.serviceId) as CatalogService | undefined;
    if (!service) return [];
    const entry: DirectoryEntry = {
      subjectId: subject.id,
      label: subject.label,
      service: {
        id: service.id,
        name: service.name,
        email: service.email,
        phone: service.phone,
        postalAddress: service.postalAddress,
      },
      hours: openingHours(calendars.get(service.calendarId)),
    };
    const strong = new Set(terms(subject.label));
    const weak = new Set([...subject.keywords.flatMap(terms), ...terms(service.name)]);
    return [{ entry, strong, weak }];
  });
  const vocabulary = [...new Set(entries.flatMap((e) => [...e.strong, ...e.weak]))].filter((t) => t.length > 2);
  const sites = catalog.sites.map((s: Site) => ({
    id: s.id,
    name: s.name,
    kind: s.kind,
    communeDeleguee: s.communeDeleguee,
    address: s.address,
    phone: s.phone,
    hours: openingHours(calendars.get(s.calendarId)),
  }));
  return { entries, typos: new TypoIndex(vocabulary), vocabulary, sites };
}

function index(catalog: Catalog): DirectoryIndex {
  let built = indexes.get(catalog);
  if (!built) {
    built = buildIndex(catalog);
    indexes.set(catalog, built);
  }
  return built;
}

/** Query words that say nothing about the subject ("je veux", "comment", "la mairie"). */
const QUERY_NOISE = new Set(
  "a au aux de des du d l la le les un une et ou en pour par sur mon ma mes je j veux voudrai comment faire ou quoi qui mairie demande".split(
    " ",
  ),
);

/**
 * Searches the "qui fait quoi" directory: every meaningful word of the query must be found in a
 * subject's label, keywords or service name, tolerating case, accents, plurals, elisions, typos and
 * unfinished words ("lampad"). Best matches first; an empty query lists every subject.
 */
export function searchDirectory(catalog: Catalog, query: string): DirectoryEntry[] {
  const idx = index(catalog);
  const wanted = terms(query).filter((t) => !QUERY_NOISE.has(t));
  if (wanted.length === 0) return idx.entries.map((e) => e.entry);
  const alternatives = wanted.map((word) => {
    const found = new Map<string, number>([[word, 1]]);
    for (const m of idx.typos.lookup(word)) found.set(m.term, m.distance === 0 ? 1 : 0.7);
    if (word.length >= 4)
      for (const term of idx.vocabulary) if (term.startsWith(word) && !found.has(term)) found.set(term, 0.8);
    return found;
  });
  const scored = idx.entries.flatMap(({ entry, strong, weak }) => {
    let score = 0;
    for (const found of alternatives) {
      let best = 0;
      for (const [term, quality] of found) {
        if (strong.has(term)) best = Math.max(best, 2 * quality);
        else if (weak.has(term)) best = Math.max(best, quality);
      }
      if (best === 0) return [];
      score += best;
    }
    return [{ entry, score }];
  });
  return scored.sort((a, b) => b.score - a.score || a.entry.label.localeCompare(b.entry.label)).map((s) => s.entry);
}

export function directorySites(catalog: Catalog): DirectorySite[] {
  return index(catalog).sites;
}
