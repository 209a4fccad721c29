import { FRENCH_REGIONS, normalisePhoneNumber } from "../contact/phone-number.ts";
import type { CallerStatus } from "./phone-call.ts";

/** What switchboards and operators write for a number the caller hid. */
const WITHHELD = new Set([
  "",
  "anonymous",
  "anonyme",
  "unknown",
  "unavailable",
  "restricted",
  "private",
  "privé",
  "masqué",
  "withheld",
]);

/**
 * Reads a caller number as a switchboard writes it ("0241000000", "+33241000000", "0033…",
 * "Anonymous"). Only a valid number is kept, in E.164: a wrong number is worse than none for a callback.
 */
export function readCaller(raw: string | null | undefined): { caller: string | null; callerStatus: CallerStatus } {
  const text = (raw ?? "").trim();
  // Call logs repeat the same callers: parsing a number costs more than the rest of the row.
  const known = cache.get(text);
  if (known) return known;
  const read = readUncached(text);
  if (cache.size >= 50_000) cache.clear();
  cache.set(text, read);
  return read;
}

const cache = new Map<string, { caller: string | null; callerStatus: CallerStatus }>();

function readUncached(text: string): { caller: string | null; callerStatus: CallerStatus } {
  if (WITHHELD.has(text.toLowerCase())) return { caller: null, callerStatus: "withheld" };
  const normalised = normalisePhoneNumber(text);
  if (!normalised.ok) return { caller: null, callerStatus: "invalid" };
  // A foreign number is kept for the agent but never called back automatically.
  return normalised.country && FRENCH_REGIONS.has(normalised.country)
    ? { caller: normalised.e164, callerStatus: "identified" }
    : { caller: normalised.e164, callerStatus: "foreign" };
}
