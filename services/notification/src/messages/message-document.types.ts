import type { Locale } from "./town-identity.types.ts";

/**
 * One message as structured plain text, before any channel: the e-mail text, the e-mail HTML and
 * the PDF letter are three renderings of the same blocks, so they can never say different things.
 */
export type MessageBlock =
  | { kind: "heading"; level: 1 | 2; text: string }
  | { kind: "paragraph"; text: string }
  /** Label/value pairs (an HTML description list): the facts R112-5 requires, easy to scan. */
  | { kind: "facts"; items: readonly { label: string; value: string }[] }
  | { kind: "list"; items: readonly string[] }
  | { kind: "link"; intro: string; label: string; href: string }
  /** Text written by someone else (the citizen's message, an agent's reply), kept apart and verbatim. */
  | { kind: "quote"; paragraphs: readonly string[] }
  | { kind: "signature"; lines: readonly string[] };

export interface MessageDocument {
  locale: Locale;
  subject: string;
  /** Town name shown as text above the title: no logo image is needed to know who writes. */
  sender: string;
  blocks: readonly MessageBlock[];
  /** E-mail only (the no-reply notice); letters carry the town header instead. */
  emailFooter: readonly string[];
}

/** What every e-mail renderer returns. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}
