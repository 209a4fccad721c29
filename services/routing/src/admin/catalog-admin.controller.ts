import type { IncomingMessage } from "node:http";
import { AppError, INFRASTRUCTURE, type ServiceInfrastructure, validateInput } from "@guichet/runtime";
import { requireStaff, verifyCsrf } from "@guichet/web";
import { Body, Controller, Get, Header, HttpCode, Inject, Post, Put, Req, Res } from "@nestjs/common";
import { z } from "zod";
import { CatalogVersions } from "../catalog-store/catalog-versions.ts";
import { RoutingModels } from "../routing/routing-models.ts";
import { catalogAdminPage } from "./catalog-admin.page.ts";
import { catalogText, checkCatalog, saveCatalog } from "./catalog-admin.service.ts";

type HttpRequest = IncomingMessage & { body?: unknown; headers: Record<string, string | string[] | undefined> };

interface PageResponse {
  status(code: number): PageResponse;
  type(type: string): PageResponse;
  send(body: string): void;
}

const MAX_YAML = 1_000_000;

/** YAML bodies are not parsed by the service's body parsers (JSON, forms): read them here. */
async function requestBody(request: HttpRequest): Promise<unknown> {
  if (request.body !== undefined && typeof request.body === "object" && Object.keys(request.body as object).length)
    return request.body;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_YAML) throw new AppError("payload-too-large", "catalogue larger than 1 MB");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const catalogForm = z.object({
  _csrf: z.string().optional(),
  content: z.string().min(1, "le catalogue est vide").max(MAX_YAML),
  comment: z.string().max(300).optional(),
  action: z.enum(["validate", "save"]),
});

/** The catalogue's admin API and page; admins only. */
@Controller()
export class CatalogAdminController {
  constructor(
    @Inject(CatalogVersions) private readonly catalogs: CatalogVersions,
    @Inject(RoutingModels) private readonly models: RoutingModels,
    @Inject(INFRASTRUCTURE) private readonly infrastructure: ServiceInfrastructure,
  ) {}

  private admin(request: HttpRequest) {
    return requireStaff(request, this.infrastructure.options.identitySecret, ["admin"]);
  }

  @Get("api/catalog")
  async current(@Req() request: HttpRequest) {
    this.admin(request);
    const { version } = this.catalogs.current();
    return { version, content: await this.catalogs.content(version) };
  }

  @Get("api/catalog/versions")
  async versions(@Req() request: HttpRequest) {
    this.admin(request);
    return { active: this.catalogs.current().version, versions: await this.catalogs.list() };
  }

  @Post("api/catalog/validate")
  @HttpCode(200)
  async validate(@Req() request: HttpRequest) {
    this.admin(request);
    checkCatalog(catalogText(await requestBody(request)));
    return { valid: true };
  }

  @Put("api/catalog")
  async replace(@Req() request: HttpRequest) {
    const staff = this.admin(request);
    const comment = request.headers["x-guichet-comment"];
    const version = await saveCatalog(this.catalogs, this.models, catalogText(await requestBody(request)), {
      createdBy: staff.id,
      source: "api",
      ...(typeof comment === "string" ? { comment: decodeURIComponent(comment).slice(0, 300) } : {}),
    });
    return { version };
  }

  @Get("admin/catalogue")
  @Header("content-type", "text/html; charset=utf-8")
  async page(@Req() request: HttpRequest): Promise<string> {
    const staff = this.admin(request);
    const { version, catalog } = this.catalogs.current();
    return catalogAdminPage({
      town: catalog.commune.name,
      staff,
      request,
      activeVersion: version,
      versions: await this.catalogs.list(),
      content: (await this.catalogs.content(version)) ?? "",
      comment: "",
      problems: [],
    });
  }

  @Post("admin/catalogue")
  async submit(@Req() request: HttpRequest, @Body() body: Record<string, unknown>, @Res() response: PageResponse) {
    const staff = this.admin(request);
    verifyCsrf(request, body ?? {});
    const form = validateInput(catalogForm, body, "catalogue form");
    let problems: { field: string; message: string }[] = [];
    let notice: string | undefined;
    try {
      if (form.action === "save") {
        const version = await saveCatalog(this.catalogs, this.models, form.content, {
          createdBy: staff.id,
          source: "admin",
          ...(form.comment ? { comment: form.comment } : {}),
        });
        notice = `Version ${version} enregistrée : elle s’applique aux prochaines demandes.`;
      } else {
        checkCatalog(form.content);
        notice = "Le catalogue est valide (il n’est pas encore enregistré).";
      }
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== "validation") throw error;
      problems = [...error.problems];
    }
    const { version, catalog } = this.catalogs.current();
    response
      .status(problems.length ? 400 : 200)
      .type("html")
      .send(
        catalogAdminPage({
          town: catalog.commune.name,
          staff,
          request,
          activeVersion: version,
          versions: await this.catalogs.list(),
          content: form.content,
          comment: form.comment ?? "",
          problems,
          ...(notice && !problems.length ? { notice } : {}),
        }),
      );
  }
}
