import type { Catalog } from "./catalog.ts";

interface WithId {
  id: string;
}

function diffSection<T extends WithId>(name: string, before: readonly T[], after: readonly T[]): string | null {
  const old = new Map(before.map((e) => [e.id, JSON.stringify(e)]));
  const now = new Map(after.map((e) => [e.id, JSON.stringify(e)]));
  const added = [...now.keys()].filter((id) => !old.has(id));
  const removed = [...old.keys()].filter((id) => !now.has(id));
  const changed = [...now.keys()].filter((id) => old.has(id) && old.get(id) !== now.get(id));
  const parts = [
    added.length ? `+${added.join(", +")}` : "",
    removed.length ? `-${removed.join(", -")}` : "",
    changed.length ? `~${changed.join(", ~")}` : "",
  ].filter(Boolean);
  return parts.length ? `${name}: ${parts.join(", ")}` : null;
}

/**
 * What changed between two catalogues, entry by entry ("subjects: +voirie.neige, ~voirie.chaussee"),
 * recorded with each version so the audit trail says what was edited, not only who and when.
 */
export function summariseChanges(before: Catalog | null, after: Catalog): string {
  if (!before) return `initial: ${after.services.length} services, ${after.subjects.length} subjects`;
  const calendars = (c: Catalog) => c.calendars;
  const parts = [
    JSON.stringify(before.commune) === JSON.stringify(after.commune) ? null : "commune changed",
    JSON.stringify(before.defaults) === JSON.stringify(after.defaults) ? null : "defaults changed",
    diffSection("calendars", calendars(before), calendars(after)),
    diffSection("sites", before.sites, after.sites),
    diffSection("services", before.services, after.services),
    diffSection("subjects", before.subjects, after.subjects),
    diffSection("rules", before.rules, after.rules),
  ].filter((p): p is string => p !== null);
  const text = parts.length ? parts.join("; ") : "no change";
  return text.length <= 1000 ? text : `${text.slice(0, 999)}…`;
}
