import { createHmac, timingSafeEqual } from "node:crypto";

export const CTI_SIGNATURE_HEADER = "x-guichet-signature";

/** `sha256=<hex HMAC-SHA256 of the body with the shared secret>`, as the sender computes it. */
export function signCtiBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Constant-time check of the signature header against the exact body received. */
export function isValidCtiSignature(secret: string, body: string | Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signCtiBody(secret, body));
  const given = Buffer.from(header.trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
