import { isPersonalDataKey } from "./personal-data.keys.ts";

export const REDACTED = "[redacted]";
// Logged objects are small; anything deeper than this is almost certainly an entity dumped by mistake.
const MAX_DEPTH = 8;

/**
 * Returns a copy of `value` where every personal-data key, at any depth, is replaced by `[redacted]`.
 * Pino's built-in `redact` needs one path per depth (`email`, `*.email`, `*.*.email`, ...), which
 * silently misses the next nesting level someone adds; walking the object cannot miss one.
 * Errors are left as they are: the logger's error serializer redacts what it copies out of them.
 */
export function redactPersonalData(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== "object" || value instanceof Error) return value;
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[truncated]";
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactPersonalData(item, depth + 1, seen));
    if (hasOwnJsonForm(value)) return value;
    // Class instances (a domain entity logged whole) are copied like plain objects: pino would
    // serialize their enumerable fields anyway, personal ones included.
    const copy: Record<string, unknown> = {};
    for (const [key, nested] of Object.entries(value)) {
      copy[key] = isPersonalDataKey(key) ? REDACTED : redactPersonalData(nested, depth + 1, seen);
    }
    return copy;
  } finally {
    // Only cycles are a problem: the same object referenced twice side by side is logged twice.
    seen.delete(value);
  }
}

/** Dates, Buffers, URLs... serialize through `toJSON` and hold no nested fields to redact. */
function hasOwnJsonForm(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}
