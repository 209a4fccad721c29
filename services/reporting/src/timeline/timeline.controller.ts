import { AppError } from "@guichet/runtime";
import { Controller, Get, Inject, Param } from "@nestjs/common";
import { RequestTimelineQuery } from "./request-timeline.query.ts";

@Controller("api/requests")
export class TimelineController {
  constructor(@Inject(RequestTimelineQuery) private readonly timelines: RequestTimelineQuery) {}

  @Get(":reference/timeline")
  timeline(@Param("reference") reference: string) {
    if (!/^[A-Z]{1,6}-\d{4}-\d{6,}$/.test(reference)) {
      throw new AppError("validation", "référence attendue sous la forme LA-2026-000123", [
        { field: "reference", message: "format LA-2026-000123" },
      ]);
    }
    return this.timelines.byReference(reference);
  }
}
