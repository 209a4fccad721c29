import type { IncomingMessage } from "node:http";
import { AppError } from "@guichet/runtime";
import { canAccessService, requireStaff } from "@guichet/web";
import { Controller, Get, Inject, Param, Req } from "@nestjs/common";
import { REPORTING_CONTEXT, type ReportingContext } from "../reporting.tokens.ts";
import { RequestTimelineQuery } from "./request-timeline.query.ts";

/**
 * A request's projected timeline, for staff only: references are sequential, so a public route would
 * let anyone list every request's service, channel and dates. Citizens follow their request through
 * /suivi (reference + e-mail, or the private link of the acknowledgement).
 */
@Controller("api/requests")
export class TimelineController {
  constructor(
    @Inject(RequestTimelineQuery) private readonly timelines: RequestTimelineQuery,
    @Inject(REPORTING_CONTEXT) private readonly context: ReportingContext,
  ) {}

  @Get(":reference/timeline")
  async timeline(@Req() request: IncomingMessage, @Param("reference") reference: string) {
    const staff = requireStaff(request, this.context.identitySecret, ["reception", "agent", "manager", "admin"]);
    if (!/^[A-Z]{1,6}-\d{4}-\d{6,}$/.test(reference)) {
      throw new AppError("validation", "référence attendue sous la forme LA-2026-000123", [
        { field: "reference", message: "format LA-2026-000123" },
      ]);
    }
    const timeline = await this.timelines.byReference(reference);
    // Not yet routed: every agent may see it, as on the desk's triage; routed: own services only,
    // and the same answer as an unknown reference, so that existence does not leak either.
    if (timeline.serviceId !== null && !canAccessService(staff, timeline.serviceId))
      throw new AppError("not-found", `aucune demande ${reference}`);
    return timeline;
  }
}
