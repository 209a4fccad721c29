import { z } from "zod";

/** Channels a request can arrive by. */
export const channelSchema = z.enum(["web", "email", "phone", "counter", "postal"]);
export type Channel = z.infer<typeof channelSchema>;

/** Channels a citizen can be answered on. */
export const replyChannelSchema = z.enum(["email", "sms", "letter", "none"]);
export type ReplyChannel = z.infer<typeof replyChannelSchema>;

const catalogId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]*$/)
  .max(80);
const instant = z.iso.datetime({ offset: true });

export const citizenContactSchema = z.object({
  name: z.string().max(200).nullable(),
  email: z.email().max(254).nullable(),
  /** E.164, e.g. +33241000000. */
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/)
    .nullable(),
  postalAddress: z.string().max(500).nullable(),
  preferredChannel: replyChannelSchema,
});
export type CitizenContact = z.infer<typeof citizenContactSchema>;

export const requestReceivedV1 = z.object({
  requestId: z.uuid(),
  reference: z.string().regex(/^[A-Z]{1,6}-\d{4}-\d{6,}$/),
  channel: channelSchema,
  siteId: catalogId.nullable(),
  /** Legal date of receipt (CRPA): when the town received it, not when the sender says it sent it. */
  receivedAt: instant,
  citizen: citizenContactSchema,
  /** Catalogue subject chosen by the citizen or the agent, if any. */
  subjectId: catalogId.nullable(),
  title: z.string().max(300).nullable(),
  body: z.string().max(100_000),
  metadata: z.record(z.string(), z.string()).default({}),
});
export type RequestReceivedV1 = z.infer<typeof requestReceivedV1>;

export const routingMethodSchema = z.enum(["direct", "rule", "model", "manual", "follow-up"]);
export type RoutingMethod = z.infer<typeof routingMethodSchema>;

/** CRPA legal regime of a subject: what silence of the administration means. */
export const legalRegimeSchema = z.enum(["sva", "svr", "information", "document", "external"]);
export type LegalRegime = z.infer<typeof legalRegimeSchema>;

/**
 * What the catalogue said about the service and subject at routing time. The acknowledgement must
 * state these facts as they were when the request was routed, so they travel with the event.
 */
export const handlingSnapshotSchema = z.object({
  service: z.object({
    id: catalogId,
    name: z.string(),
    email: z.email().nullable(),
    phone: z.string().nullable(),
    postalAddress: z.string().nullable(),
    calendarId: catalogId.nullable(),
  }),
  subject: z
    .object({
      id: catalogId,
      label: z.string(),
      regime: legalRegimeSchema,
      /** ISO 8601 duration in calendar months or days (P2M, P1M, P15D), null when no decision is asked for. */
      decisionDelay: z
        .string()
        .regex(/^P\d+[MD]$/)
        .nullable(),
    })
    .nullable(),
  targets: z.object({
    acknowledgementBusinessDays: z.number().int().nonnegative(),
    firstResponseBusinessDays: z.number().int().nonnegative(),
    resolutionBusinessDays: z.number().int().nonnegative(),
  }),
});
export type HandlingSnapshot = z.infer<typeof handlingSnapshotSchema>;

export const requestRoutedV1 = z.object({
  requestId: z.uuid(),
  reference: z.string(),
  serviceId: catalogId,
  subjectId: catalogId.nullable(),
  method: routingMethodSchema,
  confidence: z.number().min(0).max(1),
  explanation: z.string().max(2000),
  catalogVersion: z.number().int().nonnegative(),
  handling: handlingSnapshotSchema,
  routedAt: instant,
});
export type RequestRoutedV1 = z.infer<typeof requestRoutedV1>;

export const requestSentToTriageV1 = z.object({
  requestId: z.uuid(),
  reference: z.string(),
  triageServiceId: catalogId,
  reason: z.string().max(2000),
  catalogVersion: z.number().int().nonnegative(),
  queuedAt: instant,
});
export type RequestSentToTriageV1 = z.infer<typeof requestSentToTriageV1>;

/** registration: "accusé d'enregistrement"; acknowledgement: "accusé de réception" (R112-5). */
export const acknowledgementKindSchema = z.enum(["registration", "acknowledgement"]);
export type AcknowledgementKind = z.infer<typeof acknowledgementKindSchema>;

export const acknowledgementSentV1 = z.object({
  requestId: z.uuid(),
  reference: z.string(),
  kind: acknowledgementKindSchema,
  channel: replyChannelSchema,
  messageId: z.string().max(300),
  sentAt: instant,
});
export type AcknowledgementSentV1 = z.infer<typeof acknowledgementSentV1>;

export const acknowledgementFailedV1 = z.object({
  requestId: z.uuid(),
  reference: z.string(),
  kind: acknowledgementKindSchema,
  channel: replyChannelSchema,
  /** A code, never the citizen's address: failures reach logs and dashboards. */
  reason: z.string().max(500),
  permanent: z.boolean(),
  failedAt: instant,
});
export type AcknowledgementFailedV1 = z.infer<typeof acknowledgementFailedV1>;
