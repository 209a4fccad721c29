import { type Meter, metrics, type Tracer, trace } from "@opentelemetry/api";
import { telemetryState } from "./telemetry.state.ts";

/** Instrumentation scope of a service's own spans and metrics, e.g. `@guichet/intake`. */
export function serviceScope(serviceName: string): string {
  return `@guichet/${serviceName}`;
}

/**
 * The tracer services use for their own spans. Every span it starts carries
 * `guichet.service=<serviceName>` (see ServiceAttributeSpanProcessor). Before `startTelemetry`,
 * it is the API's proxy tracer, which starts recording once the SDK is registered.
 */
export function getTracer(serviceName: string): Tracer {
  const scope = serviceScope(serviceName);
  telemetryState().tracerScopes.set(scope, serviceName);
  return trace.getTracer(scope);
}

/**
 * The meter services use for their metrics, exported on the Prometheus endpoint when one is
 * configured. Keep attributes low-cardinality: outcome, channel, subject; never request ids or
 * citizen data, which would both leak personal data and explode the number of series.
 */
export function getMeter(serviceName: string): Meter {
  return metrics.getMeter(serviceScope(serviceName));
}
