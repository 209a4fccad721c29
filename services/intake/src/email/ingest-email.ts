import { type CitizenContact, citizenContactSchema } from "@guichet/contracts";
import { normaliseEmailAddress } from "../contact/email-address.ts";
import { findFrenchPhoneNumber } from "../contact/phone-number.ts";
import {
  type AttachmentLimits,
  type AttachmentRefusal,
  DEFAULT_ATTACHMENT_LIMITS,
  type ScreenedAttachments,
  screenAttachments,
} from "./attachment-policy.ts";
import { classifyEmail, type EmailClassificationContext } from "./classify-email.ts";
import { type EmailAttachment, type ParsedEmail, parseEmail } from "./parse-email.ts";

/** A file accepted with the mail, to be stored next to the request. */
export type IncomingAttachment = Pick<
  EmailAttachment,
  "filename" | "contentType" | "size" | "sha256" | "inline" | "content"
>;

/** A file refused by the attachment policy: listed for the agent, its content is not kept. */
interface RefusedAttachmentNote {
  filename: string | null;
  contentType: string;
  size: number;
  sha256: string;
  reason: AttachmentRefusal;
}

interface EmailContent {
  /** Legal date of receipt: when our server received the mail (never the sender's Date header). */
  receivedAt: Date;
  messageId: string;
  /** Only the new part of the mail (history and signature trimmed), within the event's limit. */
  body: string;
  /** String metadata for the event (messageId, senderDate, refusedAttachments as JSON, ...). */
  metadata: Record<string, string>;
  attachments: IncomingAttachment[];
  refusedAttachments: RefusedAttachmentNote[];
  /** Key of the original raw message in evidence storage. */
  evidenceKey: string;
}

/** Everything request.received.v1 needs (the store adds requestId, reference and siteId). */
export interface NewEmailRequest extends EmailContent {
  channel: "email";
  citizen: CitizenContact;
  title: string | null;
}

/** A citizen's reply to one of our messages, to be added to an existing request. */
export interface EmailFollowUp extends EmailContent {
  fromAddress: string | null;
  /** The subject, as the follow-up's title. */
  title: string | null;
}

/** A bounce of one of our messages: becomes the delivery failure of that acknowledgement. */
export interface EmailDeliveryFailure {
  /** null when the bounced message is ours (sent from our address) but not indexed. */
  reference: string | null;
  originalMessageId: string | null;
  /** Only the domain: the failure reaches dashboards, the address is personal data. */
  recipientDomain: string | null;
  status: string;
  permanent: boolean;
  /** Message-ID of the bounce itself: lets the store make recording idempotent. */
  bounceMessageId: string;
  receivedAt: Date;
  evidenceKey: string;
}

/** The port the SMTP receiver, the IMAP poller and the .eml command provide. */
export interface IngestEmailPort extends EmailClassificationContext {
  createRequest(input: NewEmailRequest): Promise<{ reference: string }>;
  addFollowUp(reference: string, input: EmailFollowUp): Promise<void>;
  recordDeliveryFailure(input: EmailDeliveryFailure): Promise<void>;
  /** Stores the raw message (content-addressed by its SHA-256, so a retry stores it once). */
  storeOriginal(raw: Buffer, sha256: string): Promise<string>;
  attachmentLimits?: AttachmentLimits;
}

/**
 * One line of `guichet intake eml`: {"file", "outcome", "reference"?, "reason"?}.
 * - created / follow-up: reference of the request.
 * - duplicate / ignored: reason as a stable code.
 * - bounce: reference of the request whose acknowledgement bounced (absent when ours but not
 *   indexed) and reason "permanent-failure" or "transient-failure". A bounce that is not about our
 *   mail is "ignored" with reason "bounce". Bounces keep their own outcome rather than "ignored"
 *   because they DO have an effect (a delivery failure is recorded) and operators must see it.
 */
export interface IngestOutcome {
  outcome: "created" | "follow-up" | "duplicate" | "ignored" | "bounce";
  reference?: string;
  reason?: string;
}

/** request.received.v1 limits. */
const MAX_BODY = 100_000;
const MAX_TITLE = 300;
const MAX_NAME = 200;
const MAX_SIGNATURE_METADATA = 1_000;

/**
 * The single entry point for e-mail: parse, classify, then store evidence and call the port.
 * Evidence is stored only for mail that has an effect (created, follow-up, bounce of ours):
 * ignored and duplicate mail is personal data we have no reason to keep (GDPR minimisation).
 * `storeOriginal` is called before the effect so that its id can travel with it; the PostgreSQL
 * port writes the bytes in the effect's own transaction, so no request ever points at missing
 * evidence and no evidence is left without its effect.
 */
export async function ingestEmail(raw: Buffer, receivedAt: Date, deps: IngestEmailPort): Promise<IngestOutcome> {
  const parsed = await parseEmail(raw, receivedAt);
  const classification = await classifyEmail(parsed, deps);

  switch (classification.outcome) {
    case "duplicate":
    case "ignored":
      return { outcome: classification.outcome, reason: classification.reason };
    case "bounce": {
      const evidenceKey = await deps.storeOriginal(raw, parsed.rawSha256);
      await deps.recordDeliveryFailure({
        reference: classification.reference,
        originalMessageId: classification.originalMessageId,
        recipientDomain: classification.recipientDomainOnly,
        status: classification.status,
        permanent: classification.permanent,
        bounceMessageId: parsed.messageId,
        receivedAt,
        evidenceKey,
      });
      const reason = classification.permanent ? "permanent-failure" : "transient-failure";
      return classification.reference === null
        ? { outcome: "bounce", reason }
        : { outcome: "bounce", reference: classification.reference, reason };
    }
    case "follow-up": {
      const evidenceKey = await deps.storeOriginal(raw, parsed.rawSha256);
      const content = emailContent(parsed, screenAttachments(parsed.attachments, limitsOf(deps)), evidenceKey);
      await deps.addFollowUp(classification.reference, {
        ...content,
        fromAddress: parsed.from?.address ?? null,
        title: titleOf(parsed),
      });
      return { outcome: "follow-up", reference: classification.reference };
    }
    case "created": {
      const evidenceKey = await deps.storeOriginal(raw, parsed.rawSha256);
      const content = emailContent(parsed, screenAttachments(parsed.attachments, limitsOf(deps)), evidenceKey);
      const { reference } = await deps.createRequest({
        ...content,
        channel: "email",
        citizen: citizenOf(parsed),
        title: titleOf(parsed),
      });
      return { outcome: "created", reference };
    }
  }
}

function titleOf(parsed: ParsedEmail): string | null {
  return parsed.subject === "" ? null : truncate(parsed.subject, MAX_TITLE);
}

function limitsOf(deps: IngestEmailPort): AttachmentLimits {
  return deps.attachmentLimits ?? DEFAULT_ATTACHMENT_LIMITS;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function emailContent(parsed: ParsedEmail, screened: ScreenedAttachments, evidenceKey: string): EmailContent {
  const refusedAttachments = screened.refused.map(({ attachment, reason }) => ({
    filename: attachment.filename,
    contentType: attachment.contentType,
    size: attachment.size,
    sha256: attachment.sha256,
    reason,
  }));
  const metadata: Record<string, string> = {
    messageId: parsed.messageId,
    rawSha256: parsed.rawSha256,
    evidenceKey,
  };
  if (parsed.inReplyTo !== null) metadata.inReplyTo = parsed.inReplyTo;
  if (parsed.date !== null) metadata.senderDate = parsed.date.toISOString();
  if (parsed.newText.length > MAX_BODY) metadata.bodyTruncated = "true";
  // The body ends before the signature; agents may still need the postal address it gives.
  if (parsed.signature !== null) metadata.signature = truncate(parsed.signature, MAX_SIGNATURE_METADATA);
  if (refusedAttachments.length > 0) {
    metadata.refusedAttachments = JSON.stringify(
      refusedAttachments.map(({ filename, contentType, reason }) => ({ filename, contentType, reason })),
    );
  }
  return {
    receivedAt: parsed.receivedAt,
    messageId: parsed.messageId,
    body: truncate(parsed.newText, MAX_BODY),
    metadata,
    attachments: screened.accepted.map(({ filename, contentType, size, sha256, inline, content }) => ({
      filename,
      contentType,
      size,
      sha256,
      inline,
      content,
    })),
    refusedAttachments,
    evidenceKey,
  };
}

/**
 * The citizen as the event describes them. Answers go to Reply-To when it is valid (that is where
 * the sender asked replies to go), else to From. The phone is taken only from the signature, and
 * only a French number: a number in the body may be anyone's (a neighbour, a company).
 */
function citizenOf(parsed: ParsedEmail): CitizenContact {
  const replyTo = parsed.replyTo === null ? null : normaliseEmailAddress(parsed.replyTo.address);
  const from = parsed.from === null ? null : normaliseEmailAddress(parsed.from.address);
  const email = replyTo?.ok ? replyTo.address : from?.ok ? from.address : null;
  const name = parsed.from?.name ?? null;
  const contact: CitizenContact = {
    name: name === null || name === parsed.from?.address ? null : truncate(name, MAX_NAME),
    email,
    phone: parsed.signature === null ? null : findFrenchPhoneNumber(parsed.signature),
    postalAddress: null,
    preferredChannel: "email",
  };
  // A safety net: what we hand over must parse as the event's citizen, or fail here, loudly.
  return citizenContactSchema.parse(contact);
}
