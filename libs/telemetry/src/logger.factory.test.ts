import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInMemorySpans } from "./in-memory-spans.testing.ts";
import { getTracer } from "./instrument.factory.ts";
import { createLogger } from "./logger.factory.ts";
import { REDACTED } from "./personal-data.redactor.ts";
import { startTelemetry } from "./start-telemetry.ts";
import type { TelemetryHandle } from "./telemetry.types.ts";

function memoryDestination(): { stream: Writable; lines(): Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  const lines = () =>
    chunks
      .join("")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines };
}

describe("createLogger", () => {
  let telemetry: TelemetryHandle;
  beforeAll(() => {
    telemetry = startTelemetry({ serviceName: "intake", spanProcessors: [createInMemorySpans().processor] });
  });
  afterAll(() => telemetry.shutdown());

  it("writes JSON lines with the service and level, redacting nested personal data", () => {
    const destination = memoryDestination();
    const logger = createLogger({ service: "intake", destination: destination.stream });
    logger
      .child({ citizen: { email: "jeanne@example.fr" } })
      .info(
        { requestId: "LA-2026-000123", payload: { contact: { email: "jeanne@example.fr", phone: "0601020304" } } },
        "request received",
      );
    const [line] = destination.lines();
    expect(line).toMatchObject({
      level: "info",
      service: "intake",
      msg: "request received",
      citizen: REDACTED,
      requestId: "LA-2026-000123",
      payload: { contact: { email: REDACTED, phone: REDACTED } },
    });
    expect(JSON.stringify(line)).not.toContain("jeanne@example.fr");
  });

  it("redacts error details and reduces requests to method and path", () => {
    const destination = memoryDestination();
    const logger = createLogger({ service: "intake", destination: destination.stream });
    const error = Object.assign(new Error("delivery failed"), { details: { email: "jeanne@example.fr" } });
    const request = { method: "POST", url: "/requests?email=jeanne@example.fr", headers: { cookie: "s=1" }, body: {} };
    logger.error({ err: error, req: request }, "acknowledgement failed");
    const [line] = destination.lines();
    expect(line).toMatchObject({ err: { message: "delivery failed", details: { email: REDACTED } } });
    expect(line?.req).toEqual({ method: "POST", path: "/requests" });
    expect(JSON.stringify(line)).not.toContain("jeanne@example.fr");
  });

  it("adds trace_id and span_id inside an active span, and only there", () => {
    const destination = memoryDestination();
    const logger = createLogger({ service: "intake", destination: destination.stream });
    const spanContext = getTracer("intake").startActiveSpan("handle", (span) => {
      logger.info("inside");
      span.end();
      return span.spanContext();
    });
    logger.info("outside");
    const [inside, outside] = destination.lines();
    expect(inside).toMatchObject({ trace_id: spanContext.traceId, span_id: spanContext.spanId });
    expect(outside).not.toHaveProperty("trace_id");
  });

  it("writes nothing at the silent level", () => {
    const destination = memoryDestination();
    createLogger({ service: "intake", level: "silent", destination: destination.stream }).error("boom");
    expect(destination.lines()).toEqual([]);
  });
});
