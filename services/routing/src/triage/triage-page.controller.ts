import { AppError, validateInput } from "@guichet/runtime";
import {
  answerPage,
  type PageRequest,
  type PageResponse,
  type PageResult,
  requireStaff,
  type StaffIdentity,
  verifyCsrf,
} from "@guichet/web";
import { Controller, Get, Inject, Param, Post, Req, Res } from "@nestjs/common";
import { CatalogVersions } from "../catalog-store/catalog-versions.ts";
import { DESK_SETTINGS, type DeskSettings } from "../desk/desk.tokens.ts";
import { serviceName } from "../desk/desk-format.ts";
import { requestIdSchema, routeFromTriageSchema } from "../desk/desk-input.schema.ts";
import { DeskQueries } from "../desk/desk-queries.ts";
import type { Problem } from "../desk/desk-views.ts";
import { deskPageOptions, formOf } from "../desk/page-edge.ts";
import { RouteFromTriageUseCase } from "./route-from-triage.usecase.ts";
import { triageField, triageMain } from "./triage-views.ts";

const TRIAGE_ROLES = ["reception", "admin"] as const;

/** `/accueil/tri`: the triage queue with one subject picker per request. */
@Controller("accueil/tri")
export class TriagePageController {
  constructor(
    @Inject(DESK_SETTINGS) private readonly settings: DeskSettings,
    @Inject(CatalogVersions) private readonly catalogs: CatalogVersions,
    @Inject(DeskQueries) private readonly queries: DeskQueries,
    @Inject(RouteFromTriageUseCase) private readonly route: RouteFromTriageUseCase,
  ) {}

  private get context() {
    return deskPageOptions(this.catalogs.current().catalog.commune.name, this.settings.identitySecret);
  }

  @Get()
  async queue(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.context, async () => {
      const staff = requireStaff(request, this.settings.identitySecret, TRIAGE_ROLES);
      const routed = typeof request.query.oriente === "string" ? request.query.oriente : null;
      const to = typeof request.query.service === "string" ? request.query.service : null;
      const notice =
        routed && to
          ? `La demande ${routed} est orientée vers ${serviceName(this.catalogs.current().catalog, to)}.`
          : undefined;
      return this.page(staff, request, [], {}, notice);
    });
  }

  @Post(":requestId")
  async pick(
    @Req() request: PageRequest,
    @Res() response: PageResponse,
    @Param("requestId") requestId: string,
  ): Promise<void> {
    await answerPage(request, response, this.context, async () => {
      const staff = requireStaff(request, this.settings.identitySecret, TRIAGE_ROLES);
      const form = formOf(request);
      verifyCsrf(request, form);
      const id = validateInput(requestIdSchema, requestId);
      const field = triageField(id);
      try {
        const input = validateInput(routeFromTriageSchema, form, "orientation");
        const { serviceId } = await this.route.execute({ staff, requestId: id, subjectId: input.subjectId });
        const reference = (await this.queries.referenceOf(id)) ?? id;
        const query = new URLSearchParams({ oriente: reference, service: serviceId });
        return { redirect: `/accueil/tri?${query}` };
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== "validation" && error.code !== "conflict")) throw error;
        const message = error.problems[0]?.message ?? error.message;
        const values = typeof form.subjectId === "string" ? { [field]: form.subjectId } : {};
        return this.page(staff, request, [{ field, message }], values);
      }
    });
  }

  private async page(
    staff: StaffIdentity,
    request: PageRequest,
    problems: Problem[],
    values: Record<string, string>,
    notice?: string,
  ): Promise<PageResult> {
    const { catalog } = this.catalogs.current();
    const items = await this.queries.triageQueue(staff);
    return {
      status: problems.length ? 400 : 200,
      title: `${problems.length ? "Erreur : " : ""}Tri des demandes`,
      currentPath: "/accueil/tri",
      notice,
      main: triageMain({ catalog, items, request, problems, values, now: new Date() }),
    };
  }
}
