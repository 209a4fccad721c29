import { type Envelope, parseEvent, subjectOf } from "@guichet/contracts";
import type { JetStreamClient } from "@nats-io/jetstream";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { contextOfFields, injectTraceContext, messagingAttributes, tracer } from "./trace.propagation.ts";

export interface PublishResult {
  seq: number;
  duplicate: boolean;
}

export class EventPublisher {
  constructor(
    private readonly js: JetStreamClient,
    private readonly namespace: string,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Publishes one event, resolved once JetStream stored it. The envelope id is the message id,
   * so a relay that re-sends after a lost ack is de-duplicated by the server.
   */
  async publish(envelope: Envelope): Promise<PublishResult> {
    const payload = JSON.stringify(envelope);
    // Exactly the check consumers run: a bad event fails here, at its producer, not in a DLQ.
    parseEvent(payload);
    const subject = subjectOf(this.namespace, envelope);
    // An envelope written to an outbox during a request carries that request's context: the
    // producer span joins that trace rather than the relay's.
    const parent = contextOfFields(envelope);
    const options = { kind: SpanKind.PRODUCER, attributes: messagingAttributes(subject, "send") };
    return tracer.startActiveSpan(`publish ${subject}`, options, parent, async (span) => {
      try {
        const ack = await this.js.publish(subject, payload, {
          msgID: envelope.id,
          headers: injectTraceContext(envelope),
          timeout: this.timeoutMs,
        });
        return { seq: ack.seq, duplicate: ack.duplicate };
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : "publish failed" });
        throw error;
      } finally {
        span.end();
      }
    });
  }
}
