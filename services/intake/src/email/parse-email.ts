import { createHash } from "node:crypto";
import { type Attachment, type ParsedMail, type SimpleParserOptions, simpleParser } from "mailparser";
import { normaliseEmailAddress } from "../contact/email-address.ts";
import { type DeliveryReport, parseDeliveryStatus } from "./delivery-report.ts";
import { collectHeaders, headerParameter, mediaType, messageIdList, normaliseMessageId } from "./email-headers.ts";
import { htmlToText } from "./html-to-text.ts";
import { splitReply } from "./split-reply.ts";

interface Mailbox {
  name: string | null;
  /** Normalised (lower-case domain) when valid, otherwise as written: classification still needs it. */
  address: string;
}

export interface EmailAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  content: Buffer;
  /** Hex SHA-256 of the decoded content. */
  sha256: string;
  /** An image embedded in the HTML (cid:), as opposed to a file the citizen attached. */
  inline: boolean;
  contentId: string | null;
}

export interface ParsedEmail {
  /** Without angle brackets; "sha256:<hex of the raw bytes>" when the message has none. */
  messageId: string;
  messageIdGenerated: boolean;
  inReplyTo: string | null;
  references: string[];
  from: Mailbox | null;
  replyTo: Mailbox | null;
  to: Mailbox[];
  subject: string;
  /** The sender's Date header: informational only, the legal date of receipt is `receivedAt`. */
  date: Date | null;
  /** When OUR server received the message: the legal date of receipt (CRPA). */
  receivedAt: Date;
  /** The full text (HTML converted when there is no plain-text part). */
  text: string;
  /** Only what the citizen just wrote: quoted history and signature trimmed. */
  newText: string;
  signature: string | null;
  attachments: EmailAttachment[];
  /** Set for a multipart/report delivery-status notification (a bounce). */
  deliveryReport: DeliveryReport | null;
  /** Lower-cased name → raw value of the headers classification and evidence use. */
  headers: Record<string, string>;
  /** Size of the raw message in bytes. */
  size: number;
  /** Hex SHA-256 of the raw message: evidence key and duplicate detection without a Message-ID. */
  rawSha256: string;
}

const PARSER_OPTIONS: SimpleParserOptions = {
  // Our own converter renders links and quotes the way reply trimming expects.
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  // Keep cid: links: inlining images as data: URLs would only cost time and memory.
  keepCidLinks: true,
  // Delivery-status parts must stay machine-readable, not be merged into the text.
  keepDeliveryStatus: true,
  checksumAlgo: "sha256",
};

const REPORT_PARTS = new Set([
  "message/delivery-status",
  "message/global-delivery-status",
  "message/disposition-notification",
  "message/global-disposition-notification",
  "text/rfc822-headers",
  "message/global-headers",
  "message/rfc822",
  "message/global",
]);

/**
 * Control characters (NUL first: PostgreSQL text refuses it) and bidirectional overrides, which the
 * web form refuses outright. A mail cannot be refused, so they are dropped from everything it stores:
 * kept, one NUL would fail the insert at every SMTP retry or IMAP poll of the same message.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

function printable(text: string): string {
  return text.replace(UNPRINTABLE, "");
}

function mailbox(address: string | undefined, name: string | undefined): Mailbox | null {
  const raw = printable(address ?? "").trim();
  if (raw === "") return null;
  const normalised = normaliseEmailAddress(raw);
  const displayName = printable(name ?? "").trim();
  return { name: displayName === "" ? null : displayName, address: normalised.ok ? normalised.address : raw };
}

function mailboxes(header: ParsedMail["to"]): Mailbox[] {
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return objects
    .flatMap((object) => object.value.flatMap((entry) => (entry.group ?? [entry]) as typeof object.value))
    .map((entry) => mailbox(entry.address, entry.name))
    .filter((entry): entry is Mailbox => entry !== null);
}

/**
 * An 8-bit body with no declared charset: mailparser reads it as UTF-8, which turns the accented
 * letters of old French mailers into U+FFFD. Such mail is in practice Windows-1252 (a superset of
 * ISO-8859-1), so the raw body is decoded again as that.
 */
function decodeUnlabelledBody(raw: Buffer, headers: Record<string, string>): string | null {
  const type = headers["content-type"];
  if (type !== undefined && (headerParameter(type, "charset") !== null || mediaType(type) !== "text/plain"))
    return null;
  const crlf = raw.indexOf("\r\n\r\n");
  const lf = raw.indexOf("\n\n");
  const end = crlf !== -1 && (lf === -1 || crlf < lf) ? crlf + 4 : lf === -1 ? -1 : lf + 2;
  if (end === -1) return null;
  return new TextDecoder("windows-1252").decode(raw.subarray(end));
}

function bodyText(mail: ParsedMail, raw: Buffer, headers: Record<string, string>): string {
  return printable(decodedBody(mail, raw, headers));
}

function decodedBody(mail: ParsedMail, raw: Buffer, headers: Record<string, string>): string {
  const plain = mail.text ?? "";
  if (plain.includes("\uFFFD")) {
    const redecoded = decodeUnlabelledBody(raw, headers);
    if (redecoded !== null) return redecoded.replace(/\r\n?/g, "\n").trim();
  }
  if (plain.trim() === "" && typeof mail.html === "string") return htmlToText(mail.html);
  return plain.replace(/\r\n?/g, "\n").trim();
}

function toAttachment(attachment: Attachment): EmailAttachment {
  const contentId = attachment.cid ?? null;
  return {
    filename: attachment.filename === undefined ? null : printable(attachment.filename),
    contentType: printable(attachment.contentType).toLowerCase(),
    size: attachment.size,
    content: attachment.content,
    sha256: attachment.checksum,
    // Apple Mail sends PDFs with "Content-Disposition: inline": without a Content-ID they are files.
    inline: contentId !== null && (attachment.related === true || attachment.contentDisposition === "inline"),
    contentId,
  };
}

function deliveryReportOf(attachments: readonly Attachment[]): DeliveryReport | null {
  const status = attachments.find((part) =>
    ["message/delivery-status", "message/global-delivery-status"].includes(part.contentType.toLowerCase()),
  );
  if (status === undefined) return null;
  const returned = attachments.find((part) =>
    ["text/rfc822-headers", "message/global-headers", "message/rfc822", "message/global"].includes(
      part.contentType.toLowerCase(),
    ),
  );
  return parseDeliveryStatus(status.content.toString("utf8"), returned?.content.toString("utf8") ?? null);
}

/**
 * Parses a raw RFC 5322 message (as received by SMTP, fetched by IMAP or read from a .eml file).
 * `receivedAt` is when our server got it: it is carried through as the legal date of receipt.
 */
export async function parseEmail(raw: Buffer, receivedAt: Date): Promise<ParsedEmail> {
  const mail = await simpleParser(raw, PARSER_OPTIONS);
  const headers = Object.fromEntries(
    Object.entries(collectHeaders(mail.headerLines)).map(([name, value]) => [name, printable(value)]),
  );
  const rawSha256 = createHash("sha256").update(raw).digest("hex");
  const headerMessageId = normaliseMessageId(headers["message-id"]);
  const isReport = mediaType(headers["content-type"]) === "multipart/report";
  const parts = isReport
    ? mail.attachments.filter((part) => !REPORT_PARTS.has(part.contentType.toLowerCase()))
    : mail.attachments;
  const text = bodyText(mail, raw, headers);
  const reply = splitReply(text);
  const sentAt = headers.date === undefined ? Number.NaN : Date.parse(headers.date);
  const from = mail.from?.value[0];
  const replyTo = mail.replyTo?.value[0];

  return {
    messageId: headerMessageId ?? `sha256:${rawSha256}`,
    messageIdGenerated: headerMessageId === null,
    inReplyTo: messageIdList(headers["in-reply-to"])[0] ?? null,
    references: messageIdList(headers.references),
    from: mailbox(from?.address, from?.name),
    replyTo: mailbox(replyTo?.address, replyTo?.name),
    to: mailboxes(mail.to),
    subject: printable(mail.subject ?? "")
      .replace(/\s+/g, " ")
      .trim(),
    date: Number.isNaN(sentAt) ? null : new Date(sentAt),
    receivedAt,
    text,
    newText: reply.newText,
    signature: reply.signature,
    attachments: parts.map(toAttachment),
    deliveryReport: isReport ? deliveryReportOf(mail.attachments) : null,
    headers,
    size: raw.length,
    rawSha256,
  };
}
