import type { CaughtMessage, CaughtMessageSummary, WaitForMessagesOptions } from "./mail-catcher.types.ts";

export const DEFAULT_MAX_MESSAGES = 5_000;
const DEFAULT_WAIT_MS = 10_000;

/** What the store keeps: the parsed fields, and the source as bytes so `/raw` serves it unaltered. */
export interface StoredMessage {
  summary: CaughtMessageSummary;
  raw: Buffer;
}

interface Waiter {
  check(): void;
  fail(error: Error): void;
}

/**
 * Received messages, in arrival order, bounded so that a long-running dev session or a load test
 * cannot exhaust memory: past `maxMessages`, the oldest are dropped.
 */
export class CaughtMessageStore {
  private stored: StoredMessage[] = [];
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly maxMessages = DEFAULT_MAX_MESSAGES) {
    if (!Number.isInteger(maxMessages) || maxMessages < 1)
      throw new RangeError("maxMessages must be a positive integer");
  }

  add(message: StoredMessage): void {
    this.stored.push(message);
    if (this.stored.length > this.maxMessages) this.stored.splice(0, this.stored.length - this.maxMessages);
    for (const waiter of this.waiters) waiter.check();
  }

  /** Oldest first. */
  all(): StoredMessage[] {
    return [...this.stored];
  }

  find(id: string): StoredMessage | undefined {
    return this.stored.find((message) => message.summary.id === id);
  }

  clear(): void {
    this.stored = [];
  }

  messages(): CaughtMessage[] {
    return this.stored.map(toCaughtMessage);
  }

  waitFor(
    predicate: (message: CaughtMessage) => boolean,
    options: WaitForMessagesOptions = {},
  ): Promise<CaughtMessage[]> {
    const count = options.count ?? 1;
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          const matching = this.messages().filter(predicate);
          if (matching.length < count) return;
          settle();
          resolve(matching);
        },
        fail: (error) => {
          settle();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        const matched = this.messages().filter(predicate).length;
        waiter.fail(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for ${count} message(s): ${matched} matched out of ${this.stored.length} caught`,
          ),
        );
      }, timeoutMs);
      const settle = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  /** Rejects pending waits: nothing will arrive once the servers are stopped. */
  close(): void {
    for (const waiter of [...this.waiters]) waiter.fail(new Error("Mail catcher stopped"));
  }
}

export function toCaughtMessage(message: StoredMessage): CaughtMessage {
  return { ...message.summary, raw: message.raw.toString("utf8") };
}
