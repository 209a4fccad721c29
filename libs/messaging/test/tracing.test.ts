import { context, propagation, SpanKind, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { type ReadableSpan, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { fastPolicy, requestReceived, test, waitFor } from "./messaging.fixture.ts";

// Spans are listed the moment they end (an exporter would wait for the resource to settle).
const ended: ReadableSpan[] = [];
const provider = new TracerProvider({
  spanProcessors: [
    {
      onStart: () => {},
      onEnd: (span) => void ended.push(span),
      forceFlush: async () => {},
      shutdown: async () => {},
    },
  ],
});

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
});

afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
});

const spanNamed = (name: string) => ended.find((span) => span.name === name);

describe("trace context", () => {
  test("makes the consumer span a child of the publisher's span", async ({ messaging, namespace }) => {
    const subject = `${namespace}.request.received.v1`;
    let handlerTraceId: string | undefined;
    await messaging.consume({
      durable: "routing",
      events: ["requestReceived"],
      policy: fastPolicy,
      handler: async () => {
        handlerTraceId = trace.getActiveSpan()?.spanContext().traceId;
      },
    });
    const request = trace.getTracer("test").startSpan("POST /requests");
    await context.with(trace.setSpan(context.active(), request), () => messaging.publish(requestReceived()));
    request.end();
    const consumer = await waitFor(async () => spanNamed(`process ${subject}`), { what: "consumer span" });
    const producer = await waitFor(async () => spanNamed(`publish ${subject}`), { what: "producer span" });
    const traceId = request.spanContext().traceId;
    expect(producer.kind).toBe(SpanKind.PRODUCER);
    expect(producer.spanContext().traceId).toBe(traceId);
    expect(producer.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(consumer.kind).toBe(SpanKind.CONSUMER);
    expect(consumer.spanContext().traceId).toBe(traceId);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(handlerTraceId).toBe(traceId);
    expect(consumer.attributes).toEqual({
      "messaging.system": "nats",
      "messaging.destination.name": subject,
      "messaging.operation.type": "process",
      "messaging.consumer.group.name": "routing",
      "guichet.delivery.outcome": "ack",
    });
  });

  test("continues the trace recorded in the envelope (outbox relay)", async ({ messaging, namespace }) => {
    const subject = `${namespace}.request.received.v1`;
    await messaging.consume({
      durable: "routing",
      events: ["requestReceived"],
      policy: fastPolicy,
      handler: async () => {},
    });
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const event = { ...requestReceived(), traceparent: `00-${traceId}-00f067aa0ba902b7-01` };
    await messaging.publish(event); // no active span: the relay runs outside the request
    await waitFor(
      async () => ended.find((s) => s.name === `process ${subject}` && s.spanContext().traceId === traceId),
      {
        what: "consumer span in the envelope's trace",
      },
    );
    const producer = ended.find((s) => s.name === `publish ${subject}` && s.spanContext().traceId === traceId);
    expect(producer?.parentSpanContext?.spanId).toBe("00f067aa0ba902b7");
  });
});
