import { z } from "zod";

/**
 * The reference pipeline's environment (one schema for its four processes). The bench spawns them;
 * nobody runs them by hand, so there are no defaults to hide a wrong launch.
 */
const envSchema = z.object({
  REF_ROLE: z.enum(["intake", "routing", "notification", "reporting"]),
  REF_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  REF_NATS_URL: z.string().min(1),
  /** Subject prefix and (upper-cased) stream name: its own, beside the product's. */
  REF_PREFIX: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/),
  REF_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  REF_SMTP_URL: z.url({ protocol: /^smtp$/ }),
  /** "batched": multi-row writes and pipelined publish acks; "simple": one message at a time. */
  REF_VARIANT: z.enum(["simple", "batched"]),
});

export type ReferenceConfig = z.infer<typeof envSchema>;

export function loadReferenceConfig(env: Record<string, string | undefined> = process.env): ReferenceConfig {
  const parsed = envSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new Error(
    `reference pipeline: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
  );
}

/** Subjects of the reference's three events, one per hop. */
export function referenceSubjects(prefix: string) {
  return { received: `${prefix}.received`, routed: `${prefix}.routed`, acknowledged: `${prefix}.acknowledged` };
}

export function referenceStream(prefix: string): string {
  return `REF_${prefix.toUpperCase()}`;
}

/** What travels between hops: ids and instants only, like the product's envelopes carry. */
export const referenceEventSchema = z.object({
  requestId: z.uuid(),
  email: z.string(),
  subjectId: z.string(),
  receivedAt: z.iso.datetime(),
  service: z.string().optional(),
  acknowledgedAt: z.iso.datetime().optional(),
});
export type ReferenceEvent = z.infer<typeof referenceEventSchema>;
