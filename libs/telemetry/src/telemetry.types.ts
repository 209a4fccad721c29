import type { MeterProvider } from "@opentelemetry/api";
import type { SpanProcessor } from "@opentelemetry/sdk-trace";

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion?: string;
  /** OTLP/HTTP traces endpoint, e.g. http://localhost:4318/v1/traces; unset = no export. */
  otlpTracesEndpoint?: string;
  /** Port for a Prometheus scrape endpoint (`/metrics`); unset = no metrics export. */
  prometheusPort?: number;
  /** Extra span processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
}

export interface TelemetryHandle {
  /** Flushes and stops exporters, then unregisters everything so `startTelemetry` may run again. */
  shutdown(): Promise<void>;
  /** The global meter provider (a no-op one when no metrics exporter is configured). */
  meterProvider: MeterProvider;
  /** Settles once the Prometheus endpoint listens; rejects if its port cannot be bound. */
  ready: Promise<void>;
}
