import type { IncomingMessage } from "node:http";

export function parseCookies(request: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at < 1) continue;
    const name = part.slice(0, at).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(at + 1).trim());
  }
  return cookies;
}

export interface CookieOptions {
  secure: boolean;
  sameSite: "Strict" | "Lax";
  /** Seconds; 0 deletes the cookie; undefined = browser session. */
  maxAge?: number;
  httpOnly?: boolean;
}

/** Cookies are host-only with Path=/; over TLS they get Secure and the __Host- prefix (see names). */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${value}`, "Path=/", `SameSite=${options.sameSite}`];
  if (options.httpOnly !== false) parts.push("HttpOnly");
  if (options.secure) parts.push("Secure");
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  return parts.join("; ");
}

/** Cookie names: __Host- (Secure, no Domain, Path=/ enforced by browsers) when served over TLS. */
export function cookieNames(secure: boolean) {
  const prefix = secure ? "__Host-" : "";
  return {
    session: `${prefix}guichet_session`,
    csrf: `${prefix}guichet_csrf`,
    oidc: `${prefix}guichet_oidc`,
  };
}

/** Removes the gateway's own cookies from a Cookie header before it reaches a service. */
export function stripCookies(header: string | undefined, names: readonly string[]): string | undefined {
  if (!header) return undefined;
  const kept = header
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part && !names.includes(part.slice(0, part.indexOf("=")).trim()));
  return kept.length ? kept.join("; ") : undefined;
}
