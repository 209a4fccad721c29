import { AppError } from "@guichet/runtime";
import { answerPage, type PageEdgeOptions, type PageRequest, type PageResponse, verifyCsrf } from "@guichet/web";
import { Controller, Get, Inject, Param, Post, Req, Res } from "@nestjs/common";
import { REPORTING_CONTEXT, type ReportingContext } from "../reporting.tokens.ts";
import { requireReportReader } from "../reports/report-access.ts";
import { type ExperimentForm, experimentReportMain, experimentsMain } from "./experiment.page.ts";
import { canReadExperiment } from "./experiment-report.ts";
import { asOfOf, type ExperimentsDeps, requireExperimentEditor } from "./experiments.controller.ts";
import { EXPERIMENTS } from "./experiments.tokens.ts";

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** The form's flat fields as the API's document. */
function documentOf(form: ExperimentForm, channels: string[]) {
  const kind = form.comparisonKind === "group" ? "group" : "before";
  return {
    id: form.id,
    name: form.name,
    hypothesis: form.hypothesis,
    change: form.change,
    from: form.from,
    to: form.to,
    siteIds: list(form.siteIds),
    channels,
    subjectIds: list(form.subjectIds),
    serviceIds: list(form.serviceIds),
    comparison:
      kind === "before"
        ? { kind, from: form["comparison.from"], to: form["comparison.to"] }
        : { kind, siteIds: list(form["comparison.siteIds"]) },
  };
}

/** Manager pages: /experimentations (list, definition form) and /experimentations/{id} (report). */
@Controller("experimentations")
export class ExperimentsPageController {
  constructor(
    @Inject(EXPERIMENTS) private readonly deps: ExperimentsDeps,
    @Inject(REPORTING_CONTEXT) private readonly context: ReportingContext,
  ) {}

  private get edge(): PageEdgeOptions {
    return {
      town: this.context.townName,
      secret: this.context.identitySecret,
      titles: { "not-found": "Expérimentation introuvable" },
      back: { href: "/experimentations", label: "Retour aux expérimentations" },
    };
  }

  @Get()
  async list(@Req() request: PageRequest, @Res() response: PageResponse) {
    await answerPage(request, response, this.edge, () => this.listPage(request, {}, []));
  }

  @Post()
  async define(@Req() request: PageRequest, @Res() response: PageResponse) {
    await answerPage(request, response, this.edge, async () => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      verifyCsrf(request, body);
      const staff = requireExperimentEditor(request, this.context.identitySecret);
      const form: ExperimentForm = {};
      for (const [key, value] of Object.entries(body)) if (typeof value === "string") form[key] = value;
      const channels = ([] as unknown[]).concat(body.channels ?? []).filter((c): c is string => typeof c === "string");
      form.channels = channels.join(",");
      try {
        const experiment = await this.deps.define.execute(documentOf(form, channels), staff);
        return { redirect: `/experimentations/${experiment.id}` };
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== "validation") throw error;
        return this.listPage(request, form, [...error.problems], 400);
      }
    });
  }

  @Get(":id")
  async report(@Req() request: PageRequest, @Param("id") id: string, @Res() response: PageResponse) {
    await answerPage(request, response, this.edge, async () => {
      const { scope } = requireReportReader(request, this.context.identitySecret);
      const report = await this.deps.reports.report(id, scope, asOfOf(request.query));
      return {
        title: `Expérimentation : ${report.experiment.name}`,
        main: experimentReportMain(report),
        currentPath: "/experimentations",
      };
    });
  }

  private async listPage(
    request: PageRequest,
    form: ExperimentForm,
    problems: { field: string; message: string }[],
    status = 200,
  ) {
    const { staff, scope } = requireReportReader(request, this.context.identitySecret);
    const experiments = (await this.deps.repository.list()).filter((e) => canReadExperiment(e, scope));
    const canDefine = staff.allServices || staff.roles.includes("admin");
    return {
      status,
      title: problems.length > 0 ? "Erreur — Expérimentations" : "Expérimentations",
      main: experimentsMain(request, experiments, canDefine, form, problems),
      currentPath: "/experimentations",
    };
  }
}
