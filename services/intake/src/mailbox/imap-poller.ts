import { ImapFlow } from "imapflow";
import type { ImapPollerConfig } from "./email.config.ts";
import type { MailLogger } from "./email-channel.ts";
import type { ImapCursorRepository } from "./imap-cursor.repository.ts";
import type { MailReceiver } from "./smtp-receiver.ts";

const MAX_RECONNECT_DELAY_MS = 60_000;

/**
 * Reads the town's mailbox. New mail is noticed at once through IDLE when the server offers it
 * (imapflow idles between commands and reports EXISTS), else by imapflow's NOOP polling; a timer
 * every `pollSeconds` is the safety net for both.
 *
 * What to read next is decided by a UID cursor kept in PostgreSQL, not by the \Seen flag: agents
 * may open the mailbox in their own mail client and read a message before we do. Each message is
 * flagged \Seen (a visible "taken by Guichet" for staff; nothing is moved, because MOVE is not
 * universal and a folder a town did not create would surprise it) and the cursor advanced only
 * after the mail was committed. A crash in between replays that message, which the Message-ID
 * ledger turns into a duplicate; a failure to store stops the pass, so the message is retried.
 * A new UIDVALIDITY (mailbox recreated) restarts from the first UID, safely for the same reason.
 */
export class ImapPoller {
  private client: ImapFlow | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private reconnectDelay = 1_000;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly cursorKey: string;
  /** Stored messages above the cursor (behind one that failed), by "uidValidity:uid". */
  private readonly done = new Set<string>();

  constructor(
    private readonly config: ImapPollerConfig,
    private readonly channel: MailReceiver,
    private readonly cursors: ImapCursorRepository,
    private readonly logger?: MailLogger,
  ) {
    this.cursorKey = `${config.user}@${config.host}:${config.port}/${config.mailbox}`;
  }

  /**
   * Resolves once connected and the first pass is done. A mailbox that cannot be reached does not
   * stop intake (the web and SMTP channels keep working): it is logged and retried with backoff.
   */
  async start(): Promise<void> {
    this.timer = setInterval(() => this.schedule(), this.config.pollSeconds * 1000);
    this.timer.unref();
    try {
      await this.connect();
    } catch (error) {
      this.logger?.error({ err: (error as Error).message }, "imap mailbox unreachable; retrying");
      this.reconnectLater();
      return;
    }
    await this.schedule();
  }

  /** Runs a pass now (or waits for the running one and runs another). */
  schedule(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.pass().catch((error: unknown) => {
          this.logger?.warn({ err: (error as Error).message }, "imap pass interrupted; retried on next pass");
        });
      } while (this.again && !this.closed);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.running;
    const client = this.client;
    this.client = null;
    if (client) await client.logout().catch(() => client.close());
  }

  private async connect(): Promise<void> {
    const client = new ImapFlow({
      host: this.config.host,
      port: this.config.port,
      secure: this.config.tls,
      auth: { user: this.config.user, pass: this.config.password },
      logger: false,
      // Idle soon after each pass: the poller issues few commands, and mail arriving between a
      // pass and the start of IDLE is only announced once IDLE starts.
      autoIdleDelay: 1_000,
    });
    client.on("error", (error: Error) => this.logger?.warn({ err: error.message }, "imap connection error"));
    await client.connect();
    client.on("exists", () => void this.schedule());
    client.on("close", () => {
      if (this.client === client) this.client = null;
      if (!this.closed) this.reconnectLater();
    });
    await client.mailboxOpen(this.config.mailbox);
    this.client = client;
    this.reconnectDelay = 1_000;
    this.logger?.info({ idle: client.capabilities.has("IDLE") }, "imap mailbox opened");
  }

  private reconnectLater(): void {
    if (this.reconnectTimer) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, MAX_RECONNECT_DELAY_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().then(
        () => this.schedule(),
        (error: unknown) => {
          this.logger?.warn({ err: (error as Error).message, retryInMs: this.reconnectDelay }, "imap reconnect failed");
          if (!this.closed) this.reconnectLater();
        },
      );
    }, delay);
    this.reconnectTimer.unref();
  }

  private async pass(): Promise<void> {
    const client = this.client;
    if (client === null) return;
    const lock = await client.getMailboxLock(this.config.mailbox);
    try {
      const mailbox = client.mailbox;
      if (mailbox === false) return;
      const uidValidity = BigInt(mailbox.uidValidity);
      const saved = await this.cursors.get(this.cursorKey);
      const lastUid = saved !== null && saved.uidValidity === uidValidity ? saved.lastUid : 0;
      // `n:*` always includes the highest UID, even below n: hence the filter.
      const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
      const uids = (found || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
      // The cursor only moves over an unbroken run of stored messages; a message that fails is
      // retried on every pass, and does not hold back the ones after it (kept in `done` so this
      // process does not fetch them again; after a restart they come back as duplicates).
      let unbroken = true;
      for (const uid of uids) {
        if (this.closed) return;
        const key = `${uidValidity}:${uid}`;
        if (!this.done.has(key)) {
          try {
            await this.take(client, uid);
            this.done.add(key);
          } catch (error) {
            if (this.client !== client) throw error;
            unbroken = false;
            this.logger?.warn({ uid, err: (error as Error).message }, "imap message not stored; retried on next pass");
            continue;
          }
        }
        if (unbroken) {
          await this.cursors.save(this.cursorKey, { uidValidity, lastUid: uid });
          this.done.delete(key);
        }
      }
    } finally {
      lock.release();
    }
  }

  private async take(client: ImapFlow, uid: number): Promise<void> {
    const message = await client.fetchOne(String(uid), { source: true, internalDate: true }, { uid: true });
    if (message === false || message.source === undefined) return;
    await this.channel.receive(message.source, receivedAtOf(message.internalDate), "imap");
    await client.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
  }
}

/**
 * INTERNALDATE is when the town's mail server put the message in the mailbox: the town's own
 * receipt, so the legal date, even if we poll it hours later. A missing or future date (clock
 * skew, an APPEND with a made-up date) falls back to now.
 */
function receivedAtOf(internalDate: Date | string | undefined): Date {
  const now = new Date();
  if (internalDate === undefined) return now;
  const date = new Date(internalDate);
  return Number.isNaN(date.getTime()) || date > now ? now : date;
}
