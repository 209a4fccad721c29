import type { JetStreamClient, JetStreamManager, StoredMsg } from "@nats-io/jetstream";
import { Match, headers as natsHeaders } from "@nats-io/nats-core";
import { type DeadLetter, type DeadLetterWithPayload, deadLetterHeaders, toDeadLetter } from "./dead-letter.entry.ts";
import type { MessagingLogger } from "./messaging.options.ts";
import { allDeadLettersOf, assertDurableName, deadLetterSubjectOf, isDeadLetterSubject } from "./subject.naming.ts";

const defaultListLimit = 100;

export interface DeadLetters {
  /** Entries of one consumer's dead-letter subject (or all), oldest first. */
  list(consumer?: string, limit?: number): Promise<DeadLetter[]>;
  /** One entry with its payload, for an operator investigating it. */
  show(seq: number): Promise<DeadLetterWithPayload>;
  /**
   * Republishes the original payload to its original subject under a new message id, then removes
   * the entry. Every consumer of that subject receives it again: they are idempotent by design.
   */
  replay(seq: number): Promise<void>;
}

export class DeadLetterStore implements DeadLetters {
  constructor(
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly stream: string,
    private readonly namespace: string,
    private readonly timeoutMs: number,
    private readonly logger: MessagingLogger,
  ) {}

  async list(consumer?: string, limit = defaultListLimit): Promise<DeadLetter[]> {
    if (consumer !== undefined) assertDurableName(consumer);
    const subject =
      consumer === undefined ? allDeadLettersOf(this.namespace) : deadLetterSubjectOf(this.namespace, consumer);
    const entries: DeadLetter[] = [];
    let seq = 1;
    while (entries.length < limit) {
      // Server-side "next message on this subject from seq": no consumer to create and clean up.
      const msg = await this.jsm.streams.getMessage(this.stream, { seq, next_by_subj: subject } as { seq: number });
      if (!msg) break;
      entries.push(toDeadLetter(msg));
      seq = msg.seq + 1;
    }
    return entries;
  }

  async show(seq: number): Promise<DeadLetterWithPayload> {
    const msg = await this.get(seq);
    return { ...toDeadLetter(msg), payload: new TextDecoder().decode(msg.data) };
  }

  async replay(seq: number): Promise<void> {
    const msg = await this.get(seq);
    const original = msg.header?.has(deadLetterHeaders.originalSubject)
      ? msg.header.get(deadLetterHeaders.originalSubject)
      : "";
    if (!original.startsWith(`${this.namespace}.`) || isDeadLetterSubject(this.namespace, original)) {
      throw new Error(`dead letter ${seq} has no replayable original subject`);
    }
    const headers = natsHeaders();
    headers.set(deadLetterHeaders.replayedFrom, String(seq));
    for (const name of ["traceparent", "tracestate"]) {
      if (msg.header?.has(name, Match.IgnoreCase)) headers.set(name, msg.header.get(name, Match.IgnoreCase));
    }
    // The original id is still inside the payload (consumers de-duplicate on it); the message id
    // must differ from it or the server would drop the replay within its duplicate window. Keyed on
    // the entry so a double-clicked replay is published once.
    await this.js.publish(original, msg.data, { msgID: `replay:${seq}`, headers, timeout: this.timeoutMs });
    await this.jsm.streams.deleteMessage(this.stream, seq);
    this.logger.info({ seq, subject: original }, "dead letter replayed");
  }

  private async get(seq: number): Promise<StoredMsg> {
    const msg = await this.jsm.streams.getMessage(this.stream, { seq });
    if (!msg || !isDeadLetterSubject(this.namespace, msg.subject)) throw new Error(`no dead letter at sequence ${seq}`);
    return msg;
  }
}
