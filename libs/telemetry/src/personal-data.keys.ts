/**
 * Field names that carry personal data (RGPD) and must never reach logs or span attributes.
 * Matching ignores case, `_` and `-`, so `first_name`, `First-Name` and `firstName` are the same key.
 * Exact names only: substring matching would also hide `serviceName` or `hostname`, which we need.
 */
const PERSONAL_DATA_KEYS: readonly string[] = [
  "email",
  "emailAddress",
  "phone",
  "phoneNumber",
  "mobile",
  "name",
  "firstName",
  "lastName",
  "fullName",
  "birthDate",
  "dateOfBirth",
  "address",
  "postalAddress",
  "body",
  "text",
  "html",
  "citizen",
  "ip",
  "ipAddress",
  "authorization",
  "cookie",
  "setCookie",
  "password",
  "token",
  "accessToken",
  "refreshToken",
  "apiKey",
  "secret",
];

export function normalizeKey(key: string): string {
  return key.replaceAll(/[-_]/g, "").toLowerCase();
}

const NORMALIZED_KEYS: ReadonlySet<string> = new Set(PERSONAL_DATA_KEYS.map(normalizeKey));

export function isPersonalDataKey(key: string): boolean {
  return NORMALIZED_KEYS.has(normalizeKey(key));
}

/** Query-string parameter names to redact from HTTP span URLs (the instrumentation matches them exactly). */
export function personalDataQueryParams(): string[] {
  return PERSONAL_DATA_KEYS.flatMap((key) => {
    const snake = key.replaceAll(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    return snake === key ? [key] : [key, snake];
  });
}
