import { createRequire, syncBuiltinESMExports } from "node:module";
import { context, diag, metrics, propagation, trace } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import type { Instrumentation } from "@opentelemetry/instrumentation";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { startNodeSdk } from "@opentelemetry/sdk-node";
import { BatchSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import { FanOutSpanProcessor } from "./fan-out.processor.ts";
import { personalDataQueryParams } from "./personal-data.keys.ts";
import { ServiceAttributeSpanProcessor } from "./service-attribute.processor.ts";
import { type StartedTelemetry, type TelemetryState, telemetryState } from "./telemetry.state.ts";
import type { TelemetryHandle, TelemetryOptions } from "./telemetry.types.ts";

// Probes and scrapes hit these every few seconds; tracing them would bury the real requests.
const UNTRACED_PATHS = new Set(["/healthz", "/readyz", "/livez", "/metrics"]);

/**
 * Starts the OpenTelemetry Node SDK for this process: W3C trace-context propagation,
 * AsyncLocalStorage context, HTTP and pg instrumentations, optional OTLP trace export and
 * Prometheus endpoint.
 *
 * Call it first thing in a service, before express, Nest or pg are imported: instrumentations only
 * patch modules loaded after they are enabled. In practice, a `src/instrument.ts` calling it, imported
 * on the first line of `main.ts`.
 *
 * One SDK per process: a later call (another service booted in the same test process) returns the
 * same handle, adds its span processors and its service name, and ignores the other options. The SDK
 * really stops when `shutdown` has been called once per `startTelemetry` call.
 */
export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  const state = telemetryState();
  state.services.add(options.serviceName);
  if (state.started !== undefined) {
    state.started.users += 1;
    state.started.laterProcessors.add(options.spanProcessors ?? []);
    return state.started.handle;
  }
  const started = startSdk(options, state);
  state.started = started;
  return started.handle;
}

function startSdk(options: TelemetryOptions, state: TelemetryState): StartedTelemetry {
  const instrumentations = createInstrumentations();
  const prometheus = createPrometheusExporter(options.prometheusPort);
  const laterProcessors = new FanOutSpanProcessor();
  const sdk = startNodeSdk({
    resourceAttributes: {
      [ATTR_SERVICE_NAME]: options.serviceName,
      ...(options.serviceVersion === undefined ? {} : { [ATTR_SERVICE_VERSION]: options.serviceVersion }),
    },
    // Trace context only: W3C baggage would copy whatever a caller puts in it (personal data
    // included) into the headers of every hop.
    propagators: [new W3CTraceContextPropagator()],
    // Never empty, so a tracer provider always exists: spans then get real trace ids, which logs
    // and NATS headers carry, even when nothing exports them.
    spanProcessors: [new ServiceAttributeSpanProcessor(state), ...exportProcessors(options), laterProcessors],
    metricReaders: prometheus === undefined ? [] : [prometheus],
    // Logs go through pino to stdout; an empty list stops the SDK from defaulting to an OTLP log exporter.
    logRecordProcessors: [],
    instrumentations,
  });

  patchBuiltinsForEsm();

  const ready = prometheus === undefined ? Promise.resolve() : prometheus.startServer();
  ready.catch((error: unknown) => diag.error(`Prometheus endpoint did not start: ${String(error)}`));

  const started: StartedTelemetry = {
    users: 1,
    laterProcessors,
    handle: {
      meterProvider: metrics.getMeterProvider(),
      ready,
      shutdown: async () => {
        started.users -= 1;
        if (started.users > 0) return;
        for (const instrumentation of instrumentations) instrumentation.disable();
        await sdk.shutdown();
        // Unregister the globals so that a later startTelemetry (next test file) registers afresh.
        trace.disable();
        metrics.disable();
        propagation.disable();
        context.disable();
        state.started = undefined;
        state.services.clear();
      },
    },
  };
  return started;
}

/**
 * The instrumentations patch a module when it is `require`d. Services are ESM, and an `import` of
 * `node:http` never goes through `require`, so the ESM view would keep the unpatched functions.
 * Requiring the builtins once applies the patches, and syncing copies them into the ESM namespaces.
 * (CommonJS packages such as pg, express or Nest are loaded through `require` and need nothing.)
 */
function patchBuiltinsForEsm(): void {
  const require = createRequire(import.meta.url);
  require("node:http");
  require("node:https");
  syncBuiltinESMExports();
}

function exportProcessors(options: TelemetryOptions): SpanProcessor[] {
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (options.otlpTracesEndpoint !== undefined) {
    processors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: options.otlpTracesEndpoint }) }));
  }
  return processors;
}

function createPrometheusExporter(port: number | undefined): PrometheusExporter | undefined {
  // The server is started by hand so that its failure (port taken) surfaces through `ready`.
  return port === undefined ? undefined : new PrometheusExporter({ port, preventServerStart: true });
}

// The instrumentation's own defaults, which an explicit list replaces instead of extending.
const SIGNED_URL_QUERY_PARAMS = [
  "sig",
  "Signature",
  "AWSAccessKeyId",
  "X-Goog-Signature",
  "X-Amz-Signature",
  "X-Amz-Credential",
  "X-Amz-Security-Token",
];

function createInstrumentations(): Instrumentation[] {
  const redactedQueryParams = [...SIGNED_URL_QUERY_PARAMS, ...personalDataQueryParams()];
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? "").split("?")[0] ?? ""),
      // Span URLs keep their query string; a citizen's e-mail or phone in it must not be exported.
      redactedQueryParams,
      redactedQueryParamsServer: redactedQueryParams,
    }),
    // Parameter values (enhancedDatabaseReporting) stay off: they are citizen data. Queries outside
    // a traced operation (pool health, outbox polling) would be noise of one-span traces.
    new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
  ];
}
