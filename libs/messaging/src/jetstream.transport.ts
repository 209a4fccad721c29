import { type DeliveryPolicy, type Envelope, type EventName, events } from "@guichet/contracts";
import { type CustomTransportStrategy, Server } from "@nestjs/microservices";
import { isObservable, lastValueFrom } from "rxjs";
import type { ConsumerHandle, DeliveryContext } from "./event.consumer.ts";
import { JetStreamContext } from "./jetstream.context.ts";
import type { Messaging } from "./messaging.client.ts";

export interface JetStreamTransportOptions {
  durable: string;
  concurrency?: number;
  policy?: Partial<DeliveryPolicy>;
}

/** `@EventPattern` pattern of each catalogued event: its subject without the namespace. */
const eventByPattern = new Map<string, EventName>(
  (Object.keys(events) as EventName[]).map((name) => [`${events[name].type}.v${events[name].version}`, name]),
);

/**
 * Nest custom transport over one durable consumer. Nest only dispatches: acks, retries and
 * dead-letters follow the same edge mapping as `Messaging.consume`, which is why handler results
 * are awaited here instead of going through Nest's fire-and-forget `handleEvent`.
 */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  // We observe handler failures ourselves, so Nest must not log them as unhandled.
  override readonly propagatesEventHandlerErrors = true;
  private consumer: ConsumerHandle | undefined;

  constructor(
    private readonly messaging: Messaging,
    private readonly options: JetStreamTransportOptions,
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.consumer = await this.messaging.consume({
        durable: this.options.durable,
        events: this.handledEvents(),
        concurrency: this.options.concurrency,
        policy: this.options.policy,
        handler: (envelope, delivery) => this.dispatch(envelope, delivery),
      });
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
  }

  on(): never {
    throw new Error("JetStreamTransport emits no events: connection events are logged by Messaging");
  }

  unwrap<T>(): T {
    return this.messaging as T;
  }

  private handledEvents(): EventName[] {
    const names: EventName[] = [];
    for (const [pattern, handler] of this.messageHandlers) {
      const name = eventByPattern.get(pattern);
      if (!name)
        throw new Error(`@EventPattern("${pattern}") names no catalogued event (expected "<type>.v<version>")`);
      if (!handler.isEventHandler) throw new Error(`@MessagePattern("${pattern}") is not supported over JetStream`);
      names.push(name);
    }
    if (names.length === 0) throw new Error("JetStreamTransport has no @EventPattern handler to consume for");
    return names;
  }

  private async dispatch(envelope: Envelope, delivery: DeliveryContext): Promise<void> {
    const handler = this.getHandlerByPattern(`${envelope.type}.v${envelope.version}`);
    // Unreachable: the consumer only delivers the events registered above.
    if (!handler) throw new Error(`no handler for ${envelope.type} v${envelope.version}`);
    const result: unknown = await handler(envelope, new JetStreamContext([delivery]));
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }
}
