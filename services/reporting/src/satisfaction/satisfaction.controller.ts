import type { IncomingMessage } from "node:http";
import { AppError, validateInput } from "@guichet/runtime";
import { requireServiceAccess, requireStaff } from "@guichet/web";
import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req } from "@nestjs/common";
import { z } from "zod";
import { REPORTING_CONTEXT, type ReportingContext } from "../reporting.tokens.ts";
import { requireReportReader } from "../reports/report-access.ts";
import { surveyAnswerSchema } from "./record-survey-answer.usecase.ts";
import { parseSatisfactionQuery, satisfactionRows } from "./satisfaction.query.ts";
import type { SurveysDeps } from "./survey-page.controller.ts";
import { SURVEYS } from "./surveys.tokens.ts";

const agentAnswerSchema = surveyAnswerSchema.extend({
  reference: z.string().regex(/^[A-Z]{1,6}-\d{4}-\d{6,}$/, "référence attendue, ex. LA-2026-000123"),
  channel: z.enum(["counter", "phone"]),
});

/** Satisfaction API: agents record counter/phone answers; managers read the results (no personal data). */
@Controller("api")
export class SatisfactionController {
  constructor(
    @Inject(SURVEYS) private readonly deps: SurveysDeps,
    @Inject(REPORTING_CONTEXT) private readonly context: ReportingContext,
  ) {}

  @Post("satisfaction")
  @HttpCode(201)
  async record(@Req() request: IncomingMessage, @Body() body: unknown) {
    const staff = requireStaff(request, this.context.identitySecret, ["reception", "agent"]);
    const answer = validateInput(agentAnswerSchema, body, "answer");
    const target = await this.deps.repository.byReference(answer.reference);
    if (!target) throw new AppError("not-found", "aucune demande ne porte cette référence");
    if (!staff.roles.includes("reception") && target.serviceId) requireServiceAccess(staff, target.serviceId);
    const result = await this.deps.record.execute({
      requestId: target.requestId,
      score: answer.score,
      comment: answer.comment,
      channel: answer.channel,
      byStaff: true,
    });
    if (result === "already-answered") throw new AppError("conflict", "cette demande a déjà reçu un avis");
    return { reference: answer.reference, recorded: true };
  }

  @Get("reports/satisfaction")
  async results(@Req() request: IncomingMessage, @Query() raw: unknown) {
    const { scope } = requireReportReader(request, this.context.identitySecret);
    const query = parseSatisfactionQuery(raw);
    return { rows: await satisfactionRows(this.deps.repository.pool, this.context.schema, query, scope) };
  }
}
