import type { PhoneCall } from "./phone-call.ts";

/** What a parser makes of one CSV record. */
export type CallRowResult =
  | { kind: "call"; call: PhoneCall }
  /** Not an inbound call (internal or outgoing): counted, not imported. */
  | { kind: "ignored"; reason: string }
  /** French, names the column; never quotes a phone number. */
  | { kind: "error"; column: string | null; message: string };

export function rowError(column: string | null, message: string): CallRowResult {
  return { kind: "error", column, message };
}

/** Non-negative whole seconds, or null. */
export function parseSeconds(text: string | undefined): number | null {
  const trimmed = (text ?? "").trim();
  if (!/^\d{1,9}$/.test(trimmed)) return null;
  return Number(trimmed);
}

/**
 * A cell quoted in an error, « like this »: shortened, since a broken file may hold a 100 kB cell and
 * the report keeps up to a thousand errors.
 */
export function quoted(text: string): string {
  return `« ${text.length > 40 ? `${text.slice(0, 40)}…` : text} »`;
}
