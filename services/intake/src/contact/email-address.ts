import { domainToASCII } from "node:url";
import { z } from "zod";

/** Why an e-mail address was refused: stable codes, safe for logs (they never carry the address). */
export type EmailRejection = "empty" | "missing-at" | "invalid-domain" | "too-long" | "invalid-syntax";

export interface InvalidEmailError {
  code: "invalid-email";
  reason: EmailRejection;
}

export type EmailAddressResult = { ok: true; address: string } | { ok: false; error: InvalidEmailError };

// The same validator as the `citizen.email` field of request.received.v1: an address accepted here
// can never make the event fail to parse downstream.
const contractEmail = z.email().max(254);

function invalid(reason: EmailRejection): EmailAddressResult {
  return { ok: false, error: { code: "invalid-email", reason } };
}

/**
 * Normalises an address as found in a header or typed in a form: trims, drops "mailto:" and angle
 * brackets, lower-cases the domain and converts an internationalised domain to its ASCII (punycode)
 * form. The local part keeps its case: RFC 5321 lets the receiving server treat it as significant.
 */
export function normaliseEmailAddress(input: string): EmailAddressResult {
  let text = input.trim();
  if (text.toLowerCase().startsWith("mailto:")) text = text.slice("mailto:".length);
  if (text.startsWith("<") && text.endsWith(">")) text = text.slice(1, -1).trim();
  if (text === "") return invalid("empty");
  const at = text.lastIndexOf("@");
  if (at <= 0 || at === text.length - 1) return invalid("missing-at");
  const local = text.slice(0, at);
  const domain = domainToASCII(text.slice(at + 1).toLowerCase());
  if (domain === "" || !domain.includes(".")) return invalid("invalid-domain");
  const address = `${local}@${domain}`;
  if (address.length > 254) return invalid("too-long");
  if (!contractEmail.safeParse(address).success) return invalid("invalid-syntax");
  return { ok: true, address };
}
