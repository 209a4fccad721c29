import {
  ContractError,
  type DeliveryPolicy,
  type Envelope,
  findDefinition,
  parseEvent,
  subjectOf,
} from "@guichet/contracts";
import type { ConsumerMessages, JetStreamClient, JsMsg } from "@nats-io/jetstream";
import { type Span, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { writeDeadLetter } from "./dead-letter.writer.ts";
import { type DeliveryOutcome, describeError, outcomeOf } from "./delivery.outcome.ts";
import { policyFor } from "./delivery.policy.ts";
import type { MessagingLogger } from "./messaging.options.ts";
import { deadLetterSubjectOf, isDeadLetterSubject } from "./subject.naming.ts";
import { extractTraceContext, messagingAttributes, tracer } from "./trace.propagation.ts";

export interface DeliveryContext {
  subject: string;
  deliveryCount: number;
  streamSeq: number;
}

export type EventHandler = (envelope: Envelope, context: DeliveryContext) => Promise<void>;

export interface ConsumerHandle {
  /** Stops pulling, lets in-flight handlers finish, hands buffered messages back to the server. */
  stop(): Promise<void>;
}

export interface EventConsumerSettings {
  js: JetStreamClient;
  namespace: string;
  durable: string;
  /** Subjects handled; `undefined` means every event subject of the namespace. */
  subjects: ReadonlySet<string> | undefined;
  handler: EventHandler;
  concurrency: number;
  ackWaitMs: number;
  overrides: Partial<DeliveryPolicy>;
  publishTimeoutMs: number;
  logger: MessagingLogger;
}

/** One running durable pull consumer: the message edge mapping handler results to ack/nak/term. */
export class EventConsumer implements ConsumerHandle {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly lastOfKey = new Map<string, Promise<void>>();
  private stopping = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly messages: ConsumerMessages,
    private readonly settings: EventConsumerSettings,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.messages.close();
    await this.loop;
    await Promise.all(this.inFlight);
  }

  private async run(): Promise<void> {
    try {
      for await (const msg of this.messages) {
        while (this.inFlight.size >= this.settings.concurrency) await Promise.race(this.inFlight);
        if (this.stopping) {
          // Prefetched but not started: give it back now rather than after the ack wait.
          msg.nak();
          continue;
        }
        const parsed = parse(msg, this.settings.namespace);
        // Events of one request are handled one after the other, in stream order; events of
        // different requests run side by side up to `concurrency`.
        const key = requestKeyOf(parsed.envelope);
        const previous = this.lastOfKey.get(key);
        const task: Promise<void> = (previous ?? Promise.resolve())
          .then(() => this.deliver(msg, parsed))
          .finally(() => {
            this.inFlight.delete(task);
            if (this.lastOfKey.get(key) === task) this.lastOfKey.delete(key);
          });
        this.lastOfKey.set(key, task);
        this.inFlight.add(task);
      }
    } catch (error) {
      this.settings.logger.error({ consumer: this.settings.durable, error: describeError(error) }, "consumer stopped");
    }
  }

  /** Never rejects: every path ends in ack, nak or term. */
  private async deliver(msg: JsMsg, parsed: { envelope?: Envelope; error?: unknown }): Promise<void> {
    const { namespace, subjects } = this.settings;
    if (isDeadLetterSubject(namespace, msg.subject) || (subjects && !subjects.has(msg.subject))) {
      // Server 2.9 has one filter per consumer: events this consumer does not handle are skipped.
      msg.ack();
      return;
    }
    const parent = extractTraceContext(msg.headers, parsed.envelope);
    const options = {
      kind: SpanKind.CONSUMER,
      attributes: messagingAttributes(msg.subject, "process", this.settings.durable),
    };
    await tracer.startActiveSpan(`process ${msg.subject}`, options, parent, async (span) => {
      try {
        if (parsed.envelope) await this.handle(msg, parsed.envelope, span);
        else await this.settle(msg, { kind: "dead-letter", reason: describeError(parsed.error) }, span);
      } catch (error) {
        // Only reached if settling itself failed (connection lost): the ack wait redelivers it.
        this.settings.logger.error({ consumer: this.settings.durable, seq: msg.seq, error: describeError(error) });
      } finally {
        span.end();
      }
    });
  }

  private async handle(msg: JsMsg, envelope: Envelope, span: Span): Promise<void> {
    const deliveryCount = msg.info.deliveryCount;
    const policy = policyFor(findDefinition(envelope.type, envelope.version), this.settings.overrides);
    if (deliveryCount > policy.maxDeliver) {
      // The spare delivery: the previous attempt never answered (hang or crash).
      const reason = `no outcome after ${policy.maxDeliver} deliveries (ack wait exceeded)`;
      await this.settle(msg, { kind: "dead-letter", reason }, span);
      return;
    }
    const heartbeat = this.keepAlive(msg);
    let failure: { error: unknown } | undefined;
    try {
      await this.settings.handler(envelope, { subject: msg.subject, deliveryCount, streamSeq: msg.seq });
    } catch (error) {
      failure = { error };
    } finally {
      clearInterval(heartbeat);
    }
    if (!failure) {
      msg.ack();
      span.setAttribute("guichet.delivery.outcome", "ack");
      return;
    }
    await this.settle(msg, outcomeOf(failure.error, deliveryCount, policy), span);
  }

  /** Long handlers keep the message theirs instead of having it redelivered in parallel. */
  private keepAlive(msg: JsMsg): NodeJS.Timeout {
    const timer = setInterval(() => msg.working(), Math.max(this.settings.ackWaitMs / 2, 100));
    timer.unref();
    return timer;
  }

  private async settle(msg: JsMsg, outcome: DeliveryOutcome, span: Span): Promise<void> {
    const { durable, logger } = this.settings;
    span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.kind });
    span.setAttribute("guichet.delivery.outcome", outcome.kind);
    const fields = { consumer: durable, subject: msg.subject, seq: msg.seq, deliveries: msg.info.deliveryCount };
    if (outcome.kind === "retry") {
      msg.nak(outcome.delayMs);
      logger.warn({ ...fields, delayMs: outcome.delayMs, error: outcome.reason }, "event redelivery scheduled");
      return;
    }
    try {
      await writeDeadLetter(this.settings.js, msg, {
        subject: deadLetterSubjectOf(this.settings.namespace, durable),
        durable,
        reason: outcome.reason,
        timeoutMs: this.settings.publishTimeoutMs,
      });
    } catch (error) {
      // Without its dead-letter copy the message must stay in the stream: try again later.
      msg.nak(this.settings.ackWaitMs);
      logger.error({ ...fields, error: describeError(error) }, "dead-letter publish failed");
      return;
    }
    msg.term();
    logger.warn({ ...fields, error: outcome.reason }, "event dead-lettered");
  }
}

/**
 * The ordering lane of an event: its request (every per-request event carries `data.requestId`);
 * events about no request, and unparsable ones, share one lane, so they keep their stream order.
 */
function requestKeyOf(envelope: Envelope | undefined): string {
  const data = envelope?.data as { requestId?: unknown } | undefined;
  return typeof data?.requestId === "string" ? `r:${data.requestId}` : "";
}

function parse(msg: JsMsg, namespace: string): { envelope?: Envelope; error?: unknown } {
  try {
    const envelope = parseEvent(msg.data);
    // A valid event on the wrong subject would bypass the consumers' subject filters.
    if (subjectOf(namespace, envelope) !== msg.subject) {
      throw new ContractError(`event ${envelope.type} v${envelope.version} published on another subject`);
    }
    return { envelope };
  } catch (error) {
    return { error };
  }
}
