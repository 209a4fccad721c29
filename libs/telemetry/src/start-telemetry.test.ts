import { context, propagation, trace } from "@opentelemetry/api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createInMemorySpans } from "./in-memory-spans.testing.ts";
import { getTracer } from "./instrument.factory.ts";
import { SERVICE_ATTRIBUTE } from "./service-attribute.processor.ts";
import { startTelemetry } from "./start-telemetry.ts";
import type { TelemetryHandle } from "./telemetry.types.ts";

describe("startTelemetry", () => {
  const memory = createInMemorySpans();
  const later = createInMemorySpans();
  let first: TelemetryHandle;
  let second: TelemetryHandle;

  beforeAll(() => {
    first = startTelemetry({ serviceName: "intake", spanProcessors: [memory.processor] });
    second = startTelemetry({ serviceName: "routing", spanProcessors: [later.processor] });
  });
  afterAll(async () => {
    await second.shutdown();
    await first.shutdown();
  });
  beforeEach(() => {
    memory.reset();
    later.reset();
  });

  it("returns the same handle to a second call in the process", () => {
    expect(second).toBe(first);
  });

  it("tags spans of getTracer(service) with guichet.service, children inheriting it", () => {
    getTracer("intake").startActiveSpan("receive request", (parent) => {
      trace.getTracer("some-library").startSpan("library call").end();
      parent.end();
    });
    getTracer("routing").startSpan("route request").end();

    const byName = new Map(memory.spans().map((span) => [span.name, span]));
    expect(byName.get("receive request")?.attributes[SERVICE_ATTRIBUTE]).toBe("intake");
    expect(byName.get("library call")?.attributes[SERVICE_ATTRIBUTE]).toBe("intake");
    expect(byName.get("route request")?.attributes[SERVICE_ATTRIBUTE]).toBe("routing");
    expect(byName.get("receive request")?.resource.attributes["service.name"]).toBe("intake");
  });

  it("feeds span processors passed to a later call", () => {
    getTracer("routing").startSpan("route request").end();
    expect(later.spans().map((span) => span.name)).toEqual(["route request"]);
  });

  it("propagates W3C trace context so one trace spans two services", () => {
    const carrier: Record<string, string> = {};
    getTracer("intake").startActiveSpan("publish", (span) => {
      propagation.inject(context.active(), carrier);
      span.end();
    });
    expect(carrier.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(carrier).not.toHaveProperty("baggage");

    const remote = propagation.extract(context.active(), carrier);
    getTracer("routing").startSpan("consume", {}, remote).end();
    const [publish, consume] = memory.spans();
    expect(consume?.spanContext().traceId).toBe(publish?.spanContext().traceId);
    expect(consume?.parentSpanContext?.spanId).toBe(publish?.spanContext().spanId);
    expect(consume?.attributes[SERVICE_ATTRIBUTE]).toBe("routing");
  });

  it("does not guess the service of a root span from another tracer when several services share the process", () => {
    trace.getTracer("http").startSpan("GET /healthz").end();
    expect(memory.spans()[0]?.attributes).not.toHaveProperty(SERVICE_ATTRIBUTE);
  });
});
