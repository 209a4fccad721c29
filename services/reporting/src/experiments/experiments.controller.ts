import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, validateInput } from "@guichet/runtime";
import { type RequestLike, requireStaff, type StaffIdentity } from "@guichet/web";
import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from "@nestjs/common";
import { z } from "zod";
import { REPORTING_CONTEXT, type ReportingContext } from "../reporting.tokens.ts";
import { requireReportReader } from "../reports/report-access.ts";
import type { DefineExperimentUseCase } from "./define-experiment.usecase.ts";
import type { ExperimentRepository } from "./experiment.repository.ts";
import { writeExperimentReportPdf } from "./experiment-report.pdf.ts";
import { canReadExperiment, type ExperimentReportBuilder } from "./experiment-report.ts";
import { EXPERIMENTS } from "./experiments.tokens.ts";

const asOfSchema = z.object({ asOf: z.iso.datetime({ offset: true }).optional() });

/** Defining an experiment changes what elected officials are shown: the general manager or an admin. */
export function requireExperimentEditor(request: RequestLike, secret: string): StaffIdentity {
  const staff = requireStaff(request, secret, ["manager", "admin"]);
  if (!staff.allServices && !staff.roles.includes("admin"))
    throw new AppError(
      "forbidden",
      "seul un responsable de tous les services ou un administrateur définit une expérimentation",
    );
  return staff;
}

export function asOfOf(raw: unknown): Date {
  const { asOf } = validateInput(asOfSchema, raw, "query");
  return asOf ? new Date(asOf) : new Date();
}

export interface ExperimentsDeps {
  repository: ExperimentRepository;
  define: DefineExperimentUseCase;
  reports: ExperimentReportBuilder;
}

/** The experiments API (services/reporting/openapi.yaml). */
@Controller("api/experiments")
export class ExperimentsController {
  constructor(
    @Inject(EXPERIMENTS) private readonly deps: ExperimentsDeps,
    @Inject(REPORTING_CONTEXT) private readonly context: ReportingContext,
  ) {}

  @Get()
  async list(@Req() request: IncomingMessage) {
    const { scope } = requireReportReader(request, this.context.identitySecret);
    return { experiments: (await this.deps.repository.list()).filter((e) => canReadExperiment(e, scope)) };
  }

  @Post()
  async define(@Req() request: IncomingMessage, @Body() body: unknown) {
    const staff = requireExperimentEditor(request, this.context.identitySecret);
    return this.deps.define.execute(body, staff);
  }

  @Get(":id")
  get(@Req() request: IncomingMessage, @Param("id") id: string) {
    const { scope } = requireReportReader(request, this.context.identitySecret);
    return this.deps.reports.experiment(id, scope);
  }

  @Get(":id/report")
  report(@Req() request: IncomingMessage, @Param("id") id: string, @Query() raw: unknown) {
    const { scope } = requireReportReader(request, this.context.identitySecret);
    return this.deps.reports.report(id, scope, asOfOf(raw));
  }

  @Get(":id/report.pdf")
  async pdf(
    @Req() request: IncomingMessage,
    @Param("id") id: string,
    @Query() raw: unknown,
    @Res() response: ServerResponse,
  ) {
    const { scope } = requireReportReader(request, this.context.identitySecret);
    const report = await this.deps.reports.report(id, scope, asOfOf(raw));
    response.setHeader("content-type", "application/pdf");
    response.setHeader("content-disposition", `attachment; filename="experimentation-${report.experiment.id}.pdf"`);
    await writeExperimentReportPdf(report, this.context.townName, response);
  }
}
