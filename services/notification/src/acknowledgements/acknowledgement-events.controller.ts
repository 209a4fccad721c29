import type { Envelope, RequestReceivedV1, RequestRoutedV1 } from "@guichet/contracts";
import { Controller, Inject } from "@nestjs/common";
import { EventPattern, Payload } from "@nestjs/microservices";
import { MessageDispatcher } from "../delivery/message-dispatcher.ts";
import { HandleRequestReceivedUseCase } from "./handle-request-received.usecase.ts";
import { HandleRequestRoutedUseCase } from "./handle-request-routed.usecase.ts";

/** The message edge: translates events into use-case calls, then nudges the dispatcher. */
@Controller()
export class AcknowledgementEventsController {
  constructor(
    @Inject(HandleRequestReceivedUseCase) private readonly onReceived: HandleRequestReceivedUseCase,
    @Inject(HandleRequestRoutedUseCase) private readonly onRouted: HandleRequestRoutedUseCase,
    @Inject(MessageDispatcher) private readonly dispatcher: MessageDispatcher,
  ) {}

  @EventPattern("request.received.v1")
  async requestReceived(@Payload() event: Envelope<RequestReceivedV1>) {
    const { queued } = await this.onReceived.execute(event);
    if (queued) this.dispatcher.wake();
  }

  @EventPattern("request.routed.v1")
  async requestRouted(@Payload() event: Envelope<RequestRoutedV1>) {
    const { queued } = await this.onRouted.execute(event);
    if (queued) this.dispatcher.wake();
  }
}
