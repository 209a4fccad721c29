/**
 * Converts the HTML of an e-mail into text an agent can read: paragraphs and line breaks kept,
 * lists as "- item" / "1. item", table cells separated by " | ", links as "text (url)", quoted
 * history (<blockquote>) prefixed with "> " so that reply trimming treats HTML and plain text mails
 * alike. Images are left out: inline images are kept as attachments, never in the body.
 *
 * Hand-written rather than mailparser's html-to-text because we need our own link and quote
 * rendering, and a tolerant single pass is enough for mail HTML (no layout, no CSS).
 */

const SKIPPED = new Set(["head", "script", "style", "title", "template", "noscript", "object", "svg"]);
const PARAGRAPH_BLOCKS = new Set([
  "p",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "table",
  "pre",
  "dl",
  "address",
  "figure",
  "form",
  "fieldset",
]);
const LINE_BLOCKS = new Set([
  "div",
  "tr",
  "dt",
  "dd",
  "section",
  "article",
  "header",
  "footer",
  "nav",
  "main",
  "aside",
  "center",
  "caption",
  "hr",
  "body",
]);

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ensp: " ",
  emsp: " ",
  thinsp: " ",
  shy: "",
  zwnj: "",
  zwj: "",
  eacute: "é",
  Eacute: "É",
  egrave: "è",
  Egrave: "È",
  ecirc: "ê",
  Ecirc: "Ê",
  euml: "ë",
  agrave: "à",
  Agrave: "À",
  acirc: "â",
  Acirc: "Â",
  auml: "ä",
  ccedil: "ç",
  Ccedil: "Ç",
  icirc: "î",
  Icirc: "Î",
  iuml: "ï",
  ocirc: "ô",
  Ocirc: "Ô",
  ouml: "ö",
  ugrave: "ù",
  ucirc: "û",
  uuml: "ü",
  yuml: "ÿ",
  oelig: "œ",
  OElig: "Œ",
  aelig: "æ",
  AElig: "Æ",
  euro: "€",
  laquo: "«",
  raquo: "»",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  sbquo: "‚",
  bdquo: "„",
  hellip: "…",
  ndash: "–",
  mdash: "—",
  middot: "·",
  bull: "•",
  deg: "°",
  copy: "©",
  reg: "®",
  trade: "™",
  sect: "§",
  para: "¶",
  times: "×",
  divide: "÷",
  ordm: "º",
  ordf: "ª",
  sup2: "²",
  frac12: "½",
};

const windows1252 = new TextDecoder("windows-1252");

function decodeCodePoint(code: number): string {
  // Browsers read C1 control references (&#128;..&#159;) as Windows-1252, and so do mail clients.
  if (code >= 0x80 && code <= 0x9f) return windows1252.decode(Uint8Array.of(code));
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\uFFFD";
  return String.fromCodePoint(code);
}

/** Decodes numeric and the common named character references; unknown names are left as written. */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g, (whole, body: string) => {
    if (body.startsWith("#x") || body.startsWith("#X")) return decodeCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith("#")) return decodeCodePoint(Number.parseInt(body.slice(1), 10));
    return NAMED_ENTITIES[body] ?? whole;
  });
}

interface Line {
  text: string;
  depth: number;
}

interface OpenLink {
  href: string;
  label: string;
}

/** Accumulates text as lines, each remembering how deep in <blockquote> it started. */
class TextBuilder {
  private readonly lines: Line[] = [];
  private current = "";
  private currentDepth = 0;
  quoteDepth = 0;

  write(text: string, raw = false): void {
    let chunk = text;
    if (this.current === "" && !raw) chunk = chunk.trimStart();
    if (chunk === "") return;
    if (this.current === "") this.currentDepth = this.quoteDepth;
    if (!raw && this.current.endsWith(" ") && chunk.startsWith(" ")) chunk = chunk.slice(1);
    this.current += chunk;
  }

  lineBreak(): void {
    this.lines.push({ text: this.current.trimEnd(), depth: this.current === "" ? this.quoteDepth : this.currentDepth });
    this.current = "";
  }

  blockBreak(): void {
    if (this.current.trim() !== "") this.lineBreak();
    else this.current = "";
  }

  paragraphBreak(): void {
    this.blockBreak();
    const last = this.lines.at(-1);
    if (last !== undefined && last.text !== "") this.lines.push({ text: "", depth: this.quoteDepth });
  }

  /** Whether nothing has been written on the current line yet. */
  atLineStart(): boolean {
    return this.current.trim() === "";
  }

  render(): string {
    this.blockBreak();
    const out: string[] = [];
    let blanks = 0;
    while (this.lines.at(-1)?.text === "") this.lines.pop();
    for (const line of this.lines) {
      const text = line.text.trimEnd();
      blanks = text === "" ? blanks + 1 : 0;
      if (blanks > 1) continue;
      const prefix = line.depth > 0 ? ">".repeat(line.depth) : "";
      out.push(prefix === "" ? text : text === "" ? prefix : `${prefix} ${text}`);
    }
    return out.join("\n").trim();
  }
}

const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<\?[^>]*>|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;

function attribute(attributes: string, name: string): string | null {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(attributes);
  if (match === null) return null;
  return decodeHtmlEntities(match[1] ?? match[2] ?? match[3] ?? "").trim();
}

/** The URL worth showing after a link text, or null when it would add nothing. */
function linkSuffix(link: OpenLink): string | null {
  const label = link.label.replace(/\s+/g, " ").trim();
  if (label === "") return null; // an image link (logo, banner): nothing to read
  const href = link.href;
  if (href === "" || href.startsWith("#") || /^(javascript|cid|data):/i.test(href)) return null;
  const target = /^mailto:/i.test(href) ? (href.slice("mailto:".length).split("?")[0] ?? "") : href;
  const bare = (value: string) =>
    value
      .toLowerCase()
      .replace(/^https?:\/\//, "")
      .replace(/\/$/, "");
  if (target === "" || bare(label).includes(bare(target))) return null;
  return ` (${target})`;
}

interface ListState {
  ordered: boolean;
  counter: number;
}

/** Converts mail HTML to readable plain text (see the module comment for the rendering rules). */
export function htmlToText(html: string): string {
  const out = new TextBuilder();
  const lower = html.toLowerCase();
  const lists: ListState[] = [];
  const links: OpenLink[] = [];
  const cellCounts: number[] = [];
  const outlookParagraphs: boolean[] = [];
  let preDepth = 0;
  let position = 0;

  const text = (chunk: string): void => {
    if (chunk === "") return;
    const decoded = decodeHtmlEntities(chunk);
    if (preDepth > 0) {
      decoded.split(/\r?\n/).forEach((segment, index) => {
        if (index > 0) out.lineBreak();
        out.write(segment.replace(/\u00a0/g, " "), true);
      });
    } else {
      out.write(decoded.replace(/[\s\u00a0]+/g, " "));
    }
    for (const link of links) link.label += decoded;
  };

  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(html); match !== null; match = TOKEN.exec(html)) {
    text(html.slice(position, match.index));
    position = TOKEN.lastIndex;
    const name = match[2]?.toLowerCase();
    if (name === undefined) continue; // comment, doctype, CDATA, processing instruction
    const closing = match[1] === "/";
    const attributes = match[3] ?? "";

    if (!closing && SKIPPED.has(name)) {
      const end = lower.indexOf(`</${name}`, position);
      const close = end === -1 ? -1 : lower.indexOf(">", end);
      position = close === -1 ? html.length : close + 1;
      TOKEN.lastIndex = position;
      continue;
    }

    switch (name) {
      case "br":
        out.lineBreak();
        break;
      case "blockquote":
        out.paragraphBreak();
        out.quoteDepth = Math.max(0, out.quoteDepth + (closing ? -1 : 1));
        if (closing) out.paragraphBreak();
        break;
      case "ul":
      case "ol":
        if (closing) lists.pop();
        else lists.push({ ordered: name === "ol", counter: 0 });
        if (lists.length === 0) out.paragraphBreak();
        else out.blockBreak();
        break;
      case "li": {
        out.blockBreak();
        const list = lists.at(-1);
        if (!closing) {
          const indent = "  ".repeat(Math.max(0, lists.length - 1));
          const marker = list?.ordered ? `${++list.counter}. ` : "- ";
          out.write(indent + marker, true);
        }
        break;
      }
      case "tr":
        out.blockBreak();
        if (closing) cellCounts.pop();
        else cellCounts.push(0);
        break;
      case "td":
      case "th": {
        const count = cellCounts.at(-1);
        if (!closing && count !== undefined) {
          if (count > 0) out.write(" | ", true);
          cellCounts[cellCounts.length - 1] = count + 1;
        }
        break;
      }
      case "a":
        if (!closing) links.push({ href: attribute(attributes, "href") ?? "", label: "" });
        else {
          const link = links.pop();
          const suffix = link === undefined ? null : linkSuffix(link);
          if (suffix !== null) out.write(suffix, true);
        }
        break;
      case "pre":
        preDepth = Math.max(0, preDepth + (closing ? -1 : 1));
        out.paragraphBreak();
        break;
      case "p": {
        // Outlook writes every line as <p class=MsoNormal> with no margin, and a blank line as an
        // empty one: a blank line after each would double-space the whole mail.
        const outlook = closing ? (outlookParagraphs.pop() ?? false) : /msonormal/i.test(attributes);
        if (!closing) outlookParagraphs.push(outlook);
        if (!outlook) out.paragraphBreak();
        else if (closing && out.atLineStart()) out.paragraphBreak();
        else out.blockBreak();
        break;
      }
      default:
        if (PARAGRAPH_BLOCKS.has(name)) out.paragraphBreak();
        else if (LINE_BLOCKS.has(name)) out.blockBreak();
    }
  }
  text(html.slice(position));
  return out.render();
}
