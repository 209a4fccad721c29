import { type AcknowledgementKind, createEvent, type Envelope } from "@guichet/contracts";
import { type DbLogger, type Outbox, type SqlExecutor, withPgTransaction } from "@guichet/db";
import { context, propagation, trace } from "@opentelemetry/api";
import type pg from "pg";
import { messageIdFor } from "../acknowledgements/message-addressing.ts";
import { type MailSender, SendFailure } from "./mail-sender.ts";

interface PendingMessage {
  id: string;
  request_id: string;
  reference: string;
  kind: AcknowledgementKind;
  recipient_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  message_id: string;
  attempts: number;
  causation_event_id: string;
  correlation_id: string;
  traceparent: string | null;
}

export interface DispatcherOptions {
  pool: pg.Pool;
  schema: string;
  outbox: Outbox;
  sender: MailSender;
  messageIdDomain: string;
  logger: DbLogger;
  batchSize?: number;
  pollIntervalMs?: number;
  maxAttempts?: number;
}

const backoffMs = [5_000, 30_000, 120_000, 600_000, 1_800_000];

/**
 * Sends queued messages. Rows are claimed with FOR UPDATE SKIP LOCKED, so concurrent instances never
 * send the same message; the row stays locked while it is sent and is marked sent, with its
 * `acknowledgement.sent` event in the outbox, in the same transaction. A crash between the SMTP
 * answer and the commit is the one window in which a message can be sent twice (SMTP has no
 * idempotency); the deterministic Message-ID lets receiving servers recognise it.
 */
export class MessageDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private wakeRequested = false;
  private readonly tracer = trace.getTracer("guichet-notification");

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
    let total = 0;
    for (;;) {
      const handled = await this.dispatchBatch();
      total += handled;
      if (handled === 0) return total;
    }
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

  private dispatchBatch(): Promise<number> {
    const { pool, schema, batchSize = 32 } = this.options;
    return withPgTransaction(pool, async (tx) => {
      const rows = await tx.$queryRawUnsafe<PendingMessage[]>(
        `SELECT id, request_id, reference, kind, recipient_address, subject, text_body, html_body, message_id,
                attempts, causation_event_id, correlation_id, traceparent
           FROM "${schema}".message
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        batchSize,
      );
      await Promise.all(rows.map((row) => this.deliver(tx, row)));
      return rows.length;
    });
  }

  private deliver(tx: SqlExecutor, row: PendingMessage): Promise<void> {
    const parent = propagation.extract(context.active(), { traceparent: row.traceparent ?? undefined });
    return context.with(parent, () =>
      this.tracer.startActiveSpan(`send ${row.kind}`, async (span) => {
        span.setAttribute("guichet.message.kind", row.kind);
        try {
          await this.options.sender.send({
            to: row.recipient_address,
            subject: row.subject,
            text: row.text_body,
            html: row.html_body,
            messageId: row.message_id,
            references:
              row.kind === "registration"
                ? []
                : [messageIdFor(row.request_id, "registration", this.options.messageIdDomain)],
          });
          await this.markSent(tx, row);
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

  private async markSent(tx: SqlExecutor, row: PendingMessage): Promise<void> {
    const sentAt = new Date();
    await tx.$executeRawUnsafe(
      `UPDATE "${this.options.schema}".message SET status = 'sent', sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1`,
      row.id,
      sentAt,
    );
    await this.options.outbox.enqueue(
      tx,
      createEvent(
        "acknowledgementSent",
        {
          requestId: row.request_id,
          reference: row.reference,
          kind: row.kind,
          channel: "email",
          messageId: row.message_id,
          sentAt: sentAt.toISOString(),
        },
        { cause: causeOf(row) },
      ),
    );
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
    this.options.logger.warn({ kind: row.kind, code: failure.code, attempts, final }, "message not delivered");
    if (!final) return;
    await this.options.outbox.enqueue(
      tx,
      createEvent(
        "acknowledgementFailed",
        {
          requestId: row.request_id,
          reference: row.reference,
          kind: row.kind,
          channel: "email",
          reason: failure.code,
          permanent: failure.permanent,
          failedAt: new Date().toISOString(),
        },
        { cause: causeOf(row) },
      ),
    );
  }
}

function causeOf(row: PendingMessage): Pick<Envelope, "id" | "correlationId"> {
  return { id: row.causation_event_id, correlationId: row.correlation_id };
}
