import type { AddressInfo } from "node:net";
import { createServer, type Server, type Socket } from "node:net";
import { type ImapRequest, ImapRequestReader } from "./imap-request.reader.ts";
import { type FetchItem, fetchItemsOf, sequenceSetIncludes } from "./imap-syntax.ts";

export interface ImapServerOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** user → password. */
  users: Record<string, string>;
  /** Advertise and accept IDLE (default true); false makes clients fall back to polling. */
  idle?: boolean;
  uidValidity?: number;
}

export interface StoredMessage {
  uid: number;
  flags: Set<string>;
  internalDate: Date;
  raw: Buffer;
}

export interface ImapServer {
  port: number;
  /** Adds a message as a delivery would; selected sessions are told (at once when idling). */
  append(mailbox: string, raw: Buffer | string, flags?: string[]): number;
  messages(mailbox: string): readonly StoredMessage[];
  /** Commands received, for assertions ("the client used IDLE"). */
  readonly commands: readonly string[];
  close(): Promise<void>;
}

const SYSTEM_FLAGS = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

class Mailbox {
  readonly messages: StoredMessage[] = [];
  uidNext = 1;
}

/**
 * A small but real IMAP4rev1 server (RFC 3501 subset + IDLE, RFC 2177) for tests: plain TCP,
 * LOGIN, LIST, SELECT/EXAMINE, STATUS, SEARCH, FETCH, STORE (with and without UID), IDLE, NOOP,
 * LOGOUT. Messages live in memory; mailboxes are created on first append.
 */
export async function startImapServer(options: ImapServerOptions): Promise<ImapServer> {
  const mailboxes = new Map<string, Mailbox>();
  const sessions = new Set<Session>();
  const commands: string[] = [];
  const idle = options.idle ?? true;
  const uidValidity = options.uidValidity ?? 1;
  const mailbox = (name: string): Mailbox => {
    const key = name.toUpperCase() === "INBOX" ? "INBOX" : name;
    let box = mailboxes.get(key);
    if (!box) {
      box = new Mailbox();
      mailboxes.set(key, box);
    }
    return box;
  };
  mailbox("INBOX");
  const names = () => [...mailboxes.keys()];
  const context: ServerContext = { options, idle, uidValidity, mailbox, names, commands, sessions };
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    const session = new Session(socket, context);
    sessions.add(session);
    socket.on("close", () => sessions.delete(session));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    append(name, raw, flags = []) {
      const box = mailbox(name);
      const message: StoredMessage = {
        uid: box.uidNext++,
        flags: new Set(flags),
        internalDate: new Date(),
        raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw.replace(/\r?\n/g, "\r\n")),
      };
      box.messages.push(message);
      for (const session of sessions) session.notifyExists(box);
      return message.uid;
    },
    messages: (name) => mailbox(name).messages,
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

interface ServerContext {
  options: ImapServerOptions;
  idle: boolean;
  uidValidity: number;
  mailbox(name: string): Mailbox;
  names(): string[];
  commands: string[];
  sessions: Set<Session>;
}

class Session {
  private readonly reader = new ImapRequestReader();
  private user: string | null = null;
  private selected: { box: Mailbox; readOnly: boolean; known: number } | null = null;
  private idling: string | null = null;
  private queue = Promise.resolve();

  constructor(
    private readonly socket: Socket,
    private readonly context: ServerContext,
  ) {
    this.send(`* OK [CAPABILITY ${this.capabilities()}] Guichet test IMAP server ready`);
    socket.on("data", (chunk: Buffer) => {
      for (const event of this.reader.push(chunk)) {
        if (event.kind === "continue") this.send("+ Ready for literal data");
        else this.queue = this.queue.then(() => this.handle(event.request));
      }
    });
    socket.on("error", () => {});
  }

  notifyExists(box: Mailbox): void {
    if (this.selected?.box === box && this.idling !== null) this.flushExists();
  }

  private capabilities(): string {
    return ["IMAP4rev1", "LITERAL+", ...(this.context.idle ? ["IDLE"] : [])].join(" ");
  }

  private send(line: string | Buffer): void {
    if (!this.socket.writable) return;
    this.socket.write(typeof line === "string" ? `${line}\r\n` : line);
  }

  private flushExists(): void {
    if (this.selected === null) return;
    const count = this.selected.box.messages.length;
    if (count !== this.selected.known) {
      this.selected.known = count;
      this.send(`* ${count} EXISTS`);
    }
  }

  private async handle(request: ImapRequest): Promise<void> {
    if (this.idling !== null) {
      if (request.raw.trim().toUpperCase() === "DONE") {
        this.send(`${this.idling} OK IDLE terminated`);
        this.idling = null;
      } else this.send("* BAD expected DONE");
      return;
    }
    const [tag, name = "", ...args] = request.words;
    if (tag === undefined) return;
    let command = name.toUpperCase();
    let uid = false;
    let rest = args;
    if (command === "UID") {
      uid = true;
      command = `${(args[0] ?? "").toUpperCase()}`;
      rest = args.slice(1);
    }
    this.context.commands.push(uid ? `UID ${command}` : command);
    try {
      this.dispatch(tag, command, rest, uid);
    } catch (error) {
      this.send(`${tag} BAD ${(error as Error).message}`);
    }
  }

  private dispatch(tag: string, command: string, args: string[], uid: boolean): void {
    switch (command) {
      case "CAPABILITY":
        this.send(`* CAPABILITY ${this.capabilities()}`);
        this.ok(tag, "CAPABILITY completed");
        return;
      case "NOOP":
      case "CHECK":
        this.flushExists();
        this.ok(tag, `${command} completed`);
        return;
      case "LOGOUT":
        this.send("* BYE logging out");
        this.ok(tag, "LOGOUT completed");
        this.socket.end();
        return;
      case "LOGIN": {
        const [user = "", password = ""] = args;
        if (this.context.options.users[user] !== password) {
          this.send(`${tag} NO [AUTHENTICATIONFAILED] Invalid credentials`);
          return;
        }
        this.user = user;
        this.send(`${tag} OK [CAPABILITY ${this.capabilities()}] LOGIN completed`);
        return;
      }
    }
    if (this.user === null) {
      this.send(`${tag} NO not authenticated`);
      return;
    }
    switch (command) {
      case "LIST":
      case "LSUB": {
        this.list(tag, command, args);
        return;
      }
      case "SELECT":
      case "EXAMINE": {
        this.select(tag, command, args[0] ?? "INBOX");
        return;
      }
      case "STATUS": {
        this.status(tag, args);
        return;
      }
      case "IDLE":
        if (!this.context.idle) {
          this.send(`${tag} BAD IDLE not supported`);
          return;
        }
        this.idling = tag;
        this.send("+ idling");
        this.flushExists();
        return;
      case "ENABLE": {
        this.ok(tag, "ENABLE completed");
        return;
      }
    }
    if (this.selected === null) {
      this.send(`${tag} NO no mailbox selected`);
      return;
    }
    switch (command) {
      case "SEARCH": {
        this.search(tag, args, uid);
        return;
      }
      case "FETCH": {
        this.fetch(tag, args, uid);
        return;
      }
      case "STORE": {
        this.store(tag, args, uid);
        return;
      }
      case "CLOSE":
      case "UNSELECT":
        this.selected = null;
        this.ok(tag, `${command} completed`);
        return;
      case "EXPUNGE": {
        this.ok(tag, "EXPUNGE completed");
        return;
      }
      default: {
        this.send(`${tag} BAD unknown command ${command}`);
        return;
      }
    }
  }

  private ok(tag: string, text: string): void {
    this.flushExists();
    this.send(`${tag} OK ${text}`);
  }

  private list(tag: string, command: string, args: string[]): void {
    const pattern = args[1] ?? "";
    if (pattern === "") {
      this.send(`* ${command} (\\Noselect) "/" ""`);
      this.ok(tag, `${command} completed`);
      return;
    }
    const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*|%/g, ".*")}$`, "i");
    for (const name of this.context.names()) {
      if (regex.test(name)) this.send(`* ${command} (\\HasNoChildren) "/" "${name}"`);
    }
    this.ok(tag, `${command} completed`);
  }

  private select(tag: string, command: string, name: string): void {
    const box = this.context.mailbox(name);
    const readOnly = command === "EXAMINE";
    this.selected = { box, readOnly, known: box.messages.length };
    this.send(`* FLAGS (${SYSTEM_FLAGS})`);
    this.send(`* OK [PERMANENTFLAGS (${SYSTEM_FLAGS} \\*)] Flags permitted`);
    this.send(`* ${box.messages.length} EXISTS`);
    this.send("* 0 RECENT");
    this.send(`* OK [UIDVALIDITY ${this.context.uidValidity}] UIDs valid`);
    this.send(`* OK [UIDNEXT ${box.uidNext}] Predicted next UID`);
    this.send(`${tag} OK [${readOnly ? "READ-ONLY" : "READ-WRITE"}] ${command} completed`);
  }

  private status(tag: string, args: string[]): void {
    const name = args[0] ?? "INBOX";
    const box = this.context.mailbox(name);
    const wanted = (
      args
        .slice(1)
        .join(" ")
        .match(/[A-Z]+/gi) ?? []
    ).map((item) => item.toUpperCase());
    const values: Record<string, number> = {
      MESSAGES: box.messages.length,
      RECENT: 0,
      UIDNEXT: box.uidNext,
      UIDVALIDITY: this.context.uidValidity,
      UNSEEN: box.messages.filter((m) => !m.flags.has("\\Seen")).length,
    };
    const items = wanted.filter((item) => item in values).map((item) => `${item} ${values[item]}`);
    this.send(`* STATUS "${name}" (${items.join(" ")})`);
    this.ok(tag, "STATUS completed");
  }

  /** Messages of the selected mailbox with their sequence numbers, visible to this session. */
  private visible(): Array<{ seq: number; message: StoredMessage }> {
    const box = this.selected?.box;
    if (!box) return [];
    return box.messages.slice(0, this.selected?.known ?? 0).map((message, index) => ({ seq: index + 1, message }));
  }

  private matching(set: string, uid: boolean): Array<{ seq: number; message: StoredMessage }> {
    const all = this.visible();
    const max = uid ? (all.at(-1)?.message.uid ?? 0) : all.length;
    return all.filter(({ seq, message }) => sequenceSetIncludes(set, uid ? message.uid : seq, max));
  }

  private search(tag: string, args: string[], uid: boolean): void {
    let candidates = this.visible();
    for (let index = 0; index < args.length; index++) {
      const key = (args[index] ?? "").toUpperCase();
      if (key === "ALL" || key === "CHARSET") {
        if (key === "CHARSET") index++;
        continue;
      }
      if (key === "UID") {
        const set = args[++index] ?? "";
        const max = this.visible().at(-1)?.message.uid ?? 0;
        candidates = candidates.filter(({ message }) => sequenceSetIncludes(set, message.uid, max));
      } else if (key === "SEEN" || key === "UNSEEN") {
        candidates = candidates.filter(({ message }) => message.flags.has("\\Seen") === (key === "SEEN"));
      } else if (/^[\d*:,]+$/.test(key)) {
        const max = this.visible().length;
        candidates = candidates.filter(({ seq }) => sequenceSetIncludes(key, seq, max));
      } else {
        this.send(`${tag} BAD unsupported search key ${key}`);
        return;
      }
    }
    const ids = candidates.map(({ seq, message }) => (uid ? message.uid : seq));
    this.send(`* SEARCH${ids.length > 0 ? ` ${ids.join(" ")}` : ""}`);
    this.ok(tag, "SEARCH completed");
  }

  private fetch(tag: string, args: string[], uid: boolean): void {
    const [set = "", ...itemWords] = args;
    const items = fetchItemsOf(itemWords.join(" "));
    if (uid && !items.includes("UID")) items.unshift("UID");
    for (const { seq, message } of this.matching(set, uid)) {
      const parts: Array<string | Buffer> = [];
      const marksSeen = items.some((item) => item === "BODY[]" || item === "RFC822");
      if (marksSeen && this.selected?.readOnly === false) message.flags.add("\\Seen");
      for (const item of items) parts.push(...this.fetchItem(item, message));
      const chunks: Buffer[] = [Buffer.from(`* ${seq} FETCH (`)];
      parts.forEach((part, index) => {
        if (index > 0 && typeof part === "string" && !part.startsWith("\r\n")) chunks.push(Buffer.from(" "));
        chunks.push(typeof part === "string" ? Buffer.from(part) : part);
      });
      chunks.push(Buffer.from(")\r\n"));
      this.send(Buffer.concat(chunks));
    }
    this.ok(tag, "FETCH completed");
  }

  private fetchItem(item: FetchItem, message: StoredMessage): Array<string | Buffer> {
    switch (item) {
      case "UID":
        return [`UID ${message.uid}`];
      case "FLAGS":
        return [`FLAGS (${[...message.flags].join(" ")})`];
      case "INTERNALDATE":
        return [`INTERNALDATE "${imapDate(message.internalDate)}"`];
      case "RFC822.SIZE":
        return [`RFC822.SIZE ${message.raw.length}`];
      case "BODY[]":
      case "BODY.PEEK[]":
      case "RFC822":
        return [`${item === "RFC822" ? "RFC822" : "BODY[]"} {${message.raw.length}}\r\n`, message.raw];
    }
  }

  private store(tag: string, args: string[], uid: boolean): void {
    const [set = "", action = "", ...flagWords] = args;
    const flags = flagWords
      .join(" ")
      .replace(/[()]/g, " ")
      .split(/\s+/)
      .filter((flag) => flag !== "");
    const mode = action.toUpperCase();
    const silent = mode.endsWith(".SILENT");
    for (const { seq, message } of this.matching(set, uid)) {
      if (mode.startsWith("+")) for (const flag of flags) message.flags.add(flag);
      else if (mode.startsWith("-")) for (const flag of flags) message.flags.delete(flag);
      else {
        message.flags.clear();
        for (const flag of flags) message.flags.add(flag);
      }
      if (!silent) {
        this.send(`* ${seq} FETCH (${uid ? `UID ${message.uid} ` : ""}FLAGS (${[...message.flags].join(" ")}))`);
      }
    }
    this.ok(tag, "STORE completed");
  }
}

function imapDate(date: Date): string {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${pad(date.getUTCDate())}-${months[date.getUTCMonth()]}-${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes(),
  )}:${pad(date.getUTCSeconds())} +0000`;
}
