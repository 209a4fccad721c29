import { type Attributes, type Context, trace } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace";
import type { TelemetryState } from "./telemetry.state.ts";

/** Span attribute naming the Guichet service that produced a span. */
export const SERVICE_ATTRIBUTE = "guichet.service";

/**
 * Stamps `guichet.service` on every span. One process has one OpenTelemetry resource, hence one
 * `service.name`; when the test harness boots the four services in one process, this attribute is
 * what still tells their spans apart. The service is taken, in order, from the tracer that started
 * the span (`getTracer(service)`), from its in-process parent span (so pg and outgoing-HTTP spans
 * inherit it), or from the process's only service. With several services in the process and no
 * local parent (an incoming HTTP request), no guess is made: the span carries none.
 */
export class ServiceAttributeSpanProcessor implements SpanProcessor {
  constructor(private readonly state: TelemetryState) {}

  onStart(span: Span, parentContext: Context): void {
    const service =
      this.state.tracerScopes.get(span.instrumentationScope.name) ??
      serviceOfParent(parentContext) ??
      soleService(this.state.services);
    if (service !== undefined) span.setAttribute(SERVICE_ATTRIBUTE, service);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function serviceOfParent(parentContext: Context): string | undefined {
  const parent = trace.getSpan(parentContext);
  // Remote parents are bare span contexts; only SDK spans of this process expose attributes.
  if (parent === undefined || !("attributes" in parent)) return undefined;
  const value = (parent.attributes as Attributes | undefined)?.[SERVICE_ATTRIBUTE];
  return typeof value === "string" ? value : undefined;
}

function soleService(services: ReadonlySet<string>): string | undefined {
  if (services.size !== 1) return undefined;
  const [only] = services;
  return only;
}
