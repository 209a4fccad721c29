import type { FanOutSpanProcessor } from "./fan-out.processor.ts";
import type { TelemetryHandle } from "./telemetry.types.ts";

export interface StartedTelemetry {
  readonly handle: TelemetryHandle;
  /** Where span processors passed to later `startTelemetry` calls are added. */
  readonly laterProcessors: FanOutSpanProcessor;
  /** `startTelemetry` calls not yet matched by a `shutdown`. */
  users: number;
}

/**
 * Process-wide telemetry state. It lives on `globalThis` (like the OpenTelemetry API's own
 * registrations) rather than in module scope, so two evaluations of this package in one process
 * (test runners re-evaluating modules, two resolution paths) still see one SDK and one handle.
 */
export interface TelemetryState {
  started: StartedTelemetry | undefined;
  /** Every service name passed to `startTelemetry` in this process. */
  readonly services: Set<string>;
  /** Tracer scope name -> service name, filled by `getTracer`. */
  readonly tracerScopes: Map<string, string>;
}

const STATE_KEY = Symbol.for("guichet.telemetry.state");

export function telemetryState(): TelemetryState {
  const holder = globalThis as { [STATE_KEY]?: TelemetryState };
  holder[STATE_KEY] ??= { started: undefined, services: new Set(), tracerScopes: new Map() };
  return holder[STATE_KEY];
}
