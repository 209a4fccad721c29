import type { ReadableSpan, SpanProcessor } from "@opentelemetry/sdk-trace";

export interface InMemorySpans {
  /** Pass it in `TelemetryOptions.spanProcessors`. */
  processor: SpanProcessor;
  /** Ended spans, in the order they ended. */
  spans(): ReadableSpan[];
  reset(): void;
}

/**
 * Collects ended spans in memory so tests can assert that one trace crosses the services.
 * A bare processor rather than SimpleSpanProcessor + InMemorySpanExporter: that pair exports only once
 * the resource's asynchronous attributes (host id) settle, so a span ended just before an assertion
 * could still be missing. Here a span is listed the moment it ends.
 */
export function createInMemorySpans(): InMemorySpans {
  let ended: ReadableSpan[] = [];
  const processor: SpanProcessor = {
    onStart: () => {},
    onEnd: (span) => {
      ended.push(span);
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  return {
    processor,
    spans: () => [...ended],
    reset: () => {
      ended = [];
    },
  };
}
