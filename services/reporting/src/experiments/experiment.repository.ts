import type { SqlExecutor } from "@guichet/db";
import type pg from "pg";
import type { Experiment } from "./experiment.types.ts";

const COLUMNS = `id, name, hypothesis, change_made, to_char(starts_on, 'YYYY-MM-DD') AS starts_on,
  to_char(ends_on, 'YYYY-MM-DD') AS ends_on, site_ids, channels, subject_ids, service_ids, comparison_kind,
  to_char(comparison_starts_on, 'YYYY-MM-DD') AS comparison_starts_on,
  to_char(comparison_ends_on, 'YYYY-MM-DD') AS comparison_ends_on, comparison_site_ids, defined_by, defined_at`;

function toExperiment(row: Record<string, unknown>): Experiment {
  const list = (key: string) => (row[key] as string[] | null) ?? [];
  return {
    id: String(row.id),
    name: String(row.name),
    hypothesis: String(row.hypothesis),
    change: String(row.change_made),
    from: String(row.starts_on),
    to: String(row.ends_on),
    siteIds: list("site_ids"),
    channels: list("channels"),
    subjectIds: list("subject_ids"),
    serviceIds: list("service_ids"),
    comparison:
      row.comparison_kind === "before"
        ? { kind: "before", from: String(row.comparison_starts_on), to: String(row.comparison_ends_on) }
        : { kind: "group", siteIds: list("comparison_site_ids") },
    definedBy: String(row.defined_by),
    definedAt: (row.defined_at as Date).toISOString(),
  };
}

/** Experiments as managers defined them (thin: queries only). */
export class ExperimentRepository {
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {}

  async list(): Promise<Experiment[]> {
    const result = await this.pool.query(
      `SELECT ${COLUMNS} FROM "${this.schema}".experiment ORDER BY starts_on DESC, id`,
    );
    return result.rows.map(toExperiment);
  }

  async find(id: string): Promise<Experiment | null> {
    const result = await this.pool.query(`SELECT ${COLUMNS} FROM "${this.schema}".experiment WHERE id = $1`, [id]);
    return result.rows[0] ? toExperiment(result.rows[0]) : null;
  }

  async save(tx: SqlExecutor, e: Experiment): Promise<void> {
    const c = e.comparison;
    await tx.$executeRawUnsafe(
      `INSERT INTO "${this.schema}".experiment (id, name, hypothesis, change_made, starts_on, ends_on, site_ids,
         channels, subject_ids, service_ids, comparison_kind, comparison_starts_on, comparison_ends_on,
         comparison_site_ids, defined_by, defined_at)
       VALUES ($1, $2, $3, $4, $5::date, $6::date, $7::text[], $8::text[], $9::text[], $10::text[], $11, $12::date,
         $13::date, $14::text[], $15, $16::timestamptz)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, hypothesis = EXCLUDED.hypothesis,
         change_made = EXCLUDED.change_made, starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on,
         site_ids = EXCLUDED.site_ids, channels = EXCLUDED.channels, subject_ids = EXCLUDED.subject_ids,
         service_ids = EXCLUDED.service_ids, comparison_kind = EXCLUDED.comparison_kind,
         comparison_starts_on = EXCLUDED.comparison_starts_on, comparison_ends_on = EXCLUDED.comparison_ends_on,
         comparison_site_ids = EXCLUDED.comparison_site_ids, defined_by = EXCLUDED.defined_by,
         defined_at = EXCLUDED.defined_at`,
      e.id,
      e.name,
      e.hypothesis,
      e.change,
      e.from,
      e.to,
      e.siteIds,
      e.channels,
      e.subjectIds,
      e.serviceIds,
      c.kind,
      c.kind === "before" ? c.from : null,
      c.kind === "before" ? c.to : null,
      c.kind === "group" ? c.siteIds : [],
      e.definedBy,
      e.definedAt,
    );
  }
}
