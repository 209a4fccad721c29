import type { SubmitRequestUseCase, SubmittedRequest } from "../requests/submit-request/submit-request.usecase.ts";
import { citizenOf } from "../web/web-intake.ts";
import type { CounterVisit } from "./counter-visit.schema.ts";

export interface RecordCounterVisitCommand {
  visit: CounterVisit;
  staffId: string;
  idempotencyKey?: string | undefined;
  now: Date;
}

/**
 * A visit at a counter becomes a request (channel "counter", entered by the agent, dated now). When
 * the agent already answered on the spot, metadata.answeredOnSpot tells notification's policy.
 */
export class RecordCounterVisitUseCase {
  constructor(private readonly submitRequest: SubmitRequestUseCase) {}

  execute(command: RecordCounterVisitCommand): Promise<SubmittedRequest> {
    const { visit } = command;
    const answered = visit.answeredOnTheSpot?.trim();
    return this.submitRequest.execute({
      channel: "counter",
      siteId: visit.siteId,
      subjectId: visit.subjectId ?? null,
      title: null,
      body: answered ? `${visit.asked}\n\nRéponse apportée au guichet : ${answered}` : visit.asked,
      citizen: citizenOf(visit.citizen),
      metadata: answered ? { answeredOnSpot: "true" } : {},
      receivedAt: command.now,
      idempotencyKey: command.idempotencyKey,
      enteredBy: command.staffId,
    });
  }
}
