/**
 * Header helpers working on raw header lines rather than on mailparser's typed values: mailparser
 * turns an unparsable Date into "now" and merges List-* headers, and classification needs the
 * values exactly as the sender wrote them.
 */

interface HeaderLine {
  key: string;
  line: string;
}

/**
 * Headers the intake reads (classification, threading, evidence). Personal headers (Received,
 * To, Cc...) are deliberately not copied: this map is stored and may end up in logs.
 */
const KEPT_HEADER =
  /^(auto-submitted|x-auto[a-z-]*|x-ms-exchange-[a-z-]*(auto|rules|generated)[a-z-]*|precedence|x-precedence|list-[a-z-]+|feedback-id|x-campaign[a-z-]*|x-mailer|user-agent|return-path|content-type|x-failed-recipients|x-loop|message-id|in-reply-to|references|date|subject)$/;

/** Lower-cased header name → unfolded raw value of its first occurrence, for the headers we use. */
export function collectHeaders(lines: readonly HeaderLine[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of lines) {
    const name = key.toLowerCase();
    if (!KEPT_HEADER.test(name) || name in headers) continue;
    const colon = line.indexOf(":");
    headers[name] = line
      .slice(colon + 1)
      .replace(/\r?\n[ \t]+/g, " ")
      .trim();
  }
  return headers;
}

/**
 * A Message-ID without its angle brackets and folding whitespace, or null when nothing usable is
 * left. Case is kept: the left part of a Message-ID is case-sensitive.
 */
export function normaliseMessageId(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const bracketed = /<([^<>]+)>/.exec(value);
  const id = (bracketed?.[1] ?? value).replace(/\s+/g, "");
  return id === "" || id === "<>" ? null : id;
}

/** Every Message-ID of a References-like header, in order, without duplicates. */
export function messageIdList(value: string | undefined | null): string[] {
  if (value === undefined || value === null) return [];
  const bracketed = [...value.matchAll(/<([^<>]+)>/g)].map((match) => (match[1] ?? "").replace(/\s+/g, ""));
  // Some clients drop the brackets; fall back to whitespace-separated tokens that look like ids.
  const ids = bracketed.length > 0 ? bracketed : value.split(/[\s,]+/).filter((token) => token.includes("@"));
  return [...new Set(ids.filter((id) => id !== ""))];
}

/** The media type of a Content-Type value, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** One parameter of a structured header value (report-type=delivery-status), lower-cased. */
export function headerParameter(value: string | undefined, name: string): string | null {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, "i").exec(value ?? "");
  const parameter = match?.[1] ?? match?.[2];
  return parameter === undefined ? null : parameter.toLowerCase();
}
