/**
 * Headers on every response of the site, whoever rendered it. The CSP allows no inline script or
 * style and no third-party origin; pages must not be framed; forms post only to the site.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join("; ");

export function securityHeaders(options: { tls: boolean }): Record<string, string> {
  const headers: Record<string, string> = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
  };
  // Over plain HTTP, HSTS would be ignored at best and pin a wrong scheme at worst.
  if (options.tls) headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  return headers;
}
