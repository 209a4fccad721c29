import { ulid } from "ulid";
import { z } from "zod";

/**
 * Every event travels in the same envelope. `data` is validated against the schema that the
 * event catalogue (events.ts) registers for the envelope's type and version.
 */
export const envelopeSchema = z.object({
  id: z.string().min(10).max(64),
  type: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().min(1).max(64),
  causationId: z.string().min(1).max(64).nullable(),
  /** W3C trace context of the span that produced the event. */
  traceparent: z.string().optional(),
  tracestate: z.string().optional(),
  data: z.unknown(),
});

export type Envelope<T = unknown> = Omit<z.infer<typeof envelopeSchema>, "data"> & { data: T };

/** Monotonic, sortable, collision-free event ids (ULID). */
export function newEventId(): string {
  return ulid();
}

export interface EnvelopeOrigin {
  /** The event this one answers, so correlation and causation chain through the pipeline. */
  cause?: Pick<Envelope, "id" | "correlationId">;
  occurredAt?: Date;
  id?: string;
}

export function makeEnvelope<T>(type: string, version: number, data: T, origin: EnvelopeOrigin = {}): Envelope<T> {
  const id = origin.id ?? newEventId();
  return {
    id,
    type,
    version,
    occurredAt: (origin.occurredAt ?? new Date()).toISOString(),
    correlationId: origin.cause?.correlationId ?? id,
    causationId: origin.cause?.id ?? null,
    data,
  };
}
