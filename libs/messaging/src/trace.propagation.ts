import { Match, type MsgHdrs, headers as natsHeaders } from "@nats-io/nats-core";
import {
  type Attributes,
  type Context,
  context,
  propagation,
  type TextMapGetter,
  type TextMapSetter,
  trace,
} from "@opentelemetry/api";

export const tracer = trace.getTracer("guichet-messaging");

/** NATS header names are case-sensitive by default; W3C says trace headers are not. */
const getter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (carrier) => carrier?.keys() ?? [],
  get: (carrier, key) => (carrier?.has(key, Match.IgnoreCase) ? carrier.get(key, Match.IgnoreCase) : undefined),
};

const setter: TextMapSetter<MsgHdrs> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

interface TraceFields {
  traceparent?: string;
  tracestate?: string;
}

/** Headers carrying the active context (the producer span), falling back to the envelope's own. */
export function injectTraceContext(fallback: TraceFields): MsgHdrs {
  const headers = natsHeaders();
  propagation.inject(context.active(), headers, setter);
  // Without a registered propagator inject is a no-op; the envelope's context still travels.
  if (!headers.has("traceparent", Match.IgnoreCase) && fallback.traceparent) {
    headers.set("traceparent", fallback.traceparent);
    if (fallback.tracestate) headers.set("tracestate", fallback.tracestate);
  }
  return headers;
}

/** The context whose span becomes the parent: the headers' first, else the envelope's trace fields. */
export function extractTraceContext(headers: MsgHdrs | undefined, fallback: TraceFields | undefined): Context {
  if (getter.get(headers, "traceparent") !== undefined) return propagation.extract(context.active(), headers, getter);
  return contextOfFields(fallback);
}

/** The context an envelope was produced in (the outbox relay publishes long after the request span). */
export function contextOfFields(fields: TraceFields | undefined): Context {
  if (!fields?.traceparent) return context.active();
  const carrier: Record<string, string> = { traceparent: fields.traceparent };
  if (fields.tracestate) carrier.tracestate = fields.tracestate;
  return propagation.extract(context.active(), carrier);
}

/** Low-cardinality attributes only: subjects are versioned event types, never ids or payload. */
export function messagingAttributes(subject: string, operation: "send" | "process", durable?: string): Attributes {
  const attributes: Attributes = {
    "messaging.system": "nats",
    "messaging.destination.name": subject,
    "messaging.operation.type": operation,
  };
  if (durable) attributes["messaging.consumer.group.name"] = durable;
  return attributes;
}
