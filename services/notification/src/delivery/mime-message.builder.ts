import { randomBytes } from "node:crypto";

/** What goes into one outgoing e-mail (addresses already validated upstream). */
export interface MimeMessage {
  from: string;
  /** Where the citizen's answer goes when it is not MAIL_FROM (MAIL_REPLY_TO). */
  replyTo?: string | null;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  messageId: string;
  references: readonly string[];
  date: Date;
}

/**
 * Builds the RFC 5322 / MIME source of an acknowledgement. Written by hand rather than by
 * nodemailer's composer because the composer costs ~5x the rest of a send (quoted-printable and
 * line folding in JavaScript); base64 bodies are encoded natively. The output is plain, fixed
 * structure: multipart/alternative (text, then HTML) in UTF-8, headers RFC 2047-encoded when not
 * ASCII, Auto-Submitted (RFC 3834) so mailboxes do not answer it.
 */
export function buildMime(message: MimeMessage): string {
  const headers = [
    `From: ${encodeMailbox(message.from)}`,
    ...(message.replyTo ? [`Reply-To: ${encodeMailbox(message.replyTo)}`] : []),
    `To: ${message.to}`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${rfc5322Date(message.date)}`,
    `Message-ID: ${message.messageId}`,
    ...(message.references.length > 0
      ? [`In-Reply-To: ${message.references.at(-1)}`, `References: ${message.references.join("\r\n ")}`]
      : []),
    "Auto-Submitted: auto-replied",
    "X-Auto-Response-Suppress: All",
    "MIME-Version: 1.0",
  ];
  if (!message.html) {
    return [...headers, ...part("text/plain", message.text), ""].join("\r\n");
  }
  const boundary = `=_guichet_${randomBytes(12).toString("hex")}`;
  return [
    ...headers,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    ...part("text/plain", message.text),
    `--${boundary}`,
    ...part("text/html", message.html),
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

function part(type: string, body: string): string[] {
  const encoded = Buffer.from(body, "utf8")
    .toString("base64")
    .replace(/.{76}(?=.)/g, "$&\r\n");
  return [`Content-Type: ${type}; charset=utf-8`, "Content-Transfer-Encoding: base64", "", encoded];
}

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

/** RFC 2047 encoded-words (base64), each at most 75 characters, split between characters. */
export function encodeHeader(value: string): string {
  if (ASCII_PRINTABLE.test(value) && value.length < 900) return value;
  const words: string[] = [];
  let chunk = "";
  for (const char of value) {
    // 45 bytes of UTF-8 → 60 base64 characters + 12 of "=?UTF-8?B??=" = 72 ≤ 75.
    if (Buffer.byteLength(chunk + char, "utf8") > 45) {
      words.push(chunk);
      chunk = "";
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, "utf8").toString("base64")}?=`).join("\r\n ");
}

/** `Name <address>` with the display name encoded when needed. */
function encodeMailbox(mailbox: string): string {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(mailbox);
  if (!match) return mailbox.trim();
  const [, name, address] = match;
  if (!name) return `<${address}>`;
  const display = ASCII_PRINTABLE.test(name) ? `"${name.replace(/["\\]/g, "\\$&")}"` : encodeHeader(name);
  return `${display} <${address}>`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function rfc5322Date(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${DAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** The bare address of a `Name <address>` mailbox, for the SMTP envelope. */
export function addressOf(mailbox: string): string {
  return /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox.trim();
}
