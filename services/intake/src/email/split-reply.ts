/**
 * Separates what a citizen just wrote from the history a mail client appends to a reply, and from
 * the signature. Agents read `newText`; the full text stays available, and so does the raw message.
 *
 * Rules, applied to lines:
 * 1. The history starts at the first reply header: "Le <date>, X a écrit :" / "On <date>, X wrote:"
 *    (possibly wrapped over three lines), Outlook's "-----Message d'origine-----" /
 *    "-----Original Message-----", or an Outlook header block ("De :" followed within a few lines by
 *    "Envoyé :"/"Date :" and "À :"/"Objet :"). Everything from there on is history.
 * 2. Lines starting with ">" are quotes and are dropped, wherever they are.
 * 3. The signature is what follows the last "-- " delimiter, a mobile footer ("Envoyé de mon
 *    iPhone"), or the lines after a closing formula ("Cordialement,") near the end. The closing
 *    formula itself stays in the body: it reads as the end of the letter.
 * 4. Forwarded messages ("---------- Forwarded message ---------") are NOT history: a citizen who
 *    forwards a mail to the town wants it read.
 * 5. If trimming would leave nothing, the whole text is kept: a reply that only quotes is still
 *    something the citizen sent, and dropping it would lose a request.
 */

export interface SplitReply {
  newText: string;
  /** The signature block, kept apart because it often carries a phone number or postal address. */
  signature: string | null;
  /** Whether quoted history was found and removed. */
  hadHistory: boolean;
}

const ATTRIBUTION_START = /^\s*(le|on|am|el|il)\s/i;
const ATTRIBUTION_END = /(a\s+écrit|wrote|schrieb|escribió|ha\s+scritto)\s*:\s*$/i;
const ORIGINAL_MESSAGE = /^\s*-{2,}\s*(message d'origine|original message|message d’origine)\s*-{2,}\s*$/i;
const HEADER_FROM = /^\s*\*?(de|from)\s*:/i;
const HEADER_SENT = /^\s*\*?(envoyé|sent|date)\s*:/i;
const HEADER_TO_OR_SUBJECT = /^\s*\*?(à|a|to|objet|subject|cc)\s*:/i;
const SINGLE_LINE_HEADER = /^\s*(de|from)\s*:.+\s(envoyé|sent)\s*:.+\s(objet|subject)\s*:/i;
const OUTLOOK_RULE = /^\s*_{10,}\s*$/;
const SIGNATURE_DELIMITER = /^--\s?$/;
const MOBILE_FOOTER =
  /^\s*(envoyé (de|depuis|à partir de) (mon|un|l'application|outlook)|sent from my|get outlook for|télécharger outlook pour|obtenir outlook pour)/i;
const CLOSING_FORMULA =
  /^\s*(bien |très |tres )?(cordialement|cdlt|cdt|sincèrement|respectueusement|amicalement|bien à vous|bien a vous|salutations( distinguées| cordiales)?|sincères salutations|meilleures salutations|best regards|kind regards|regards|best wishes|yours sincerely|sincerely|thanks|many thanks)\b[\s,.!]*([A-ZÀ-Ý][\p{L}' -]{0,40})?$/iu;

/** How far from the end a closing formula may be to start a signature (in non-blank lines). */
const CLOSING_WINDOW = 8;
const MAX_SIGNATURE_LINES = 15;

function historyStart(lines: readonly string[]): number {
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    if (ORIGINAL_MESSAGE.test(line) || SINGLE_LINE_HEADER.test(line)) return index;
    if (ATTRIBUTION_START.test(line)) {
      // Clients wrap long attributions ("Le lun. 12 janv. 2026 à 10:02, Mairie <\nx@y> a écrit :").
      let joined = line;
      for (let extra = 0; extra < 3 && index + extra < lines.length; extra++) {
        if (extra > 0) joined += ` ${lines[index + extra] ?? ""}`;
        if (ATTRIBUTION_END.test(joined.replace(/^>+\s*/, ""))) return index;
      }
    }
    if (HEADER_FROM.test(line) && isOutlookHeaderBlock(lines, index)) {
      const previous = lines[index - 1];
      return previous !== undefined && OUTLOOK_RULE.test(previous) ? index - 1 : index;
    }
  }
  return lines.length;
}

function isOutlookHeaderBlock(lines: readonly string[], from: number): boolean {
  let sent = false;
  let toOrSubject = false;
  for (let index = from + 1; index < Math.min(lines.length, from + 7); index++) {
    const line = lines[index] ?? "";
    if (HEADER_SENT.test(line)) sent = true;
    else if (HEADER_TO_OR_SUBJECT.test(line)) toOrSubject = true;
  }
  return sent && toOrSubject;
}

function trimBlankEdges(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? "").trim() === "") start++;
  while (end > start && (lines[end - 1] ?? "").trim() === "") end--;
  return lines.slice(start, end);
}

function signatureStart(lines: readonly string[]): { index: number; keepLine: boolean } | null {
  for (let index = lines.length - 1; index >= 0 && lines.length - index <= MAX_SIGNATURE_LINES + 1; index--) {
    if (SIGNATURE_DELIMITER.test(lines[index] ?? "")) return { index, keepLine: false };
  }
  let footerWindow = 0;
  for (let index = lines.length - 1; index >= 0 && footerWindow < 3; index--) {
    const line = lines[index] ?? "";
    if (line.trim() === "") continue;
    footerWindow++;
    if (MOBILE_FOOTER.test(line)) return { index, keepLine: false };
  }
  let nonBlankSeen = 0;
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index] ?? "";
    if (line.trim() === "") continue;
    if (++nonBlankSeen > CLOSING_WINDOW) break;
    // A formula on the last line is the end of the letter, with no signature after it.
    if (CLOSING_FORMULA.test(line)) return index === lines.length - 1 ? null : { index: index + 1, keepLine: true };
  }
  return null;
}

/** Splits a plain-text mail body (LF or CRLF) into new text, signature and quoted history. */
export function splitReply(text: string): SplitReply {
  const all = text.replace(/\r\n?/g, "\n").split("\n");
  const start = historyStart(all);
  const beforeHistory = all.slice(0, start);
  const unquoted = beforeHistory.filter((line) => !/^\s*>/.test(line));
  const hadHistory = start < all.length || unquoted.length < beforeHistory.length;
  let body = trimBlankEdges(unquoted);
  let signature: string | null = null;

  const cut = signatureStart(body);
  if (cut !== null) {
    const signatureLines = trimBlankEdges(body.slice(cut.keepLine ? cut.index : cut.index + 1));
    signature = signatureLines.length > 0 ? signatureLines.join("\n") : null;
    body = trimBlankEdges(body.slice(0, cut.index));
  }

  const newText = collapseBlankLines(body).join("\n").trim();
  if (newText === "") {
    // Nothing new: keep everything rather than lose what the citizen sent (rule 5).
    return { newText: text.replace(/\r\n?/g, "\n").trim(), signature, hadHistory };
  }
  return { newText, signature, hadHistory };
}

function collapseBlankLines(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === "" && (out.at(-1) ?? "") === "") continue;
    out.push(trimmed);
  }
  return out;
}
