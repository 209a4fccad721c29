export type FetchItem = "UID" | "FLAGS" | "INTERNALDATE" | "RFC822.SIZE" | "BODY[]" | "BODY.PEEK[]" | "RFC822";

const MACROS: Record<string, FetchItem[]> = {
  ALL: ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
  FAST: ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
  FULL: ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
};
const SUPPORTED = new Set<string>(["UID", "FLAGS", "INTERNALDATE", "RFC822.SIZE", "BODY[]", "BODY.PEEK[]", "RFC822"]);

/** FETCH data items this server answers; anything else is refused, so a test notices. */
export function fetchItemsOf(text: string): FetchItem[] {
  const inner = text.trim().replace(/^\((.*)\)$/s, "$1");
  const items: FetchItem[] = [];
  for (const word of inner.split(/\s+/).filter((w) => w !== "")) {
    const upper = word.toUpperCase();
    const macro = MACROS[upper];
    if (macro) items.push(...macro);
    else if (SUPPORTED.has(upper)) items.push(upper as FetchItem);
    else throw new Error(`unsupported FETCH item ${word}`);
  }
  return [...new Set(items)];
}

/** Whether `value` is in an IMAP sequence set ("1:4,7,9:*"); `*` is the largest value in use. */
export function sequenceSetIncludes(set: string, value: number, max: number): boolean {
  return set.split(",").some((range) => {
    const [from, to = from] = range.split(":").map((bound) => (bound === "*" ? max : Number(bound))) as [
      number,
      number?,
    ];
    const low = Math.min(from, to);
    const high = Math.max(from, to);
    return value >= low && value <= high;
  });
}
