import { context, isSpanContextValid, trace } from "@opentelemetry/api";
import pino, { type DestinationStream, type Logger } from "pino";
import { redactPersonalData } from "./personal-data.redactor.ts";

export type { Logger } from "pino";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

export interface LoggerOptions {
  service: string;
  /** Default `info`; `silent` for tests. */
  level?: LogLevel;
  /** Default stdout; tests pass an in-memory stream to read the JSON lines back. */
  destination?: DestinationStream;
}

/**
 * Structured JSON logger (one line per entry) carrying the active trace and span ids, so a log line
 * leads to its trace. Personal data never reaches the output: every key naming it (see
 * personal-data.keys.ts) is replaced by `[redacted]` at any depth, in entries, child bindings and
 * error details; requests are reduced to method and path. Keep personal data out of the message
 * string too: it cannot be redacted there.
 */
export function createLogger(options: LoggerOptions): Logger {
  const loggerOptions: pino.LoggerOptions = {
    level: options.level ?? "info",
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => redactRecord(bindings),
      log: (entry) => redactRecord(entry),
    },
    mixin: activeTraceFields,
    serializers: {
      err: serializeError,
      error: serializeError,
      req: serializeRequest,
      request: serializeRequest,
      res: serializeResponse,
      response: serializeResponse,
    },
  };
  const logger = options.destination === undefined ? pino(loggerOptions) : pino(loggerOptions, options.destination);
  redactChildBindings(logger);
  return logger;
}

/**
 * Pino skips `formatters.bindings` for `child()` bindings, so `logger.child({ citizen })` would print
 * them verbatim. Children are created with `Object.create(parent)`, so an own `child` on the root
 * logger is inherited by every descendant and redacts their bindings too.
 */
function redactChildBindings(logger: Logger): void {
  const pinoChild = logger.child;
  // defineProperty: pino's generic `child` signature cannot be re-declared by a plain function.
  Object.defineProperty(logger, "child", {
    configurable: true,
    writable: true,
    value: function child(this: Logger, bindings: pino.Bindings, childOptions?: pino.ChildLoggerOptions): unknown {
      return Reflect.apply(pinoChild, this, [redactRecord(bindings), childOptions]);
    },
  });
}

function activeTraceFields(): Record<string, string> {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  if (spanContext === undefined || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

function redactRecord(record: Record<string, unknown>): Record<string, unknown> {
  return redactPersonalData(record) as Record<string, unknown>;
}

function serializeError(value: unknown): unknown {
  // The standard serializer copies the error's own fields (a `details.email` included): redact them.
  return value instanceof Error ? redactPersonalData({ ...pino.stdSerializers.err(value) }) : redactPersonalData(value);
}

/** Method and path only: headers hold cookies and tokens, query strings and bodies hold citizen data. */
function serializeRequest(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const { method, url } = value as { method?: unknown; url?: unknown };
  return {
    method: typeof method === "string" ? method : undefined,
    path: typeof url === "string" ? (url.split("?")[0] ?? "") : undefined,
  };
}

function serializeResponse(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const { statusCode } = value as { statusCode?: unknown };
  return { statusCode: typeof statusCode === "number" ? statusCode : undefined };
}
