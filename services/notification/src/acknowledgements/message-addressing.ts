import type { AcknowledgementKind, CitizenContact } from "@guichet/contracts";

/**
 * Deterministic Message-IDs: the same request and kind always give the same id, so a reply's
 * In-Reply-To leads back to the request and a receiving server can drop an accidental resend.
 */
export function messageIdFor(requestId: string, kind: AcknowledgementKind | string, domain: string): string {
  return `<${kind}-${requestId}@${domain}>`;
}

/** The e-mail address to write to; null when the citizen gave none (letters and SMS take over). */
export function sendableAddress(citizen: CitizenContact): string | null {
  return citizen.preferredChannel === "none" ? null : citizen.email;
}
