import type { Envelope } from "@guichet/contracts";
import { context, propagation, trace } from "@opentelemetry/api";

/**
 * Stamps the envelope with the active span's W3C trace context, so the consumer's span links to the
 * producer's even though the event leaves through the outbox later, outside that span.
 */
export function withTraceContext<T extends Envelope>(envelope: T): T {
  if (envelope.traceparent) return envelope;
  const active = context.active();
  const spanContext = trace.getSpanContext(active);
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return envelope;

  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  // The envelope fields are W3C by definition: when no W3C propagator is registered (the SDK is not
  // started, or another format is configured) format them from the span context directly.
  const traceparent =
    carrier.traceparent ??
    `00-${spanContext.traceId}-${spanContext.spanId}-${(spanContext.traceFlags & 0xff).toString(16).padStart(2, "0")}`;
  const tracestate = carrier.tracestate ?? spanContext.traceState?.serialize();
  return { ...envelope, traceparent, ...(tracestate ? { tracestate } : {}) };
}
