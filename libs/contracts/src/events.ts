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

/** A file the citizen sent, stored by intake; events carry its reference, never its bytes. */
export const attachmentRefSchema = z.object({
  id: z.uuid(),
  filename: z.string().max(255),
  contentType: z.string().max(127),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

/**
 * Extra facts of `request.received` v1 added after the first release. All optional with defaults,
 * so producers and stored events of the first release still parse.
 */
export const requestReceivedExtrasV1 = z.object({
  attachments: z.array(attachmentRefSchema).max(20).default([]),
  /** Id of the stored original artefact (raw .eml, CSV row, scanned letter) kept as evidence. */
  evidenceId: z.uuid().nullable().default(null),
  /** SHA-256 (hex) of the private tracking token given to the citizen; the token itself never travels. */
  trackingTokenHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable()
    .default(null),
  /** Staff member who entered the request (counter, phone, postal), null for citizens' own submissions. */
  enteredBy: z.string().max(120).nullable().default(null),
});

export const requestReceivedV1 = z
  .object({
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
  })
  .extend(requestReceivedExtrasV1.shape);
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
  /** Version of the learned routing model consulted, null when none was (optional addition). */
  modelVersion: z.number().int().positive().nullable().optional(),
});
export type RequestRoutedV1 = z.infer<typeof requestRoutedV1>;

export const requestSentToTriageV1 = z.object({
  requestId: z.uuid(),
  reference: z.string(),
  triageServiceId: catalogId,
  reason: z.string().max(2000),
  catalogVersion: z.number().int().nonnegative(),
  queuedAt: instant,
  /** How sure automatic routing was (below the threshold, hence triage) (optional addition). */
  confidence: z.number().min(0).max(1).optional(),
  /** Version of the learned routing model consulted, null when none was (optional addition). */
  modelVersion: z.number().int().positive().nullable().optional(),
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

// --- Added for the capability issues (intake channels, desk, notification, reporting, web) ---

export const requestFollowUpReceivedV1 = z.object({
  requestId: z.uuid(),
  reference: z.string(),
  followUpId: z.uuid(),
  channel: channelSchema,
  receivedAt: instant,
  title: z.string().max(300).nullable(),
  body: z.string().max(100_000),
  attachments: z.array(attachmentRefSchema).max(20).default([]),
  evidenceId: z.uuid().nullable().default(null),
});
export type RequestFollowUpReceivedV1 = z.infer<typeof requestFollowUpReceivedV1>;

/** A service (or reception) sends a routed request to another service, with a reason. */
export const requestTransferredV1 = z.object({
  requestId: z.uuid(),
  reference: z.string(),
  fromServiceId: catalogId,
  toServiceId: catalogId,
  subjectId: catalogId.nullable(),
  reason: z.string().min(1).max(2000),
  /** Number of transfers of this request so far, this one included. */
  transferCount: z.number().int().positive(),
  byStaffId: z.string().max(120).nullable(),
  catalogVersion: z.number().int().nonnegative(),
  handling: handlingSnapshotSchema,
  transferredAt: instant,
});
export type RequestTransferredV1 = z.infer<typeof requestTransferredV1>;

/** Life cycle of a request on a service's desk. */
export const deskStatusSchema = z.enum(["new", "in-progress", "waiting-citizen", "answered", "closed"]);
export type DeskStatus = z.infer<typeof deskStatusSchema>;

export const closingOutcomeSchema = z.enum([
  "granted",
  "refused",
  "answered",
  "redirected-outside",
  "withdrawn",
  "duplicate",
]);
export type ClosingOutcome = z.infer<typeof closingOutcomeSchema>;

export const requestStatusChangedV1 = z.object({
  requestId: z.uuid(),
  reference: z.string(),
  serviceId: catalogId,
  from: deskStatusSchema,
  to: deskStatusSchema,
  assigneeId: z.string().max(120).nullable(),
  /** Set when `to` is closed. */
  outcome: closingOutcomeSchema.nullable(),
  /** Citizen-facing explanation (e.g. which documents are missing), null when none. */
  note: z.string().max(5000).nullable(),
  byStaffId: z.string().max(120).nullable(),
  changedAt: instant,
});
export type RequestStatusChangedV1 = z.infer<typeof requestStatusChangedV1>;

/** An agent's answer to the citizen, handed to notification for delivery on the citizen's channel. */
export const requestRepliedV1 = z.object({
  requestId: z.uuid(),
  reference: z.string(),
  serviceId: catalogId,
  replyId: z.uuid(),
  body: z.string().min(1).max(20_000),
  byStaffId: z.string().max(120).nullable(),
  repliedAt: instant,
});
export type RequestRepliedV1 = z.infer<typeof requestRepliedV1>;

/** Intake received a delivery status notification (bounce) for a message we sent. */
export const messageBouncedV1 = z.object({
  /** Our Message-ID (without angle brackets) the report refers to. */
  messageId: z.string().max(300),
  /** Reference found in the bounced message, when any. */
  reference: z.string().nullable(),
  /** RFC 3463 status code (e.g. 5.1.1) or a short code; never the recipient's address. */
  status: z.string().max(40),
  permanent: z.boolean(),
  bouncedAt: instant,
});
export type MessageBouncedV1 = z.infer<typeof messageBouncedV1>;

/** Citizen messages other than the two receipts. */
export const messageKindSchema = z.enum(["reply", "status", "transfer", "letter-fallback", "alert"]);
export type MessageKind = z.infer<typeof messageKindSchema>;

export const messageSentV1 = z.object({
  requestId: z.uuid(),
  reference: z.string(),
  kind: messageKindSchema,
  channel: replyChannelSchema,
  messageId: z.string().max(300),
  sentAt: instant,
});
export type MessageSentV1 = z.infer<typeof messageSentV1>;

export const messageFailedV1 = z.object({
  requestId: z.uuid(),
  reference: z.string(),
  kind: messageKindSchema,
  channel: replyChannelSchema,
  reason: z.string().max(500),
  permanent: z.boolean(),
  failedAt: instant,
});
export type MessageFailedV1 = z.infer<typeof messageFailedV1>;

/** One telephone call as seen by the switchboard; no caller number (personal data) travels. */
export const callRecordedV1 = z.object({
  callId: z.string().min(1).max(200),
  source: z.enum(["cti", "asterisk-cdr", "generic-csv", "agent"]),
  siteId: catalogId.nullable(),
  queue: z.string().max(120).nullable(),
  offeredAt: instant,
  answeredAt: instant.nullable(),
  endedAt: instant.nullable(),
  outcome: z.enum(["answered", "abandoned", "missed"]),
  waitSeconds: z.number().int().nonnegative(),
  talkSeconds: z.number().int().nonnegative(),
  agentId: z.string().max(120).nullable(),
  /** The request the call became (note or callback), when any. */
  requestId: z.uuid().nullable(),
});
export type CallRecordedV1 = z.infer<typeof callRecordedV1>;

export const slaMeasureSchema = z.enum(["registration", "acknowledgement", "first-response", "resolution", "decision"]);
export type SlaMeasure = z.infer<typeof slaMeasureSchema>;

/** Reporting raises it when a request nears or passes a deadline (during the service's opening hours). */
export const slaAlertV1 = z.object({
  requestId: z.uuid(),
  reference: z.string(),
  serviceId: catalogId,
  measure: slaMeasureSchema,
  level: z.enum(["nearing", "breached"]),
  deadline: instant,
  raisedAt: instant,
});
export type SlaAlertV1 = z.infer<typeof slaAlertV1>;

/** A staff member viewed or changed a request's personal data. Kept apart from application logs. */
export const auditRecordedV1 = z.object({
  staffId: z.string().min(1).max(120),
  action: z.enum(["view", "change", "export", "sign-in", "sign-in-failed", "admin"]),
  /** What was touched: "request", "catalog", "user", "template", "report". */
  resource: z.string().max(40),
  requestId: z.uuid().nullable(),
  reference: z.string().nullable(),
  /** What was done, without the personal data itself ("viewed contact", "changed status to closed"). */
  detail: z.string().max(500),
  service: z.enum(["intake", "routing", "notification", "reporting", "web"]),
  at: instant,
});
export type AuditRecordedV1 = z.infer<typeof auditRecordedV1>;
