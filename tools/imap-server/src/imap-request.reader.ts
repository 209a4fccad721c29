export interface ImapRequest {
  /** The command line with literals inlined (for IDLE's DONE and diagnostics). */
  raw: string;
  /** Tag, command and arguments; quoted strings and literals are unquoted. */
  words: string[];
}

export type ReaderEvent = { kind: "continue" } | { kind: "request"; request: ImapRequest };

const LITERAL_AT_END = /\{(\d+)(\+?)\}$/;

/** Splits the client's byte stream into commands, including synchronising and LITERAL+ literals. */
export class ImapRequestReader {
  private buffer = Buffer.alloc(0);
  private words: string[] = [];
  private raw = "";
  private literal: number | null = null;

  push(chunk: Buffer): ReaderEvent[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const events: ReaderEvent[] = [];
    for (;;) {
      if (this.literal !== null) {
        if (this.buffer.length < this.literal) break;
        const value = this.buffer.subarray(0, this.literal).toString("utf8");
        this.buffer = this.buffer.subarray(this.literal);
        this.literal = null;
        this.words.push(value);
        this.raw += value;
        continue;
      }
      const end = this.buffer.indexOf("\r\n");
      if (end < 0) break;
      const line = this.buffer.subarray(0, end).toString("utf8");
      this.buffer = this.buffer.subarray(end + 2);
      const literal = LITERAL_AT_END.exec(line);
      const text = literal ? line.slice(0, literal.index) : line;
      // A literal continues the same command: its value becomes one word, glued to what precedes.
      this.words.push(...tokenize(text));
      this.raw += text;
      if (literal) {
        this.literal = Number(literal[1]);
        if (literal[2] !== "+") events.push({ kind: "continue" });
        continue;
      }
      events.push({ kind: "request", request: { raw: this.raw, words: this.words } });
      this.words = [];
      this.raw = "";
    }
    return events;
  }
}

/** Words separated by spaces outside quotes, brackets and parentheses; quoted strings unquoted. */
function tokenize(text: string): string[] {
  const words: string[] = [];
  let current = "";
  let depth = 0;
  let quoted = false;
  let wasQuoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (quoted) {
      if (char === "\\") current += text[++index] ?? "";
      else if (char === '"') quoted = false;
      else current += char;
      continue;
    }
    if (char === '"' && depth === 0) {
      quoted = true;
      wasQuoted = true;
      continue;
    }
    if (char === "(" || char === "[") depth++;
    if (char === ")" || char === "]") depth = Math.max(0, depth - 1);
    if (char === " " && depth === 0) {
      if (current !== "" || wasQuoted) words.push(current);
      current = "";
      wasQuoted = false;
      continue;
    }
    current += char;
  }
  if (current !== "" || wasQuoted) words.push(current);
  return words;
}
