import { randomBytes } from "node:crypto";

/**
 * Idempotency key of a form, generated when the page is rendered and sent back in a hidden field:
 * a double click or a reload of the POST gives the same request and the same confirmation.
 */
export function newFormKey(): string {
  return `form-${randomBytes(18).toString("base64url")}`;
}

/** The key sent back by the form, if well-formed (same rule as the Idempotency-Key header). */
export function validFormKey(value: string | undefined): string | undefined {
  return value !== undefined && /^[\x21-\x7e]{8,128}$/.test(value) ? value : undefined;
}
