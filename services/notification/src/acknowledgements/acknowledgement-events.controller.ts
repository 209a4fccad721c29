import type {
  Envelope,
  MessageBouncedV1,
  RequestReceivedV1,
  RequestRepliedV1,
  RequestRoutedV1,
  RequestSentToTriageV1,
  RequestStatusChangedV1,
  RequestTransferredV1,
  SlaAlertV1,
} from "@guichet/contracts";
import { Controller, Inject } from "@nestjs/common";
import { EventPattern, Payload } from "@nestjs/microservices";
import { HandleSlaAlertUseCase } from "../alerts/handle-sla-alert.usecase.ts";
import { HandleMessageBouncedUseCase } from "../bounces/handle-message-bounced.usecase.ts";
import { MessageDispatcher } from "../delivery/message-dispatcher.ts";
import { HandleSentToTriageUseCase } from "../triage/handle-sent-to-triage.usecase.ts";
import { HandleFollowUpUseCase } from "./handle-follow-up.usecase.ts";
import { HandleRequestReceivedUseCase } from "./handle-request-received.usecase.ts";
import { HandleRequestRoutedUseCase } from "./handle-request-routed.usecase.ts";

/** The message edge: translates events into use-case calls, then nudges the dispatcher. */
@Controller()
export class AcknowledgementEventsController {
  constructor(
    @Inject(HandleRequestReceivedUseCase) private readonly onReceived: HandleRequestReceivedUseCase,
    @Inject(HandleRequestRoutedUseCase) private readonly onRouted: HandleRequestRoutedUseCase,
    @Inject(HandleFollowUpUseCase) private readonly onFollowUp: HandleFollowUpUseCase,
    @Inject(HandleMessageBouncedUseCase) private readonly onBounce: HandleMessageBouncedUseCase,
    @Inject(HandleSentToTriageUseCase) private readonly onSentToTriage: HandleSentToTriageUseCase,
    @Inject(HandleSlaAlertUseCase) private readonly onSlaAlert: HandleSlaAlertUseCase,
    @Inject(MessageDispatcher) private readonly dispatcher: MessageDispatcher,
  ) {}

  @EventPattern("request.received.v1")
  async requestReceived(@Payload() event: Envelope<RequestReceivedV1>) {
    this.wakeIf(await this.onReceived.execute(event));
  }

  @EventPattern("request.routed.v1")
  async requestRouted(@Payload() event: Envelope<RequestRoutedV1>) {
    this.wakeIf(await this.onRouted.execute(event));
  }

  /** Records when the acknowledgement is due; the triage scheduler sends it if nobody routes in time. */
  @EventPattern("request.sent-to-triage.v1")
  async requestSentToTriage(@Payload() event: Envelope<RequestSentToTriageV1>) {
    await this.onSentToTriage.execute(event);
  }

  /** Internal e-mail to the service in charge (not to the citizen). */
  @EventPattern("sla.alert.v1")
  async slaAlert(@Payload() event: Envelope<SlaAlertV1>) {
    this.wakeIf(await this.onSlaAlert.execute(event));
  }

  @EventPattern("request.replied.v1")
  async requestReplied(@Payload() event: Envelope<RequestRepliedV1>) {
    this.wakeIf(await this.onFollowUp.execute({ type: "replied", event }));
  }

  @EventPattern("request.status-changed.v1")
  async requestStatusChanged(@Payload() event: Envelope<RequestStatusChangedV1>) {
    this.wakeIf(await this.onFollowUp.execute({ type: "status-changed", event }));
  }

  @EventPattern("request.transferred.v1")
  async requestTransferred(@Payload() event: Envelope<RequestTransferredV1>) {
    this.wakeIf(await this.onFollowUp.execute({ type: "transferred", event }));
  }

  @EventPattern("message.bounced.v1")
  async messageBounced(@Payload() event: Envelope<MessageBouncedV1>) {
    const { fallback } = await this.onBounce.execute(event);
    this.wakeIf({ queued: fallback !== null });
  }

  private wakeIf(result: { queued: boolean }): void {
    if (result.queued) this.dispatcher.wake();
  }
}
