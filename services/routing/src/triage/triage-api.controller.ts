import { validateInput } from "@guichet/runtime";
import { type RequestLike, requireStaff } from "@guichet/web";
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from "@nestjs/common";
import { DESK_SETTINGS, type DeskSettings } from "../desk/desk.tokens.ts";
import { requestIdSchema, routeFromTriageSchema } from "../desk/desk-input.schema.ts";
import { DeskQueries } from "../desk/desk-queries.ts";
import { RouteFromTriageUseCase } from "./route-from-triage.usecase.ts";

const TRIAGE_ROLES = ["reception", "admin"] as const;

/** The triage queue of the central reception, as JSON. */
@Controller("api/triage")
export class TriageApiController {
  constructor(
    @Inject(DESK_SETTINGS) private readonly settings: DeskSettings,
    @Inject(DeskQueries) private readonly queries: DeskQueries,
    @Inject(RouteFromTriageUseCase) private readonly route: RouteFromTriageUseCase,
  ) {}

  @Get()
  async list(@Req() request: RequestLike) {
    const staff = requireStaff(request, this.settings.identitySecret, TRIAGE_ROLES);
    const now = Date.now();
    const items = await this.queries.triageQueue(staff);
    return {
      requests: items.map((item) => {
        const since = item.receivedAt ?? item.placedAt;
        return {
          requestId: item.requestId,
          reference: item.reference,
          channel: item.channel,
          title: item.title,
          excerpt: item.excerpt,
          receivedAt: item.receivedAt?.toISOString() ?? null,
          queuedAt: item.placedAt?.toISOString() ?? null,
          ageSeconds: since ? Math.max(0, Math.floor((now - since.getTime()) / 1000)) : null,
        };
      }),
    };
  }

  @Post(":requestId/route")
  @HttpCode(200)
  async routeRequest(@Req() request: RequestLike, @Param("requestId") requestId: string, @Body() body: unknown) {
    const staff = requireStaff(request, this.settings.identitySecret, TRIAGE_ROLES);
    const input = validateInput(routeFromTriageSchema, body, "orientation");
    const id = validateInput(requestIdSchema, requestId);
    const { serviceId } = await this.route.execute({ staff, requestId: id, subjectId: input.subjectId });
    return { requestId: id, serviceId, subjectId: input.subjectId, method: "manual" };
  }
}
