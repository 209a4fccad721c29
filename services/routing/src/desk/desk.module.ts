import type { ServiceInfrastructure } from "@guichet/runtime";
import { type DynamicModule, type InjectionToken, Module, type Provider } from "@nestjs/common";
import { CatalogVersions } from "../catalog-store/catalog-versions.ts";
import { RouteFromTriageUseCase } from "../triage/route-from-triage.usecase.ts";
import { TriageApiController } from "../triage/triage-api.controller.ts";
import { TriagePageController } from "../triage/triage-page.controller.ts";
import type { DeskStore } from "./desk.store.ts";
import { DESK_SETTINGS, type DeskSettings } from "./desk.tokens.ts";
import { DeskApiController } from "./desk-api.controller.ts";
import { DeskPagesController } from "./desk-pages.controller.ts";
import { DeskQueries } from "./desk-queries.ts";
import { DESK_CONSUMER, ProjectDeskEventUseCase } from "./project-desk/project-desk-event.usecase.ts";
import { AddNoteUseCase } from "./work-case/add-note.usecase.ts";
import { AssignCaseUseCase } from "./work-case/assign-case.usecase.ts";
import { ChangeStatusUseCase } from "./work-case/change-status.usecase.ts";
import { ReplyToCitizenUseCase } from "./work-case/reply-to-citizen.usecase.ts";
import { TransferCaseUseCase } from "./work-case/transfer-case.usecase.ts";

type ConsumerHandle = Awaited<ReturnType<ServiceInfrastructure["messaging"]["consume"]>>;

@Module({})
class DeskModule {}

/**
 * The service desk and the triage queue: its own projection fed by its own durable consumer
 * (`routing-desk`), so it does not depend on how the routing decision is taken.
 */
export class Desk {
  private consumer: ConsumerHandle | undefined;

  constructor(
    private readonly db: DeskStore,
    private readonly catalogs: CatalogVersions,
  ) {}

  module(infrastructure: ServiceInfrastructure): DynamicModule {
    const { outbox } = infrastructure;
    const settings: DeskSettings = { identitySecret: infrastructure.options.identitySecret };
    const value = (provide: InjectionToken, useValue: unknown): Provider => ({ provide, useValue });
    return {
      module: DeskModule,
      controllers: [DeskApiController, DeskPagesController, TriageApiController, TriagePageController],
      providers: [
        value(DESK_SETTINGS, settings),
        value(CatalogVersions, this.catalogs),
        value(DeskQueries, new DeskQueries(this.db, outbox)),
        value(AssignCaseUseCase, new AssignCaseUseCase(this.db, outbox)),
        value(AddNoteUseCase, new AddNoteUseCase(this.db, outbox)),
        value(ReplyToCitizenUseCase, new ReplyToCitizenUseCase(this.db, outbox)),
        value(ChangeStatusUseCase, new ChangeStatusUseCase(this.db, outbox)),
        value(TransferCaseUseCase, new TransferCaseUseCase(this.db, outbox, this.catalogs)),
        value(RouteFromTriageUseCase, new RouteFromTriageUseCase(this.db, outbox, this.catalogs)),
      ],
    };
  }

  /** Starts the projection's durable consumer (in order: one message at a time). */
  async start(infrastructure: ServiceInfrastructure): Promise<void> {
    const project = new ProjectDeskEventUseCase(
      this.db,
      infrastructure.pool,
      infrastructure.inbox,
      infrastructure.outbox,
    );
    this.consumer = await infrastructure.messaging.consume({
      durable: DESK_CONSUMER,
      events: ["requestReceived", "requestRouted", "requestSentToTriage", "requestFollowUpReceived"],
      handler: (envelope) => project.execute(envelope),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
  }
}
