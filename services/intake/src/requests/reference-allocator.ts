import type { SqlExecutor } from "@guichet/db";
import type pg from "pg";

/** A reference prefix (GUICHET_REFERENCE_PREFIX): it is written into SQL by nextExpression. */
export const REFERENCE_PREFIX = /^[A-Z]{1,6}$/;

const yearFormat = new Intl.DateTimeFormat("en", { timeZone: "Europe/Paris", year: "numeric" });

/**
 * Human references (LA-2026-000123) come from one PostgreSQL sequence per year (Europe/Paris),
 * created on first use. Sequences never serialise concurrent submissions; a rolled-back submission
 * leaves a gap, which is harmless: references only need to be unique and readable over the phone.
 */
export class ReferenceAllocator {
  private readonly ready = new Map<number, Promise<void>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly prefix: string,
  ) {
    if (!REFERENCE_PREFIX.test(prefix)) throw new Error(`Invalid reference prefix ${JSON.stringify(prefix)}`);
  }

  async next(tx: SqlExecutor, receivedAt: Date): Promise<string> {
    const year = Number(yearFormat.format(receivedAt));
    await this.ensureSequence(year);
    const rows = await tx.$queryRawUnsafe<{ n: bigint | number | string }[]>(
      `SELECT nextval('"${this.schema}".reference_${year}') AS n`,
    );
    return `${this.prefix}-${year}-${String(rows[0]?.n).padStart(6, "0")}`;
  }

  /**
   * SQL expression allocating the next reference of `receivedAt`'s year inside a larger statement
   * (the web path writes the request and its event in one), formatted as `next` formats it.
   */
  async nextExpression(receivedAt: Date): Promise<string> {
    const year = Number(yearFormat.format(receivedAt));
    await this.ensureSequence(year);
    // lpad would cut a number beyond six digits where padStart keeps it whole.
    return `(SELECT '${this.prefix}-${year}-' || CASE WHEN length(n::text) >= 6 THEN n::text ELSE lpad(n::text, 6, '0') END
       FROM nextval('"${this.schema}".reference_${year}') AS s(n))`;
  }

  /** References for many requests in one query per year, in the order of `receivedAt`. */
  async nextMany(tx: SqlExecutor, receivedAt: readonly Date[]): Promise<string[]> {
    const years = receivedAt.map((date) => Number(yearFormat.format(date)));
    const references: string[] = new Array(years.length);
    for (const year of new Set(years)) {
      await this.ensureSequence(year);
      const slots = years.flatMap((y, index) => (y === year ? [index] : []));
      const rows = await tx.$queryRawUnsafe<{ n: bigint | number | string }[]>(
        `SELECT nextval('"${this.schema}".reference_${year}') AS n FROM generate_series(1, $1::integer)`,
        slots.length,
      );
      slots.forEach((slot, i) => {
        references[slot] = `${this.prefix}-${year}-${String(rows[i]?.n).padStart(6, "0")}`;
      });
    }
    return references;
  }

  /** Outside the caller's transaction, once per process and year; concurrent creators are tolerated. */
  private ensureSequence(year: number): Promise<void> {
    let ready = this.ready.get(year);
    if (!ready) {
      ready = this.pool
        .query(`CREATE SEQUENCE IF NOT EXISTS "${this.schema}".reference_${year}`)
        .then(
          () => undefined,
          (error: { code?: string }) => {
            // Two instances racing on the first request of a year: the other one created it.
            if (error.code !== "23505" && error.code !== "42P07") throw error;
          },
        )
        .catch((error: unknown) => {
          this.ready.delete(year);
          throw error;
        });
      this.ready.set(year, ready);
    }
    return ready;
  }
}
