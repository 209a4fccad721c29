export { createInMemorySpans, type InMemorySpans } from "./in-memory-spans.testing.ts";
export { getMeter, getTracer } from "./instrument.factory.ts";
export { createLogger, type Logger, type LoggerOptions, type LogLevel } from "./logger.factory.ts";
export { REDACTED } from "./personal-data.redactor.ts";
export { SERVICE_ATTRIBUTE } from "./service-attribute.processor.ts";
export { startTelemetry } from "./start-telemetry.ts";
export type { TelemetryHandle, TelemetryOptions } from "./telemetry.types.ts";
