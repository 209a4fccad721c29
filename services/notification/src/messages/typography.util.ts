import type { Locale } from "./town-identity.types.ts";

/**
 * U+202F NARROW NO-BREAK SPACE, the one space used before « : ; ! ? » and inside « guillemets »
 * (Imprimerie nationale usage). The PDF falls back to U+00A0 because Helvetica cannot encode it.
 */
export const NARROW_NBSP = "\u202F";
export const NBSP = "\u00A0";

/**
 * Applies typography to a template source (never to the values put into it, which are data):
 * towns type plain spaces and straight quotes, citizens receive correct French.
 */
export function typesetTemplate(source: string, locale: Locale): string {
  const curly = source.replace(/'/g, "’");
  if (locale === "en") return curly.replace(/"([^"]*)"/g, "“$1”");
  return (
    curly
      .replace(/[ \u00A0\u202F]*([:;!?»])/g, (match, sign: string) => (match === sign ? sign : `${NARROW_NBSP}${sign}`))
      .replace(/«[ \u00A0\u202F]*/g, `«${NARROW_NBSP}`)
      // "article L. 112-3": the letter must not end a line away from its number.
      .replace(/\b([LRD])\. (\d)/g, `$1.${NBSP}$2`)
  );
}

/** "02 41 00 01 10" must not break across lines. */
export function unbreakable(text: string): string {
  return text.replace(/ /g, NBSP);
}

// Unicode code points outside Latin-1 that the WinAnsi encoding of the PDF standard fonts covers.
const WIN_ANSI_EXTRA = new Set([
  0x0152, 0x0153, 0x0160, 0x0161, 0x0178, 0x017d, 0x017e, 0x0192, 0x02c6, 0x02dc, 0x2013, 0x2014, 0x2018, 0x2019,
  0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);

const WIN_ANSI_SUBSTITUTES: Readonly<Record<string, string>> = {
  "\u202F": NBSP,
  "\u2009": " ",
  "\u2007": NBSP,
  "\u2010": "-",
  "\u2011": "-",
  "\u2212": "-",
  "\u2032": "’",
  "\u2033": "”",
  "\u2192": "->",
  // Letters NFKD does not decompose.
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  ı: "i",
};

function encodable(codePoint: number): boolean {
  return (
    (codePoint >= 0x20 && codePoint <= 0x7e) ||
    (codePoint >= 0xa0 && codePoint <= 0xff) ||
    WIN_ANSI_EXTRA.has(codePoint)
  );
}

/**
 * Makes any text printable with the PDF standard fonts (WinAnsi): known look-alikes first, then the
 * letter without its accent (ő → o), then "?". A silent .notdef would print nothing at all, which
 * on a legal letter is worse than a visible replacement.
 */
export function toWinAnsi(text: string): string {
  let out = "";
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0x3f;
    if (char === "\n" || encodable(codePoint)) out += char;
    else if (WIN_ANSI_SUBSTITUTES[char] !== undefined) out += WIN_ANSI_SUBSTITUTES[char];
    else {
      const base = char.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
      out += base !== "" && [...base].every((c) => encodable(c.codePointAt(0) ?? 0)) ? base : "?";
    }
  }
  return out;
}
