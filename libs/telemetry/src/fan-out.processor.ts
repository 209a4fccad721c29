import type { Context } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace";

/**
 * A span processor list that can grow after the SDK started. The SDK's tracer provider takes its
 * processors once, but a later `startTelemetry` call (a second service in the same process, a test
 * registering an in-memory exporter) must still be able to add its own.
 */
export class FanOutSpanProcessor implements SpanProcessor {
  private readonly processors: SpanProcessor[] = [];

  add(processors: readonly SpanProcessor[]): void {
    for (const processor of processors) {
      if (!this.processors.includes(processor)) this.processors.push(processor);
    }
  }

  onStart(span: Span, parentContext: Context): void {
    for (const processor of this.processors) processor.onStart(span, parentContext);
  }

  onEnding(span: Span): void {
    for (const processor of this.processors) processor.onEnding?.(span);
  }

  onEnd(span: ReadableSpan): void {
    for (const processor of this.processors) processor.onEnd(span);
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.processors.map((processor) => processor.forceFlush()));
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.processors.map((processor) => processor.shutdown()));
  }
}
