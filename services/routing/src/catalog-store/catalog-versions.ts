import { readFile } from "node:fs/promises";
import type { Catalog } from "../catalog/catalog.ts";
import { summariseChanges } from "../catalog/catalog-diff.ts";
import { parseCatalog } from "../catalog/catalog-loader.ts";
import { validateCatalog } from "../catalog/catalog-validation.ts";
import type { RoutingStore } from "../routing.store.ts";

export interface ActiveCatalog {
  version: number;
  catalog: Catalog;
}

export interface CatalogVersionInfo {
  version: number;
  source: string;
  createdBy: string;
  comment: string | null;
  createdAt: Date;
}

/**
 * The catalogue versions kept by routing. A new version is validated (YAML, references, calendars,
 * rules) before it is stored: a faulty import never replaces the active version.
 */
export class CatalogVersions {
  private active: ActiveCatalog | undefined;

  constructor(private readonly db: Pick<RoutingStore, "catalogVersion" | "$transaction">) {}

  current(): ActiveCatalog {
    if (!this.active) throw new Error("catalogue not loaded");
    return this.active;
  }

  /** Loads the newest version, importing `initialFile` first when the database has none. */
  async load(initialFile: string): Promise<ActiveCatalog> {
    const latest = await this.db.catalogVersion.findFirst({ orderBy: { version: "desc" } });
    if (latest) {
      // Stored versions were validated on import; parsing again rebuilds the in-memory model.
      this.active = { version: latest.version, catalog: parseCatalog(latest.content) };
      return this.active;
    }
    return this.import(await readFile(initialFile, "utf8"), {
      source: initialFile,
      createdBy: "system",
      comment: "catalogue initial",
    });
  }

  /** Picks up a version imported by another process (the CLI, another instance). */
  async refresh(): Promise<ActiveCatalog> {
    const latest = await this.db.catalogVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
    if (latest && latest.version !== this.active?.version) {
      const row = await this.db.catalogVersion.findUniqueOrThrow({ where: { version: latest.version } });
      this.active = { version: row.version, catalog: parseCatalog(row.content) };
    }
    return this.current();
  }

  async list(): Promise<CatalogVersionInfo[]> {
    return this.db.catalogVersion.findMany({
      orderBy: { version: "desc" },
      select: { version: true, source: true, createdBy: true, comment: true, createdAt: true },
    });
  }

  async content(version?: number): Promise<string | null> {
    const row = await this.db.catalogVersion.findFirst({
      where: version === undefined ? {} : { version },
      orderBy: { version: "desc" },
      select: { content: true },
    });
    return row?.content ?? null;
  }

  /**
   * Validates and stores a new version, which becomes the active one.
   * @throws CatalogError naming each faulty entry; the active version is then unchanged.
   */
  async import(
    content: string,
    origin: { source: string; createdBy: string; comment?: string },
  ): Promise<ActiveCatalog> {
    const catalog = validateCatalog(content);
    // Serialised by the primary key: a concurrent importer makes this one fail rather than both
    // claim the same version number.
    const stored = await this.db.$transaction(async (tx) => {
      const latest = await tx.catalogVersion.findFirst({ orderBy: { version: "desc" } });
      const changes = summariseChanges(latest ? parseCatalog(latest.content) : null, catalog);
      return tx.catalogVersion.create({
        data: {
          version: (latest?.version ?? 0) + 1,
          content,
          source: origin.source,
          createdBy: origin.createdBy,
          comment: origin.comment ? `${origin.comment} — ${changes}` : changes,
        },
      });
    });
    this.active = { version: stored.version, catalog };
    return this.active;
  }
}
