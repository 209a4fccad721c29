import type { AcknowledgementKind, CitizenContact } from "@guichet/contracts";

/**
 * Deterministic Message-IDs: the same request and kind always give the same id, so a reply's
 * In-Reply-To leads back to the request and a receiving server can drop an accidental resend.
 */
export function messageIdFor(
  requestId: string,
  kind: AcknowledgementKind | string,
  domain: string,
  dedupeKey = "",
): string {
  const key = dedupeKey.replace(/[^A-Za-z0-9.-]/g, "-");
  return key ? `<${kind}-${key}-${requestId}@${domain}>` : `<${kind}-${requestId}@${domain}>`;
}

/** The stored contact, without an e-mail address that bounced permanently. */
export function reachableContact(stored: unknown): CitizenContact {
  const contact = stored as CitizenContact & { emailBounced?: boolean };
  const { emailBounced, ...rest } = contact;
  return emailBounced ? { ...rest, email: null } : rest;
}
