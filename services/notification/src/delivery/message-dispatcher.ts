import { type DbLogger, type Outbox, type SqlExecutor, withPgTransaction } from "@guichet/db";
import { context, propagation, trace } from "@opentelemetry/api";
import type pg from "pg";
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

  /** Sends every due message once; returns how many were handled. */
  async dispatchDue(): Promise<number> {
    await this.recordUnrecorded();
    const worker = async () => {
      let handled = 0;
      while (await this.dispatchOne()) handled += 1;
      return handled;
    };
    const counts = await Promise.all(Array.from({ length: this.options.concurrency ?? 4 }, worker));
    return counts.reduce((sum, n) => sum + n, 0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.dispatchDue()
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

  /** Claims, sends and marks one due message; false when none is due. */
  private async dispatchOne(): Promise<boolean> {
    const { pool, schema } = this.options;
    let claimed: string | undefined;
    const handled = await withPgTransaction(pool, async (tx) => {
      const rows = await tx.$queryRawUnsafe<PendingMessage[]>(
        `SELECT id, request_id, reference, kind, dedupe_key, channel, recipient_address, subject, text_body,
                html_body, message_id, attempts, content, causation_event_id, correlation_id, traceparent
           FROM "${schema}".message
          WHERE status = 'pending' AND next_attempt_at <= $2 AND id <> ALL($3::uuid[])
          ORDER BY next_attempt_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        1,
        this.now(),
        [...this.unrecorded.keys()],
      );
      const row = rows[0];
      if (!row) return false;
      claimed = row.id;
      await this.deliver(tx, row);
      return true;
    });
    // Committed: what this transaction sent is recorded. (A throw leaves it in `unrecorded`.)
    if (claimed) this.unrecorded.delete(claimed);
    return handled;
  }

  private deliver(tx: SqlExecutor, row: PendingMessage): Promise<void> {
    const parent = propagation.extract(context.active(), { traceparent: row.traceparent ?? undefined });
    return context.with(parent, () =>
      this.tracer.startActiveSpan(`send ${row.kind}`, async (span) => {
        span.setAttribute("guichet.message.kind", row.kind);
        span.setAttribute("guichet.message.channel", row.channel);
        try {
          if (row.channel === "email") await this.sendEmail(tx, row);
          else if (row.channel === "sms") await this.sendSms(tx, row);
          else await this.queueLetter(tx, row);
        } catch (error) {
          const failure = error instanceof SendFailure ? error : new SendFailure("send-error", false);
          span.recordException(failure);
          await this.markFailed(tx, row, failure);
        } finally {
          span.end();
        }
      }),
    );
  }

  private async sendEmail(tx: SqlExecutor, row: PendingMessage): Promise<void> {
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
    await this.markSent(tx, row, null);
  }

  private async sendSms(tx: SqlExecutor, row: PendingMessage): Promise<void> {
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
      return;
    }
    const { providerMessageId } = await sms.send({
      to: row.recipient_address,
      text: row.text_body,
      messageId: row.message_id,
    });
    this.unrecorded.set(row.id, { row, providerMessageId });
    await this.markSent(tx, row, providerMessageId);
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
          if (still.length) await this.markSent(tx, row, providerMessageId);
        });
        this.unrecorded.delete(id);
      } catch (error) {
        this.options.logger.warn({ err: (error as Error).message }, "sent message not recorded yet; retried");
        return;
      }
    }
  }

  private async markSent(tx: SqlExecutor, row: PendingMessage, providerMessageId: string | null): Promise<void> {
    const sentAt = new Date();
    await tx.$executeRawUnsafe(
      `UPDATE "${this.options.schema}".message
          SET status = 'sent', sent_at = $2, attempts = attempts + 1, last_error = NULL, provider_message_id = $3
        WHERE id = $1`,
      row.id,
      sentAt,
      providerMessageId,
    );
    const sent = sentEvent(row, sentAt);
    if (sent) await this.options.outbox.enqueue(tx, sent);
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
