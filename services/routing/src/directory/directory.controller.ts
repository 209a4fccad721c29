import { validateInput } from "@guichet/runtime";
import { Controller, Get, Header, Inject, Query } from "@nestjs/common";
import { z } from "zod";
import { CatalogVersions } from "../catalog-store/catalog-versions.ts";
import { directoryPage, homePage } from "./directory-pages.ts";
import { directorySites, searchDirectory } from "./directory-search.ts";

const searchQuery = z.object({ q: z.string().max(200, "200 caractères au plus").optional() });

/** Public pages of routing: the home page and the "qui fait quoi" directory (HTML and JSON). */
@Controller()
export class DirectoryController {
  constructor(@Inject(CatalogVersions) private readonly catalogs: CatalogVersions) {}

  @Get()
  @Header("content-type", "text/html; charset=utf-8")
  home(): string {
    return homePage(this.catalogs.current().catalog);
  }

  @Get("qui-fait-quoi")
  @Header("content-type", "text/html; charset=utf-8")
  directory(@Query() query: unknown): string {
    const { q = "" } = validateInput(searchQuery, query, "search");
    const { catalog } = this.catalogs.current();
    return directoryPage(catalog, q, searchDirectory(catalog, q));
  }

  @Get("api/directory")
  api(@Query() query: unknown) {
    const { q = "" } = validateInput(searchQuery, query, "search");
    const { version, catalog } = this.catalogs.current();
    return {
      catalogVersion: version,
      query: q,
      subjects: searchDirectory(catalog, q),
      sites: directorySites(catalog),
    };
  }
}
