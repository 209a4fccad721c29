import fc from "fast-check";

/**
 * A valid text file damaged the way an editor, a truncated upload or a hostile sender would: one
 * line with `junk` inserted at some column, one line replaced by `junk`, or the whole text cut
 * anywhere. For property-based tests of the parsers of outside files.
 */
export function damagedText(text: string, junk: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const lines = text.split("\n");
  return fc.tuple(fc.nat(), junk, fc.constantFrom("insert", "replace", "truncate")).map(([at, inserted, how]) => {
    if (how === "truncate") return text.slice(0, at % text.length);
    const index = at % lines.length;
    const line = lines[index] ?? "";
    const cut = at % (line.length + 1);
    const damaged = [...lines];
    damaged[index] = how === "insert" ? `${line.slice(0, cut)}${inserted}${line.slice(cut)}` : inserted;
    return damaged.join("\n");
  });
}

/** What breaks YAML (and most text formats): NUL, tabs, quotes, flow brackets, anchors, tags, BOM, RTL override, a huge line. */
export const YAML_JUNK: readonly string[] = [
  "\u0000",
  "\t",
  '"',
  "'",
  ": :",
  "- ",
  "? ",
  "{",
  "[",
  "*nowhere",
  "&a [*a, *a]",
  "<<: *nowhere",
  "!!binary AAAA",
  "!!js/function 'x'",
  "\uFEFF",
  "\u202E",
  "x".repeat(50_000),
];
