import type { IncomingMessage, ServerResponse } from "node:http";
import { formatWithOffset } from "@guichet/calendar";
import { AppError } from "@guichet/runtime";
import { Controller, Get, Inject, Query, Req, Res } from "@nestjs/common";
import { REPORTING_CONTEXT, type ReportingContext } from "../reporting.tokens.ts";
import { requireReportReader } from "../reports/report-access.ts";
import { parseReportQuery } from "../reports/report-params.ts";
import { SlaReportQuery } from "../reports/sla-report.query.ts";
import { type DashboardForm, type DashboardView, renderDashboard } from "./dashboard.page.ts";

const FIELDS = ["from", "to", "groupBy", "period", "service"] as const;

/** Four weeks ending today (Europe/Paris), the default view. */
function defaultForm(now: Date): DashboardForm {
  const today = formatWithOffset(now).slice(0, 10);
  const from = formatWithOffset(new Date(now.getTime() - 27 * 86_400_000)).slice(0, 10);
  return { from, to: today, groupBy: "service", period: "", service: "" };
}

/** Manager dashboard: a GET form (works without JavaScript), SVG charts with their tables. */
@Controller("tableau-de-bord")
export class DashboardController {
  constructor(
    @Inject(SlaReportQuery) private readonly reports: SlaReportQuery,
    @Inject(REPORTING_CONTEXT) private readonly context: ReportingContext,
  ) {}

  @Get()
  async page(@Req() request: IncomingMessage, @Query() raw: Record<string, unknown>, @Res() response: ServerResponse) {
    const { staff, scope } = requireReportReader(request, this.context.identitySecret);
    const defaults = defaultForm(new Date());
    const form = Object.fromEntries(
      FIELDS.map((f) => [f, typeof raw[f] === "string" ? (raw[f] as string) : defaults[f]]),
    ) as unknown as DashboardForm;
    const services = scope === null ? this.context.serviceIds : scope;
    const view: DashboardView = {
      staff,
      town: this.context.townName,
      form,
      problems: [],
      services,
      report: null,
      phone: null,
      appointments: null,
      exportQuery: "",
    };
    const query = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== ""));
    try {
      const parsed = parseReportQuery(query);
      view.report = await this.reports.sla(parsed, scope);
      view.phone = scope === null ? await this.reports.phone(parsed, scope) : null;
      view.appointments = await this.reports.appointments(parsed, scope);
      view.exportQuery = new URLSearchParams(
        Object.entries({ from: form.from, to: form.to, service: form.service }).filter(([, v]) => v !== ""),
      ).toString();
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== "validation") throw error;
      view.problems = error.problems.map((p) => ({ field: p.field, message: messageOf(p.field) }));
      response.statusCode = 400;
    }
    response.setHeader("content-type", "text/html; charset=utf-8");
    response.end(renderDashboard(view));
  }
}

function messageOf(field: string): string {
  switch (field) {
    case "from":
      return "Indiquez une date de début valide (jj/mm/aaaa).";
    case "to":
      return "Indiquez une date de fin valide, postérieure à la date de début.";
    case "groupBy":
      return "Choisissez un regroupement dans la liste.";
    case "period":
      return "Choisissez une période dans la liste.";
    default:
      return `Le filtre « ${field} » n’est pas valide.`;
  }
}
