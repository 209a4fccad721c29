import { createHash, createHmac, randomBytes } from "node:crypto";

export interface TrackingToken {
  /** Given to the citizen only (answer and confirmation page), never stored nor published. */
  token: string;
  /** SHA-256 hex of the token: stored and carried by request.received (reporting serves /suivi by it). */
  hash: string;
}

/**
 * A private tracking token of 256 bits, base64url. With an idempotency key the token is derived from
 * it with a server secret (HMAC), so a double click or a retry gets the same link as the first
 * submission although only the hash was kept; without a key it is plain random.
 */
export function trackingTokenFor(idempotencyKey: string | undefined, secret: string): TrackingToken {
  const bytes = idempotencyKey
    ? createHmac("sha256", secret).update(`guichet-tracking-token:${idempotencyKey}`).digest()
    : randomBytes(32);
  const token = bytes.toString("base64url");
  return { token, hash: trackingTokenHash(token) };
}

export function trackingTokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function trackingUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/suivi/${token}`;
}
