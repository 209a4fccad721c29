import { type DeliveryReport, parseTextBounce } from "./delivery-report.ts";
import { bounceStrength, isAutoReply, isBulk } from "./email-signals.ts";
import type { ParsedEmail } from "./parse-email.ts";

type MaybePromise<T> = T | Promise<T>;

/** What classification needs to know about the town's mail and the requests already held. */
export interface EmailClassificationContext {
  /** Our sending addresses (e.g. ne-pas-repondre@mairie.loire-authion.example): loop protection. */
  ownAddresses: readonly string[];
  /** Right-hand side of our Message-IDs (MAIL_MESSAGE_ID_DOMAIN): nobody else writes on it. */
  ownMessageIdDomain: string;
  /** A request reference, e.g. /\bLA-\d{4}-\d{6,}\b/ (any flags; it is scanned globally). */
  referencePattern: RegExp;
  /** The request reference when `messageId` (no angle brackets) is one of OUR messages (acks). */
  findRequestByMessageId(messageId: string): MaybePromise<string | null>;
  /** The canonical reference when a request with this reference exists. */
  findRequestByReference(reference: string): MaybePromise<string | null>;
  /** Whether a message with this id already produced a request, follow-up or delivery failure. */
  isKnownMessageId(messageId: string): MaybePromise<boolean>;
}

/** Stable codes, safe for logs and metrics. */
type IgnoredReason = "auto-reply" | "bulk" | "bounce" | "own-address" | "own-message" | "empty";

export type EmailClassification =
  | { outcome: "created" }
  | { outcome: "follow-up"; reference: string; matchedBy: "in-reply-to" | "references" | "subject" }
  | { outcome: "duplicate"; reason: "already-ingested" }
  | { outcome: "ignored"; reason: IgnoredReason }
  | {
      outcome: "bounce";
      /** The request whose message bounced; null when the message is ours but not indexed. */
      reference: string | null;
      originalMessageId: string | null;
      recipientDomainOnly: string | null;
      status: string;
      permanent: boolean;
    };

const REPLY_PREFIX = /^\s*((re|tr|fw|fwd|réf|ref|aw|wg)\s*(\[\d+\])?\s*:\s*)+/i;

/**
 * Decides what an incoming mail is. The order of the checks is part of the contract:
 *
 * 1. duplicate — same Message-ID already ingested. First, so that re-delivery (IMAP re-poll, SMTP
 *    retry, re-running the .eml command) never has a second effect, whatever the mail is.
 * 2. bounce (strong signals: delivery-status report, MAILER-DAEMON/postmaster, X-Failed-Recipients)
 *    — before own-address, because a bounce of our acknowledgement returns our own headers and
 *    some MTAs even send it "From" our domain; it becomes a delivery failure of that ack, or is
 *    ignored ("bounce") when it is not about our mail.
 * 3. own-address — From is one of our sending addresses (MAIL_FROM, MAIL_REPLY_TO, the others
 *    configured) or on our Message-ID domain; own-message — the Message-ID is on our domain, i.e. a
 *    mail we sent came back (a copy, a forward by a relay, a misrouted alias). Never answer
 *    ourselves (mail loops).
 * 4. auto-reply — before follow-up, since an out-of-office reply to our ack carries our reference
 *    and In-Reply-To and would otherwise be added to the request.
 * 5. bulk — newsletters and mailing lists.
 * 6. bounce (weak signal: empty return path only) — after auto-reply, which RFC 3834 also sends
 *    with a null sender, so that those get their precise reason.
 * 7. empty — no subject, no text and no attachment. A subject-only mail is a request ("Demande
 *    d'acte de naissance" with an empty body is common), so it is not empty.
 * 8. follow-up — In-Reply-To, then References (newest first) pointing at one of our messages, then
 *    an existing reference in the subject. Only the subject is scanned: a reference quoted in the
 *    body may be someone else's request.
 * 9. created.
 */
export async function classifyEmail(
  parsed: ParsedEmail,
  context: EmailClassificationContext,
): Promise<EmailClassification> {
  if (await context.isKnownMessageId(parsed.messageId)) return { outcome: "duplicate", reason: "already-ingested" };

  const bounce = bounceStrength(parsed);
  if (bounce === "strong") return classifyBounce(parsed, context);
  if (isOwnAddress(parsed.from?.address, context)) return { outcome: "ignored", reason: "own-address" };
  if (!parsed.messageIdGenerated && domainOf(parsed.messageId) === context.ownMessageIdDomain.toLowerCase()) {
    return { outcome: "ignored", reason: "own-message" };
  }
  if (isAutoReply(parsed)) return { outcome: "ignored", reason: "auto-reply" };
  if (isBulk(parsed)) return { outcome: "ignored", reason: "bulk" };
  if (bounce === "weak") return classifyBounce(parsed, context);
  if (isEmpty(parsed)) return { outcome: "ignored", reason: "empty" };

  const followUp = await findThread(parsed, context);
  return followUp ?? { outcome: "created" };
}

function isOwnAddress(address: string | null | undefined, context: EmailClassificationContext): boolean {
  if (address === null || address === undefined) return false;
  // Case-insensitive on the whole address: a loop must be caught even if a relay changed the case.
  const lower = address.toLowerCase();
  return (
    context.ownAddresses.some((own) => own.trim().toLowerCase() === lower) ||
    domainOf(lower) === context.ownMessageIdDomain.toLowerCase()
  );
}

function domainOf(addressOrMessageId: string): string {
  return addressOrMessageId.slice(addressOrMessageId.lastIndexOf("@") + 1).toLowerCase();
}

function isEmpty(parsed: ParsedEmail): boolean {
  return (
    parsed.text.trim() === "" &&
    parsed.attachments.length === 0 &&
    parsed.subject.replace(REPLY_PREFIX, "").trim() === ""
  );
}

async function classifyBounce(parsed: ParsedEmail, context: EmailClassificationContext): Promise<EmailClassification> {
  const report: DeliveryReport =
    parsed.deliveryReport ?? parseTextBounce(parsed.text, parsed.headers["x-failed-recipients"]);
  // The returned Message-ID is the reliable link; some MTAs also thread the bounce to the original.
  const candidates = [report.originalMessageId, parsed.inReplyTo, ...parsed.references.toReversed()].filter(
    (id): id is string => id !== null,
  );
  let reference: string | null = null;
  for (const id of new Set(candidates)) {
    reference = await context.findRequestByMessageId(id);
    if (reference !== null) break;
  }
  const ours = reference !== null || isOwnAddress(report.originalFrom, context);
  if (!ours) return { outcome: "ignored", reason: "bounce" };
  return {
    outcome: "bounce",
    reference,
    originalMessageId: report.originalMessageId,
    recipientDomainOnly: report.recipientDomain,
    status: report.status,
    permanent: report.permanent,
  };
}

async function findThread(
  parsed: ParsedEmail,
  context: EmailClassificationContext,
): Promise<Extract<EmailClassification, { outcome: "follow-up" }> | null> {
  const threaded: Array<[string, "in-reply-to" | "references"]> = [];
  if (parsed.inReplyTo !== null) threaded.push([parsed.inReplyTo, "in-reply-to"]);
  for (const id of parsed.references.toReversed()) threaded.push([id, "references"]);
  for (const [id, matchedBy] of threaded) {
    const reference = await context.findRequestByMessageId(id);
    if (reference !== null) return { outcome: "follow-up", reference, matchedBy };
  }

  const flags = context.referencePattern.flags.includes("g")
    ? context.referencePattern.flags
    : `${context.referencePattern.flags}g`;
  for (const match of parsed.subject.matchAll(new RegExp(context.referencePattern.source, flags))) {
    const reference = await context.findRequestByReference(match[0]);
    if (reference !== null) return { outcome: "follow-up", reference, matchedBy: "subject" };
  }
  return null;
}
