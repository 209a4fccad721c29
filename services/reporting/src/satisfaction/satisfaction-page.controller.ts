import { formatWithOffset } from "@guichet/calendar";
import { AppError } from "@guichet/runtime";
import { answerPage, type PageRequest, type PageResponse } from "@guichet/web";
import { Controller, Get, Inject, Req, Res } from "@nestjs/common";
import { REPORTING_CONTEXT, type ReportingContext } from "../reporting.tokens.ts";
import { requireReportReader } from "../reports/report-access.ts";
import { type SatisfactionForm, satisfactionMain } from "./satisfaction.page.ts";
import { parseSatisfactionQuery, satisfactionRows } from "./satisfaction.query.ts";
import type { SurveysDeps } from "./survey-page.controller.ts";
import { SURVEYS } from "./surveys.tokens.ts";

/** Managers' satisfaction results: a GET form (no JavaScript), a chart and its table. */
@Controller("tableau-de-bord/satisfaction")
export class SatisfactionPageController {
  constructor(
    @Inject(SURVEYS) private readonly deps: SurveysDeps,
    @Inject(REPORTING_CONTEXT) private readonly context: ReportingContext,
  ) {}

  @Get()
  async page(@Req() request: PageRequest, @Res() response: PageResponse) {
    const edge = { town: this.context.townName, secret: this.context.identitySecret };
    await answerPage(request, response, edge, async () => {
      const { scope } = requireReportReader(request, this.context.identitySecret);
      const now = new Date();
      const value = (name: string, fallback: string) =>
        typeof request.query[name] === "string" ? (request.query[name] as string) : fallback;
      const form: SatisfactionForm = {
        from: value("from", `${formatWithOffset(now).slice(0, 4)}-01-01`),
        to: value("to", formatWithOffset(now).slice(0, 10)),
        groupBy: value("groupBy", "service"),
      };
      try {
        const query = parseSatisfactionQuery(form);
        const rows = await satisfactionRows(this.deps.repository.pool, this.context.schema, query, scope);
        return {
          title: "Satisfaction des usagers",
          main: satisfactionMain(form, rows, []),
          currentPath: "/tableau-de-bord",
        };
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== "validation") throw error;
        return {
          status: 400,
          title: "Erreur — Satisfaction des usagers",
          main: satisfactionMain(form, null, [...error.problems]),
          currentPath: "/tableau-de-bord",
        };
      }
    });
  }
}
