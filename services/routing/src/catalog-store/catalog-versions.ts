import { readFile } from "node:fs/promises";
import type { Catalog } from "../catalog/catalog.ts";
import { parseCatalog } from "../catalog/catalog-loader.ts";
import type { RoutingStore } from "../routing.store.ts";

export interface ActiveCatalog {
  version: number;
  catalog: Catalog;
}

/**
 * The catalogue versions kept by routing. A new version is parsed (and so validated) before it is
 * stored: a faulty import never replaces the active version.
 */
export class CatalogVersions {
  private active: ActiveCatalog | undefined;

  constructor(private readonly db: RoutingStore) {}

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

  async import(
    content: string,
    origin: { source: string; createdBy: string; comment?: string },
  ): Promise<ActiveCatalog> {
    const catalog = parseCatalog(content);
    // Serialised by the primary key: a concurrent importer makes this one fail rather than both
    // claim the same version number.
    const stored = await this.db.$transaction(async (tx) => {
      const latest = await tx.catalogVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
      return tx.catalogVersion.create({
        data: {
          version: (latest?.version ?? 0) + 1,
          content,
          source: origin.source,
          createdBy: origin.createdBy,
          comment: origin.comment ?? null,
        },
      });
    });
    this.active = { version: stored.version, catalog };
    return this.active;
  }
}
