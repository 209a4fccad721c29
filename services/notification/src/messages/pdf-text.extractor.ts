/**
 * Reads back the text of an uncompressed pdfkit PDF (compress: false), for golden tests: one
 * output line per baseline, pages separated by a form feed. It understands only what pdfkit writes
 * for standard fonts — `BT … x y Tm … [<hex> kerning <hex>] TJ … ET` — which is all we need.
 */

// WinAnsi bytes 0x80–0x9F that differ from Latin-1 (the rest of the range is Latin-1 itself).
const WIN_ANSI_HIGH: Readonly<Record<number, string>> = {
  128: "€",
  130: "‚",
  131: "ƒ",
  132: "„",
  133: "…",
  134: "†",
  135: "‡",
  136: "ˆ",
  137: "‰",
  138: "Š",
  139: "‹",
  140: "Œ",
  142: "Ž",
  145: "‘",
  146: "’",
  147: "“",
  148: "”",
  149: "•",
  150: "–",
  151: "—",
  152: "˜",
  153: "™",
  154: "š",
  155: "›",
  156: "œ",
  158: "ž",
  159: "Ÿ",
};

function decodeHex(hex: string): string {
  let out = "";
  for (let index = 0; index + 1 < hex.length; index += 2) {
    const byte = Number.parseInt(hex.slice(index, index + 2), 16);
    out += WIN_ANSI_HIGH[byte] ?? String.fromCharCode(byte);
  }
  return out;
}

export function extractPdfText(pdf: Buffer): string {
  const source = pdf.toString("latin1");
  if (!source.includes(" Tm\n")) throw new Error("No text operators found: render the PDF with compress: false");
  const pages: string[][] = [];
  for (const stream of source.matchAll(/stream\n([\s\S]*?)\nendstream/g)) {
    const body = stream[1] ?? "";
    if (!body.includes("BT\n")) continue;
    const lines: { y: string; text: string }[] = [];
    for (const block of body.matchAll(/BT\n([\s\S]*?)\nET/g)) {
      const text = block[1] ?? "";
      const y = /\S+ \S+ \S+ \S+ \S+ (\S+) Tm/.exec(text)?.[1] ?? "";
      const content = [...text.matchAll(/<([0-9a-fA-F]*)>/g)].map((hex) => decodeHex(hex[1] ?? "")).join("");
      const last = lines[lines.length - 1];
      // Bold label and value of a fact are two text runs on one baseline.
      if (last && last.y === y) last.text += content;
      else lines.push({ y, text: content });
    }
    pages.push(lines.map((line) => line.text.trimEnd()));
  }
  return `${pages.map((lines) => lines.join("\n")).join("\n\f\n")}\n`;
}
