import { randomUUID } from "node:crypto";
import { type AddressObject, type EmailAddress, type HeaderValue, type ParsedMail, simpleParser } from "mailparser";
import type { SMTPServerEnvelope } from "smtp-server";
import type { CaughtMessageSummary } from "./mail-catcher.types.ts";

/** Parses a received message into the fields tests and the HTML pages look at. */
export async function parseCaughtMessage(raw: Buffer, envelope: SMTPServerEnvelope): Promise<CaughtMessageSummary> {
  // skipImageLinks / skipTextToHtml: the catcher shows the text part as sent, and never renders HTML.
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  return {
    id: randomUUID(),
    receivedAt: new Date().toISOString(),
    envelope: {
      from: envelope.mailFrom === false ? "" : envelope.mailFrom.address,
      to: envelope.rcptTo.map((recipient) => recipient.address),
    },
    from: addressesOf(parsed.from)[0] ?? "",
    to: addressesOf(parsed.to),
    subject: parsed.subject ?? "",
    messageId: parsed.messageId ?? null,
    inReplyTo: parsed.inReplyTo ?? null,
    references: parsed.references === undefined ? [] : [parsed.references].flat(),
    headers: headersOf(parsed),
    text: parsed.text ?? "",
    html: parsed.html === false ? null : (parsed.html ?? null),
    attachments: parsed.attachments.map((attachment) => ({
      filename: attachment.filename ?? null,
      contentType: attachment.contentType,
      size: attachment.size,
    })),
  };
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
  if (field === undefined) return [];
  return [field].flat().flatMap((object) => object.value.flatMap(flattenGroup));
}

function flattenGroup(address: EmailAddress): string[] {
  if (address.group !== undefined) return address.group.flatMap(flattenGroup);
  return address.address === undefined ? [] : [address.address];
}

/**
 * Decoded header values (encoded words such as `=?UTF-8?Q?...?=` turned back into text). Structured
 * headers (Content-Type and the like) keep their source line, which is the readable form.
 */
function headersOf(parsed: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const decoded = decodeHeader(parsed.headers.get(key)) ?? unfold(line.slice(line.indexOf(":") + 1));
    headers[key] = headers[key] === undefined ? decoded : `${headers[key]}\n${decoded}`;
  }
  return headers;
}

function decodeHeader(value: HeaderValue | undefined): string | undefined {
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (value !== undefined && !Array.isArray(value) && "text" in value && typeof value.text === "string")
    return value.text;
  return undefined;
}

function unfold(value: string): string {
  return value.replaceAll(/\r?\n[ \t]+/g, " ").trim();
}
