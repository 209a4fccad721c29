import { fileURLToPath } from "node:url";
import { formatWithOffset } from "@guichet/calendar";
import { type RunningService, startService } from "@guichet/runtime";
import { type DynamicModule, Module } from "@nestjs/common";
import { RaiseSlaAlertsUseCase } from "./alerts/raise-sla-alerts.usecase.ts";
import { loadSlaCatalogue } from "./catalogue/sla-catalogue.ts";
import type { ReportingConfig } from "./config.ts";
import { DefineExperimentUseCase } from "./experiments/define-experiment.usecase.ts";
import { ExperimentRepository } from "./experiments/experiment.repository.ts";
import { ExperimentReportQuery } from "./experiments/experiment-report.query.ts";
import { ExperimentReportBuilder } from "./experiments/experiment-report.ts";
import { ExperimentsController, type ExperimentsDeps } from "./experiments/experiments.controller.ts";
import { EXPERIMENTS } from "./experiments/experiments.tokens.ts";
import { ExperimentsPageController } from "./experiments/experiments-page.controller.ts";
import { DashboardController } from "./pages/dashboard.controller.ts";
import { FollowUpController } from "./pages/follow-up.controller.ts";
import { FollowUpQuery } from "./pages/follow-up.query.ts";
import { ProjectEventUseCase } from "./projections/project-event.usecase.ts";
import { ProjectionEventsController } from "./projections/projection-events.controller.ts";
import { REPORTING_SCHEMA } from "./reporting.schema.ts";
import { REPORTING_CONTEXT, type ReportingContext } from "./reporting.tokens.ts";
import { ReportsController } from "./reports/reports.controller.ts";
import { SlaReportQuery } from "./reports/sla-report.query.ts";
import { RecordSurveyAnswerUseCase } from "./satisfaction/record-survey-answer.usecase.ts";
import { SatisfactionController } from "./satisfaction/satisfaction.controller.ts";
import { SatisfactionPageController } from "./satisfaction/satisfaction-page.controller.ts";
import { SurveyRepository } from "./satisfaction/survey.repository.ts";
import { SurveyPageController, type SurveysDeps } from "./satisfaction/survey-page.controller.ts";
import { SURVEYS } from "./satisfaction/surveys.tokens.ts";
import { PeriodicTask } from "./scheduling/periodic-task.ts";
import { RequestTimelineQuery } from "./timeline/request-timeline.query.ts";
import { TimelineController } from "./timeline/timeline.controller.ts";
import { InviteVolunteersUseCase } from "./volunteers/invite-volunteers.usecase.ts";
import { VolunteerRepository } from "./volunteers/volunteer.repository.ts";
import { VOLUNTEERS, VolunteersController, type VolunteersDeps } from "./volunteers/volunteers.controller.ts";
import { SendWeeklyReportsUseCase } from "./weekly/send-weekly-reports.usecase.ts";

@Module({})
class ReportingModule {}

/** Boots reporting: used by main.ts and by end-to-end tests. */
export function startReporting(config: ReportingConfig, clock: () => Date = () => new Date()): Promise<RunningService> {
  const catalogue = loadSlaCatalogue(config.catalogFile);
  const context: ReportingContext = {
    schema: REPORTING_SCHEMA,
    identitySecret: config.infrastructure.identitySecret,
    matchKey: config.matchKey,
    townName: catalogue.townName,
    serviceIds: [...catalogue.serviceCalendars.keys()].sort(),
  };
  const tasks: PeriodicTask[] = [];
  return startService({
    name: "reporting",
    schema: REPORTING_SCHEMA,
    migrationsDir: fileURLToPath(new URL("../migrations", import.meta.url)),
    infrastructure: config.infrastructure,
    port: config.port,
    // Its events are projected in shared transactions (GroupCommit): the lanes in flight make a
    // batch, so reporting takes four times the services' setting (one connection does the work).
    consumer: { concurrency: config.infrastructure.consumerConcurrency * 4 },
    prepare: async (infrastructure) => {
      const raise = new RaiseSlaAlertsUseCase(
        infrastructure.pool,
        REPORTING_SCHEMA,
        infrastructure.outbox,
        catalogue,
        config.alerts.nearingRatio,
      );
      tasks.push(
        new PeriodicTask(
          "sla-alerts",
          (now) => raise.execute(now),
          config.alerts.intervalSeconds,
          infrastructure.logger,
          clock,
        ),
      );
      if (config.weeklyReport.managers.length > 0) {
        const weekly = new SendWeeklyReportsUseCase(
          infrastructure.pool,
          REPORTING_SCHEMA,
          new SlaReportQuery(infrastructure.pool, REPORTING_SCHEMA),
          { ...config.weeklyReport, town: context.townName },
        );
        // Checked hourly; sent once per manager and week, from Monday 08:00 (Europe/Paris).
        const mondayMorning = (now: Date) => {
          const local = formatWithOffset(now);
          const monday = new Date(`${local.slice(0, 10)}T00:00:00Z`).getUTCDay() === 1;
          return monday && local.slice(11, 13) >= "08" ? weekly.execute(now) : Promise.resolve(0);
        };
        tasks.push(new PeriodicTask("weekly-report", mondayMorning, 3600, infrastructure.logger, clock));
      }
      for (const task of tasks) task.start();
    },
    beforeClose: async () => {
      await Promise.all(tasks.map((task) => task.stop()));
    },
    module: (infrastructure): DynamicModule => {
      const repository = new ExperimentRepository(infrastructure.pool, REPORTING_SCHEMA);
      const volunteerRepository = new VolunteerRepository(infrastructure.pool, REPORTING_SCHEMA);
      const experiments: ExperimentsDeps = {
        repository,
        define: new DefineExperimentUseCase(infrastructure.pool, repository, infrastructure.outbox),
        reports: new ExperimentReportBuilder(
          repository,
          new ExperimentReportQuery(infrastructure.pool, REPORTING_SCHEMA),
          volunteerRepository,
        ),
      };
      const surveyRepository = new SurveyRepository(infrastructure.pool, REPORTING_SCHEMA);
      const surveys: SurveysDeps = {
        repository: surveyRepository,
        record: new RecordSurveyAnswerUseCase(infrastructure.pool, surveyRepository, infrastructure.outbox),
      };
      const publicUrl = config.publicUrl ?? "http://127.0.0.1:3000";
      const volunteers: VolunteersDeps = {
        repository: volunteerRepository,
        invite: new InviteVolunteersUseCase(volunteerRepository, {
          smtpUrl: config.weeklyReport.smtpUrl,
          mailFrom: config.weeklyReport.mailFrom,
          publicUrl,
          town: context.townName,
        }),
        publicUrl,
      };
      return {
        module: ReportingModule,
        controllers: [
          ProjectionEventsController,
          TimelineController,
          ReportsController,
          DashboardController,
          FollowUpController,
          ExperimentsController,
          ExperimentsPageController,
          SurveyPageController,
          SatisfactionController,
          SatisfactionPageController,
          VolunteersController,
        ],
        providers: [
          { provide: REPORTING_CONTEXT, useValue: context },
          {
            provide: ProjectEventUseCase,
            useValue: new ProjectEventUseCase(
              infrastructure.pool,
              infrastructure.inbox,
              { schema: REPORTING_SCHEMA, catalogue, matchKey: config.matchKey },
              clock,
            ),
          },
          { provide: RequestTimelineQuery, useValue: new RequestTimelineQuery(infrastructure.pool, REPORTING_SCHEMA) },
          {
            provide: FollowUpQuery,
            useValue: new FollowUpQuery(infrastructure.pool, REPORTING_SCHEMA, config.matchKey),
          },
          { provide: SlaReportQuery, useValue: new SlaReportQuery(infrastructure.pool, REPORTING_SCHEMA) },
          { provide: EXPERIMENTS, useValue: experiments },
          { provide: SURVEYS, useValue: surveys },
          { provide: VOLUNTEERS, useValue: volunteers },
        ],
      };
    },
  });
}
