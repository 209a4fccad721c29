import { getTracer } from "@guichet/telemetry";
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from "@nestjs/common";
import { context, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { Observable } from "rxjs";

interface TracedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  route?: { path?: string };
}

/**
 * A SERVER span per HTTP request, child of the caller's W3C trace context. Explicit rather than
 * auto-instrumentation: the services are ES modules, which the http instrumentation only patches
 * through a loader hook; this keeps one trace from the HTTP call to the acknowledgement everywhere.
 * Attributes are low-cardinality (method, route template, status): never the URL with its reference.
 */
@Injectable()
export class HttpTracingInterceptor implements NestInterceptor {
  constructor(private readonly service: string) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (execution.getType() !== "http") return next.handle();
    const request = execution.switchToHttp().getRequest<TracedRequest>();
    const route = request.route?.path ?? "unknown";
    const parent = propagation.extract(context.active(), request.headers);
    const span = getTracer(this.service).startSpan(
      `${request.method} ${route}`,
      { kind: SpanKind.SERVER, attributes: { "http.request.method": request.method, "http.route": route } },
      parent,
    );
    const active = trace.setSpan(parent, span);
    return new Observable((subscriber) =>
      context.with(active, () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            subscriber.error(error);
          },
          complete: () => {
            span.end();
            subscriber.complete();
          },
        }),
      ),
    );
  }
}
