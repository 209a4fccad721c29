import { type DbLogger, type Outbox, pgExecutor, rollBack, type SqlExecutor, withPgTransaction } from "@guichet/db";
import { context, propagation, trace } from "@opentelemetry/api";
import pg from "pg";
import { messageIdFor } from "../acknowledgements/message-addressing.ts";
import type { MessageComposer, StoredContent } from "../acknowledgements/message-composer.ts";
import type { DeliveryChannel } from "../policy/notification-policy.ts";
import { failedEvent, sentEvent } from "./delivery-events.ts";
import { queueFallback } from "./fallback.ts";
import { type MailSender, SendFailure } from "./mail-sender.ts";
import { DEFAULT_QUIET_HOURS, nextAllowedInstant, type QuietHours } from "./sms/quiet-hours.ts";
import type { SmsSender } from "./sms/sms-sender.ts";

interface PendingMessage {
  id: string;
  request_id: string;
  reference: string;
  kind: string;
  dedupe_key: string;
  channel: DeliveryChannel;
  recipient_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  message_id: string;
  attempts: number;
  content: StoredContent | null;
  causation_event_id: string;
  correlation_id: string;
  traceparent: string | null;
}

export interface DispatcherOptions {
  pool: pg.Pool;
  schema: string;
  outbox: Outbox;
  sender: MailSender;
  /** Absent when no SMS provider is configured. */
  sms?: SmsSender;
  composer: MessageComposer;
  quietHours?: QuietHours;
  messageIdDomain: string;
  logger: DbLogger;
  /** Messages sent in parallel, each in its own transaction (one pooled connection each). */
  concurrency?: number;
  pollIntervalMs?: number;
  maxAttempts?: number;
  /** Tests pin the clock (quiet hours). */
  now?: () => Date;
}

const backoffMs = [5_000, 30_000, 120_000, 600_000, 1_800_000];

/**
 * Delivers queued messages on their channel: e-mail over SMTP, SMS through the provider (never in
 * quiet hours: deferred, not dropped), letters rendered into the mail room's print queue. Rows are
 * claimed with FOR UPDATE SKIP LOCKED, so concurrent instances never send the same message; the row
 * stays locked while it is sent and is marked sent, with its event in the outbox, in the same
 * transaction. A crash between the provider's answer and the commit is the one window in which a
 * message can be sent twice (SMTP has no idempotency); the deterministic Message-ID lets receiving
 * servers recognise it. One message per transaction (several in parallel) keeps that window to one
 * message: a batch committed at once would resend every message of the batch after a crash. When
 * the provider accepted a message but PostgreSQL went away before the commit, the dispatcher keeps
 * it aside and records it as sent once the database is back, instead of sending it again.
 *
 * Round trips (hot path, ADR 0009 addendum): each worker keeps one connection and chains its
 * transactions. The claim travels with BEGIN, and "mark sent + outbox row" (one statement) travels
 * with COMMIT and with the next BEGIN and claim, as one multi-statement simple query: one round trip
 * per message sent, still one message per commit. A simple query takes no bound parameters, so its
 * values are literals quoted by pg's escapeLiteral.
 */
export class MessageDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private wakeRequested = false;
  private readonly tracer = trace.getTracer("guichet-notification");
  /**
   * Messages the provider accepted whose "sent" could not be committed (PostgreSQL cut or restarted
   * meanwhile): recorded again until it works, and never claimed for a second send by this process.
   */
  private readonly unrecorded = new Map<string, { row: PendingMessage; providerMessageId: string | null }>();

  constructor(private readonly options: DispatcherOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Called after a message is queued, so it leaves at once instead of at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.wakeRequested = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Sends every due message once; returns how many this call handled. A round of this process's own
   * schedule may hold some due rows (skipped here, FOR UPDATE SKIP LOCKED): it is awaited before and
   * after, so that what was due when this is called has been handled by the time it returns.
   */
  async dispatchDue(): Promise<number> {
    await this.running;
    const handled = await this.round();
    await this.running;
    return handled;
  }

  /** One round: the workers claim and send until nothing is due. */
  private async round(): Promise<number> {
    await this.recordUnrecorded();
    const workers = Array.from({ length: this.options.concurrency ?? 4 }, () => this.work());
    const counts = await Promise.all(workers);
    return counts.reduce((sum, n) => sum + n, 0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.round()
        .then(() => undefined)
        .catch((error: unknown) => this.options.logger.error({ err: (error as Error).message }, "dispatch failed"))
        .finally(() => {
          this.running = undefined;
          if (this.stopped) return;
          const again = this.wakeRequested;
          this.wakeRequested = false;
          this.schedule(again ? 0 : (this.options.pollIntervalMs ?? 1_000));
        });
    }, delayMs);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /**
   * One worker: claims, sends and commits due messages one at a time on one connection, until none
   * is due. Each message's row stays locked (FOR UPDATE SKIP LOCKED) from its claim to its commit.
   */
  private async work(): Promise<number> {
    const client = await this.options.pool.connect();
    const tx = pgExecutor(client);
    let broken: Error | undefined;
    let handled = 0;
    try {
      let row = await this.claim(client, "BEGIN");
      while (row) {
        const recorded = await this.deliver(tx, row);
        const next = await this.claim(client, `${recorded}COMMIT; BEGIN`);
        // Committed: what this transaction sent is recorded. (A throw leaves it in `unrecorded`.)
        this.unrecorded.delete(row.id);
        handled += 1;
        row = next;
      }
      // The last claim found nothing: end its empty transaction.
      await client.query("ROLLBACK");
      return handled;
    } catch (error) {
      broken = await rollBack(client);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Runs `before` (ending with BEGIN) and claims the next due message in the same round trip. */
  private async claim(client: pg.PoolClient, before: string): Promise<PendingMessage | undefined> {
    const skipped = [...this.unrecorded.keys()].map((id) => pg.escapeLiteral(id)).join(", ");
    const results = (await client.query(
      `${before};
       SELECT id, request_id, reference, kind, dedupe_key, channel, recipient_address, subject, text_body,
              html_body, message_id, attempts, content, causation_event_id, correlation_id, traceparent
         FROM "${this.options.schema}".message
        WHERE status = 'pending' AND next_attempt_at <= ${pg.escapeLiteral(this.now().toISOString())}::timestamptz
          ${skipped ? `AND id NOT IN (${skipped})` : ""}
        ORDER BY next_attempt_at
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
    )) as unknown as pg.QueryResult<PendingMessage>[];
    return results.at(-1)?.rows[0];
  }

  /**
   * Sends one claimed message. Returns the statement (with its ";") that records it as sent, for
   * the caller to run with the COMMIT; "" when what had to be written was written here.
   */
  private deliver(tx: SqlExecutor, row: PendingMessage): Promise<string> {
    const parent = propagation.extract(context.active(), { traceparent: row.traceparent ?? undefined });
    return context.with(parent, () =>
      this.tracer.startActiveSpan(`send ${row.kind}`, async (span) => {
        span.setAttribute("guichet.message.kind", row.kind);
        span.setAttribute("guichet.message.channel", row.channel);
        try {
          if (row.channel === "email") return await this.sendEmail(row);
          if (row.channel === "sms") return await this.sendSms(tx, row);
          await this.queueLetter(tx, row);
          return "";
        } catch (error) {
          const failure = error instanceof SendFailure ? error : new SendFailure("send-error", false);
          span.recordException(failure);
          await this.markFailed(tx, row, failure);
          return "";
        } finally {
          span.end();
        }
      }),
    );
  }

  private async sendEmail(row: PendingMessage): Promise<string> {
    const domain = this.options.messageIdDomain;
    const references =
      row.kind === "registration" || row.kind === "alert"
        ? []
        : row.kind === "acknowledgement"
          ? [messageIdFor(row.request_id, "registration", domain)]
          : [
              messageIdFor(row.request_id, "registration", domain),
              messageIdFor(row.request_id, "acknowledgement", domain),
            ];
    await this.options.sender.send({
      to: row.recipient_address,
      subject: row.subject,
      text: row.text_body,
      html: row.html_body,
      messageId: row.message_id,
      references,
    });
    this.unrecorded.set(row.id, { row, providerMessageId: null });
    return `${this.sentStatement(row, null)};`;
  }

  private async sendSms(tx: SqlExecutor, row: PendingMessage): Promise<string> {
    const sms = this.options.sms;
    if (!sms) throw new SendFailure("sms-not-configured", true);
    const now = this.now();
    const allowed = nextAllowedInstant(now, this.options.quietHours ?? DEFAULT_QUIET_HOURS);
    if (allowed.getTime() > now.getTime()) {
      // Quiet hours: the SMS waits, it is not an attempt.
      await tx.$executeRawUnsafe(
        `UPDATE "${this.options.schema}".message SET next_attempt_at = $2 WHERE id = $1`,
        row.id,
        allowed,
      );
      return "";
    }
    const { providerMessageId } = await sms.send({
      to: row.recipient_address,
      text: row.text_body,
      messageId: row.message_id,
    });
    this.unrecorded.set(row.id, { row, providerMessageId });
    return `${this.sentStatement(row, providerMessageId)};`;
  }

  /** A letter is "sent" once printed: here it only enters the print queue (GET /api/letters/...). */
  private async queueLetter(tx: SqlExecutor, row: PendingMessage): Promise<void> {
    if (!row.content) throw new SendFailure("letter-without-content", true);
    const pdf = await this.options.composer.letterPdf(row.content);
    const pages = pdf.toString("latin1").match(/\/Type \/Page\b/g)?.length ?? 1;
    await tx.$executeRawUnsafe(
      `INSERT INTO "${this.options.schema}".letter (message_id, request_id, reference, pdf, pages)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (message_id) DO NOTHING`,
      row.id,
      row.request_id,
      row.reference,
      pdf,
      pages,
    );
    await tx.$executeRawUnsafe(
      `UPDATE "${this.options.schema}".message SET status = 'awaiting-print', attempts = attempts + 1, last_error = NULL
        WHERE id = $1`,
      row.id,
    );
  }

  /** Records as sent what the provider accepted before PostgreSQL went away; kept for the next round if it still cannot. */
  private async recordUnrecorded(): Promise<void> {
    for (const [id, { row, providerMessageId }] of this.unrecorded) {
      try {
        await withPgTransaction(this.options.pool, async (tx) => {
          const still = await tx.$queryRawUnsafe<{ id: string }[]>(
            `SELECT id FROM "${this.options.schema}".message WHERE id = $1 AND status = 'pending' FOR UPDATE`,
            id,
          );
          if (still.length) await tx.$executeRawUnsafe(this.sentStatement(row, providerMessageId));
        });
        this.unrecorded.delete(id);
      } catch (error) {
        this.options.logger.warn({ err: (error as Error).message }, "sent message not recorded yet; retried");
        return;
      }
    }
  }

  /**
   * Marks the message sent and writes its event to the outbox: one statement (the outbox row selects
   * from the update), with literal values so that it can share a simple query with the COMMIT.
   */
  private sentStatement(row: PendingMessage, providerMessageId: string | null): string {
    const sentAt = new Date();
    const literal = (value: string | null) => (value === null ? "NULL" : pg.escapeLiteral(value));
    const update = `UPDATE "${this.options.schema}".message
          SET status = 'sent', sent_at = ${literal(sentAt.toISOString())}::timestamptz, attempts = attempts + 1,
              last_error = NULL, provider_message_id = ${literal(providerMessageId)}
        WHERE id = ${literal(row.id)}::uuid`;
    const sent = sentEvent(row, sentAt);
    if (!sent) return update;
    const [eventId, type, version, envelope] = this.options.outbox.rowOf(sent);
    return `WITH sent AS (${update} RETURNING 1)
       INSERT INTO ${this.options.outbox.tableName} (event_id, type, version, envelope)
       SELECT ${literal(eventId)}, ${literal(type)}, ${Number(version)}, ${literal(envelope)}::jsonb FROM sent`;
  }

  private async markFailed(tx: SqlExecutor, row: PendingMessage, failure: SendFailure): Promise<void> {
    const attempts = row.attempts + 1;
    const final = failure.permanent || attempts >= (this.options.maxAttempts ?? backoffMs.length + 1);
    const delay = backoffMs[Math.min(attempts - 1, backoffMs.length - 1)] ?? 0;
    await tx.$executeRawUnsafe(
      `UPDATE "${this.options.schema}".message
          SET status = $2, attempts = $3, last_error = $4, next_attempt_at = now() + ($5 || ' milliseconds')::interval
        WHERE id = $1`,
      row.id,
      final ? "failed" : "pending",
      attempts,
      failure.code,
      String(delay),
    );
    this.options.logger.warn(
      { kind: row.kind, channel: row.channel, code: failure.code, attempts, final },
      "message not delivered",
    );
    if (!final) return;
    const failed = failedEvent(row, failure.code, failure.permanent);
    if (failed) await this.options.outbox.enqueue(tx, failed);
    const fallback = await queueFallback(tx, row, {
      composer: this.options.composer,
      messageIdDomain: this.options.messageIdDomain,
      smsEnabled: this.options.sms !== undefined,
    });
    if (fallback) {
      this.options.logger.info({ kind: row.kind, from: row.channel, to: fallback }, "fallback queued");
      this.wakeRequested = true;
    }
  }
}
