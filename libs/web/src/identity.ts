import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * Staff identity forwarded by the web gateway to the services. The gateway authenticates the
 * person (OpenID Connect or local account) and signs this assertion; the services trust only a
 * valid signature and enforce roles themselves (never by hiding links only).
 */
export const IDENTITY_HEADER = "x-guichet-identity";

export const roleSchema = z.enum(["reception", "agent", "manager", "admin"]);
export type Role = z.infer<typeof roleSchema>;

export const staffIdentitySchema = z.object({
  /** Stable id of the staff member (OIDC subject or local account id). */
  id: z.string().min(1).max(120),
  name: z.string().max(200),
  roles: z.array(roleSchema),
  /** Catalogue services the person belongs to (agents and managers see only these). */
  serviceIds: z.array(z.string()),
  /** General manager / reception: reads across every service. */
  allServices: z.boolean(),
  /** Expiry, seconds since the epoch. */
  exp: z.number().int(),
});
export type StaffIdentity = z.infer<typeof staffIdentitySchema>;

function sign(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(payload).digest("base64url");
}

/** Header value: base64url(JSON).base64url(HMAC-SHA256). Valid for `ttlSeconds`. */
export function signIdentity(
  identity: Omit<StaffIdentity, "exp">,
  secret: string,
  ttlSeconds = 300,
  now = new Date(),
): string {
  const payload = Buffer.from(
    JSON.stringify({ ...identity, exp: Math.floor(now.getTime() / 1000) + ttlSeconds }),
  ).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
}

/** The identity in a header value, or null when absent, forged, malformed or expired. */
export function verifyIdentity(value: string | undefined, secret: string, now = new Date()): StaffIdentity | null {
  if (!value) return null;
  const [payload, signature, extra] = value.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = staffIdentitySchema.safeParse(json);
  if (!parsed.success || parsed.data.exp * 1000 < now.getTime()) return null;
  return parsed.data;
}
