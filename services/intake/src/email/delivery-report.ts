import { messageIdList, normaliseMessageId } from "./email-headers.ts";

/**
 * What a bounce says about the message it returns. Only the recipient's domain is kept: a bounce
 * becomes a delivery-failure event that reaches dashboards, and the full address is personal data.
 */
export interface DeliveryReport {
  /** Enhanced status code (RFC 3463), e.g. "5.1.1"; "5.0.0" / "4.0.0" when the bounce gave none. */
  status: string;
  /** 5.x.x (or "failed" without a status) is permanent; 4.x.x and "delayed" are transient. */
  permanent: boolean;
  recipientDomain: string | null;
  /** Message-ID of the returned message, without angle brackets, when the bounce includes it. */
  originalMessageId: string | null;
  /** Address in the returned message's From header, to recognise our own mail without an id. */
  originalFrom: string | null;
  /** true for an RFC 3464 message/delivery-status part, false for a free-text bounce. */
  structured: boolean;
}

const STATUS = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;

/** Parses header-style "Name: value" fields, with folded lines, into groups split by blank lines. */
function fieldGroups(text: string): Array<Map<string, string>> {
  const groups: Array<Map<string, string>> = [];
  let current = new Map<string, string>();
  let lastName: string | null = null;
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    if (line.trim() === "") {
      if (current.size > 0) groups.push(current);
      current = new Map();
      lastName = null;
    } else if (/^[ \t]/.test(line) && lastName !== null) {
      current.set(lastName, `${current.get(lastName) ?? ""} ${line.trim()}`);
    } else {
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      lastName = line.slice(0, colon).trim().toLowerCase();
      if (!current.has(lastName)) current.set(lastName, line.slice(colon + 1).trim());
    }
  }
  if (current.size > 0) groups.push(current);
  return groups;
}

function domainOf(recipientField: string | undefined): string | null {
  // "rfc822; jean@dest.example" → "dest.example"
  const address = recipientField?.split(";").at(-1)?.trim() ?? "";
  const at = address.lastIndexOf("@");
  if (at < 0) return null;
  const domain = address
    .slice(at + 1)
    .replace(/[>\s].*$/, "")
    .toLowerCase();
  return domain === "" ? null : domain;
}

function returnedHeaderFacts(
  returnedHeaders: string | null,
): Pick<DeliveryReport, "originalMessageId" | "originalFrom"> {
  if (returnedHeaders === null) return { originalMessageId: null, originalFrom: null };
  const [headers] = fieldGroups(returnedHeaders);
  const from = headers?.get("from") ?? null;
  const fromAddress = from === null ? null : (/<([^<>@\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? from.trim());
  return {
    originalMessageId: normaliseMessageId(headers?.get("message-id")),
    originalFrom: fromAddress === null ? null : fromAddress.toLowerCase(),
  };
}

/**
 * Reads an RFC 3464 delivery-status part and the returned headers (text/rfc822-headers or the
 * head of a message/rfc822 part). The recipient reported is the first one that failed, else the
 * first delayed, else the first listed.
 */
export function parseDeliveryStatus(deliveryStatus: string, returnedHeaders: string | null): DeliveryReport {
  const recipients = fieldGroups(deliveryStatus).filter(
    (group) => group.has("final-recipient") || group.has("original-recipient") || group.has("action"),
  );
  const action = (group: Map<string, string>) => (group.get("action") ?? "").toLowerCase();
  const recipient =
    recipients.find((group) => action(group) === "failed") ??
    recipients.find((group) => action(group) === "delayed") ??
    recipients[0];
  const statusMatch = STATUS.exec(recipient?.get("status") ?? "");
  const delayed = recipient !== undefined && action(recipient) === "delayed";
  const status = statusMatch?.[0] ?? (delayed ? "4.0.0" : "5.0.0");
  return {
    status,
    permanent: !delayed && status.startsWith("5"),
    recipientDomain: domainOf(recipient?.get("final-recipient") ?? recipient?.get("original-recipient")),
    ...returnedHeaderFacts(returnedHeaders),
    structured: true,
  };
}

const TRANSIENT_WORDING =
  /(delayed|still (not )?(been )?undelivered|will (continue|retry|keep) (trying|to try)|temporar(y|ily)|nouvelle tentative|différé)/i;

/**
 * Reads a free-text bounce (qmail, old Exim, some webmail providers) that has no delivery-status
 * part: status code and returned Message-ID are looked for in the text, and the wording decides
 * whether the failure is transient when no status is given.
 */
export function parseTextBounce(text: string, failedRecipients: string | undefined): DeliveryReport {
  const statusMatch = STATUS.exec(text);
  const transient = statusMatch === null ? TRANSIENT_WORDING.test(text) : statusMatch[1] === "4";
  const status = statusMatch?.[0] ?? (transient ? "4.0.0" : "5.0.0");
  const idLine = /^\s*message-id:\s*(.+)$/im.exec(text);
  // The returned headers sit around the Message-ID line; elsewhere "From:" may be prose.
  const around = idLine === null ? "" : text.slice(Math.max(0, idLine.index - 1500), idLine.index + 1500);
  const fromLine = /^\s*from:\s*(.+)$/im.exec(around);
  return {
    status,
    permanent: status.startsWith("5"),
    // qmail and Exim list the failed recipient as a "<address>:" line when there is no header.
    recipientDomain: domainOf(failedRecipients?.split(",")[0] ?? /^<([^<>\s]+@[^<>\s]+)>:\s*$/m.exec(text)?.[1]),
    originalMessageId: idLine === null ? null : (messageIdList(idLine[1])[0] ?? null),
    originalFrom: fromLine?.[1] === undefined ? null : returnedHeaderFacts(`From: ${fromLine[1]}`).originalFrom,
    structured: false,
  };
}
