import { readFileSync } from "node:fs";
import type { IncomingMessage as Request, ServerResponse as Response } from "node:http";
import { AppError } from "@guichet/runtime";
import { Controller, Get, Inject, Query, Req, Res } from "@nestjs/common";
import { z } from "zod";
import { writeMonthlyReportPdf } from "../exports/monthly-report.pdf.ts";
import { streamCsv, streamXlsx } from "../exports/request-export.ts";
import { REPORTING_CONTEXT, type ReportingContext } from "../reporting.tokens.ts";
import { requireReportReader } from "./report-access.ts";
import { parseReportQuery } from "./report-params.ts";
import { SlaReportQuery } from "./sla-report.query.ts";

const openApi = readFileSync(new URL("../../openapi.yaml", import.meta.url), "utf8");
const monthSchema = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "mois attendu AAAA-MM") });
const yearSchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  asOf: z.iso.datetime({ offset: true }).optional(),
});

/** The JSON reports API (described in services/reporting/openapi.yaml) and the exports. */
@Controller("api/reports")
export class ReportsController {
  constructor(
    @Inject(SlaReportQuery) private readonly reports: SlaReportQuery,
    @Inject(REPORTING_CONTEXT) private readonly context: ReportingContext,
  ) {}

  @Get("openapi.yaml")
  openapi(@Res() response: Response) {
    response.setHeader("content-type", "application/yaml; charset=utf-8");
    response.end(openApi);
  }

  @Get("sla")
  sla(@Req() request: Request, @Query() raw: unknown) {
    const { scope } = requireReportReader(request, this.context.identitySecret);
    return this.reports.sla(parseReportQuery(raw), scope);
  }

  @Get("phone")
  async phone(@Req() request: Request, @Query() raw: unknown) {
    const { scope } = requireReportReader(request, this.context.identitySecret);
    return { rows: await this.reports.phone(parseReportQuery(raw), scope) };
  }

  @Get("appointments")
  async appointments(@Req() request: Request, @Query() raw: unknown) {
    const { scope } = requireReportReader(request, this.context.identitySecret);
    return { rows: await this.reports.appointments(parseReportQuery(raw), scope) };
  }

  @Get("services-publics-plus")
  servicesPublicsPlus(@Req() request: Request, @Query() raw: unknown) {
    const { scope } = requireReportReader(request, this.context.identitySecret);
    const parsed = yearSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message }));
      throw new AppError("validation", `paramètres invalides : ${problems.map((p) => p.field).join(", ")}`, problems);
    }
    const asOf = parsed.data.asOf ? new Date(parsed.data.asOf) : new Date();
    return this.reports.servicesPublicsPlus(parsed.data.year, scope, asOf);
  }

  @Get("export.csv")
  async exportCsv(@Req() request: Request, @Query() raw: unknown, @Res() response: Response) {
    const { scope } = requireReportReader(request, this.context.identitySecret);
    const query = parseReportQuery(raw);
    response.setHeader("content-type", "text/csv; charset=utf-8");
    response.setHeader("content-disposition", `attachment; filename="demandes-${query.from}-${query.to}.csv"`);
    await streamCsv(this.reports.pool, this.context.schema, query, scope, response);
  }

  @Get("export.xlsx")
  async exportXlsx(@Req() request: Request, @Query() raw: unknown, @Res() response: Response) {
    const { scope } = requireReportReader(request, this.context.identitySecret);
    const query = parseReportQuery(raw);
    response.setHeader("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    response.setHeader("content-disposition", `attachment; filename="demandes-${query.from}-${query.to}.xlsx"`);
    await streamXlsx(this.reports.pool, this.context.schema, query, scope, response);
  }

  @Get("monthly.pdf")
  async monthlyPdf(@Req() request: Request, @Query() raw: unknown, @Res() response: Response) {
    const { scope } = requireReportReader(request, this.context.identitySecret);
    const parsed = monthSchema.safeParse(raw);
    if (!parsed.success)
      throw new AppError("validation", "paramètre invalide : month", [
        { field: "month", message: "mois attendu AAAA-MM" },
      ]);
    const month = parsed.data.month;
    const [year, m] = month.split("-").map(Number) as [number, number];
    const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
    const query = parseReportQuery({
      from: `${month}-01`,
      to: `${month}-${String(lastDay).padStart(2, "0")}`,
      groupBy: "service",
    });
    const report = await this.reports.sla(query, scope);
    const phone = scope === null ? await this.reports.phone({ ...query, groupBy: [] }, scope) : null;
    response.setHeader("content-type", "application/pdf");
    response.setHeader("content-disposition", `attachment; filename="rapport-delais-${month}.pdf"`);
    await writeMonthlyReportPdf({ town: this.context.townName, month, rows: report.rows, phone }, response);
  }
}
