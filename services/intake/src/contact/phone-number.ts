import { type CountryCode, findPhoneNumbersInText, ParseError, parsePhoneNumberWithError } from "libphonenumber-js/max";

/** Why a phone number was refused: stable codes, safe for logs (they never carry the number). */
export type PhoneRejection = "empty" | "not-a-number" | "invalid-country" | "too-short" | "too-long" | "invalid-number";

export interface InvalidPhoneError {
  code: "invalid-phone";
  reason: PhoneRejection;
}

export type PhoneNumberResult =
  | { ok: true /** E.164, e.g. +33241000000. */; e164: string; country: CountryCode | null }
  | { ok: false; error: InvalidPhoneError };

/**
 * France and the overseas territories numbered outside +33: a Réunion or Guadeloupe number is a
 * French citizen's number all the same.
 */
export const FRENCH_REGIONS: ReadonlySet<CountryCode> = new Set<CountryCode>([
  "FR",
  "GP",
  "MQ",
  "GF",
  "RE",
  "YT",
  "PM",
  "BL",
  "MF",
  "WF",
  "PF",
  "NC",
]);

const LIBRARY_REASONS: Record<string, PhoneRejection> = {
  NOT_A_NUMBER: "not-a-number",
  INVALID_COUNTRY: "invalid-country",
  TOO_SHORT: "too-short",
  TOO_LONG: "too-long",
  INVALID_LENGTH: "invalid-number",
};

function invalid(reason: PhoneRejection): PhoneNumberResult {
  return { ok: false, error: { code: "invalid-phone", reason } };
}

/**
 * Normalises a phone number as people write it ("02.41.00.00.00", "0033 2 41...", "+33 (0)2 41...")
 * to E.164. National numbers are read in `defaultRegion`; foreign numbers need their "+" prefix.
 * Validation uses the full ("max") metadata so that unallocated ranges are refused: a number we
 * would later text or call must exist, and the metadata is refreshed with each library upgrade.
 */
export function normalisePhoneNumber(input: string, defaultRegion: CountryCode = "FR"): PhoneNumberResult {
  const text = input.trim();
  if (text === "") return invalid("empty");
  try {
    const phone = parsePhoneNumberWithError(text, defaultRegion);
    if (!phone.isValid()) return invalid("invalid-number");
    return { ok: true, e164: phone.number, country: phone.country ?? null };
  } catch (error) {
    if (error instanceof ParseError) return invalid(LIBRARY_REASONS[error.message] ?? "invalid-number");
    throw error;
  }
}

/**
 * The first valid French (metropolitan or overseas) phone number in a free text such as an e-mail
 * signature, in E.164, or null. Foreign numbers are skipped: a signature often lists a company's
 * switchboard abroad, and a wrong number is worse than none.
 */
export function findFrenchPhoneNumber(text: string): string | null {
  for (const found of findPhoneNumbersInText(text, "FR")) {
    const { country } = found.number;
    if (country !== undefined && FRENCH_REGIONS.has(country) && found.number.isValid()) return found.number.number;
  }
  return null;
}
