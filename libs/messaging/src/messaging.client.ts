import {
  type DeliveryPolicy,
  type Envelope,
  type EventDefinition,
  type EventName,
  events,
  subjectOf,
} from "@guichet/contracts";
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { DeadLetterStore, type DeadLetters } from "./dead-letter.store.ts";
import { consumerPolicyOf } from "./delivery.policy.ts";
import { type ConsumerHandle, type DeliveryContext, EventConsumer } from "./event.consumer.ts";
import { EventPublisher, type PublishResult } from "./event.publisher.ts";
import { type MessagingLogger, type MessagingOptions, silentLogger } from "./messaging.options.ts";
import { type MessagingStatus, readStatus } from "./messaging.status.ts";
import { provisionConsumer, provisionStream } from "./stream.provisioner.ts";
import { allSubjectsOf, assertDurableName, assertNamespace, streamNameOf } from "./subject.naming.ts";

export interface ConsumeOptions {
  /** Durable consumer name, e.g. "routing". */
  durable: string;
  /**
   * Catalogue events this consumer handles, or "all" (reporting). Dead-letter subjects are never
   * delivered to handlers.
   */
  events: EventName[] | "all";
  handler: (envelope: Envelope, context: DeliveryContext) => Promise<void>;
  /** Messages processed concurrently (default 1 = in order). */
  concurrency?: number;
  /** Overrides of the catalogue policy (tests use short ackWait/backoff). */
  policy?: Partial<DeliveryPolicy>;
}

const defaultPublishTimeoutMs = 5_000;

/** The service's one JetStream connection: publishing, durable consumers, operator tooling. */
export class Messaging {
  readonly namespace: string;
  readonly streamName: string;
  readonly deadLetters: DeadLetters;
  private readonly publisher: EventPublisher;
  private readonly consumers = new Set<ConsumerHandle>();
  private connected = true;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: MessagingOptions,
    private readonly logger: MessagingLogger,
  ) {
    this.namespace = options.namespace;
    this.streamName = streamNameOf(options.namespace);
    this.publisher = new EventPublisher(js, this.namespace, this.publishTimeoutMs);
    this.deadLetters = new DeadLetterStore(jsm, js, this.streamName, this.namespace, this.publishTimeoutMs, logger);
    void this.watchConnection();
  }

  static async connect(options: MessagingOptions): Promise<Messaging> {
    assertNamespace(options.namespace);
    const nc = await connect({
      servers: options.servers,
      name: options.name,
      // A service outlives broker restarts and failovers; it never gives up reconnecting.
      maxReconnectAttempts: -1,
    });
    const jsm = await jetstreamManager(nc);
    return new Messaging(nc, jetstream(nc), jsm, options, options.logger ?? silentLogger);
  }

  private get publishTimeoutMs(): number {
    return this.options.publishTimeoutMs ?? defaultPublishTimeoutMs;
  }

  async ensureStream(): Promise<void> {
    await provisionStream(this.jsm, {
      name: this.streamName,
      namespace: this.namespace,
      replicas: this.options.replicas ?? 1,
    });
  }

  publish(envelope: Envelope): Promise<PublishResult> {
    return this.publisher.publish(envelope);
  }

  async consume(options: ConsumeOptions): Promise<ConsumerHandle> {
    assertDurableName(options.durable);
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`invalid concurrency ${concurrency}`);
    const defs = definitionsOf(options.events);
    const server = consumerPolicyOf(defs, options.policy);
    const only = defs.length === 1 && defs[0] ? subjectOf(this.namespace, defs[0]) : undefined;
    await provisionConsumer(this.jsm, {
      stream: this.streamName,
      durable: options.durable,
      filterSubject: only ?? allSubjectsOf(this.namespace),
      ackWaitMs: server.ackWaitMs,
      maxDeliver: server.maxDeliver,
    });
    const consumer = await this.js.consumers.get(this.streamName, options.durable);
    // A small prefetch: buffered messages wait with their ack wait running.
    const messages = await consumer.consume({ max_messages: concurrency });
    const running = new EventConsumer(messages, {
      js: this.js,
      namespace: this.namespace,
      durable: options.durable,
      subjects: options.events === "all" ? undefined : new Set(defs.map((def) => subjectOf(this.namespace, def))),
      handler: options.handler,
      concurrency,
      ackWaitMs: server.ackWaitMs,
      overrides: options.policy ?? {},
      publishTimeoutMs: this.publishTimeoutMs,
      logger: this.logger,
    });
    running.start();
    this.consumers.add(running);
    this.logger.info({ consumer: options.durable, concurrency }, "consumer started");
    return {
      stop: async () => {
        this.consumers.delete(running);
        await running.stop();
      },
    };
  }

  status(): Promise<MessagingStatus> {
    return readStatus(this.jsm, this.streamName);
  }

  isConnected(): boolean {
    return this.connected && !this.nc.isClosed() && !this.nc.isDraining();
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const running = [...this.consumers];
    this.consumers.clear();
    await Promise.all(running.map((consumer) => consumer.stop()));
    // Drain flushes the acks of the handlers that just finished before closing.
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  private async watchConnection(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === "disconnect") {
        this.connected = false;
        this.logger.warn({ server: status.server }, "NATS disconnected");
      } else if (status.type === "reconnect") {
        this.connected = true;
        this.logger.info({ server: status.server }, "NATS reconnected");
      }
    }
  }
}

function definitionsOf(names: EventName[] | "all"): EventDefinition[] {
  if (names === "all") return Object.values(events);
  if (names.length === 0) throw new Error("a consumer needs at least one event");
  return [...new Set(names)].map((name) => events[name]);
}
