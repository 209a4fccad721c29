import type { RequestReceivedV1, RequestRoutedV1 } from "@guichet/contracts";
import { type DbLogger, type Outbox, type SqlExecutor, withPgTransaction } from "@guichet/db";
import type pg from "pg";
import { reachableContact } from "../acknowledgements/message-addressing.ts";
import type { MessageComposer } from "../acknowledgements/message-composer.ts";
import { queueMessage } from "../acknowledgements/queue-message.ts";
import type { TriageConfig } from "../config.ts";
import { unreachableEvent } from "../delivery/delivery-events.ts";
import { chooseChannel, decideReceipt, type NotificationPolicy, requestFacts } from "../policy/notification-policy.ts";
import { triageHandling } from "./triage-deadline.ts";

interface DueTriage {
  request_id: string;
  reference: string;
  triage_service_id: string;
  catalog_version: number;
  causation_event_id: string;
  correlation_id: string;
  traceparent: string | null;
  request: RequestReceivedV1;
  contact: unknown;
}

export interface TriageSchedulerOptions {
  pool: pg.Pool;
  outbox: Outbox;
  composer: MessageComposer;
  policy: NotificationPolicy;
  smsEnabled: boolean;
  messageIdDomain: string;
  triage: TriageConfig;
  logger: DbLogger;
  /** Called when acknowledgements were queued, so the dispatcher sends them at once. */
  onQueued: () => void;
  batchSize?: number;
  /** Tests pin the clock. */
  now?: () => Date;
}

/**
 * Sends the R112-5 acknowledgement of a request still waiting in triage when its target is near,
 * naming the reception service as the service in charge. Rows are claimed FOR UPDATE SKIP LOCKED
 * (concurrent instances never both take one) and request.routed locks the same row, so a routing
 * and the deadline cannot both acknowledge; the (request, acknowledgement, '') unique key of the
 * message table stays the last guard.
 */
export class TriageAcknowledgementScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: TriageSchedulerOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Acknowledges every request whose triage deadline is due; returns how many were handled. */
  async acknowledgeDue(): Promise<number> {
    let total = 0;
    let queued = false;
    for (;;) {
      const batch = await this.batch();
      total += batch.handled;
      queued ||= batch.queued;
      if (batch.handled === 0) break;
    }
    if (queued) this.options.onQueued();
    return total;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.acknowledgeDue()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.options.logger.error({ err: (error as Error).message }, "triage acknowledgements failed"),
        )
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.options.triage.pollIntervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private batch(): Promise<{ handled: number; queued: boolean }> {
    return withPgTransaction(this.options.pool, async (tx) => {
      const rows = await tx.$queryRawUnsafe<DueTriage[]>(
        `SELECT t.request_id, t.reference, t.triage_service_id, t.catalog_version, t.causation_event_id,
                t.correlation_id, t.traceparent, r.request, r.contact
           FROM notification.triage_deadline t JOIN notification.recipient r USING (request_id)
          WHERE t.status = 'waiting' AND t.due_at <= $1
          ORDER BY t.due_at
          LIMIT $2
          FOR UPDATE OF t SKIP LOCKED`,
        this.now(),
        this.options.batchSize ?? 32,
      );
      let queued = false;
      for (const row of rows) queued = (await this.acknowledge(tx, row)) || queued;
      return { handled: rows.length, queued };
    });
  }

  private async acknowledge(tx: SqlExecutor, row: DueTriage): Promise<boolean> {
    const { composer, policy, triage } = this.options;
    const received = row.request;
    const now = this.now();
    const cause = { id: row.causation_event_id, correlationId: row.correlation_id, traceparent: row.traceparent };
    const decision = decideReceipt("acknowledgement", requestFacts(received, received.subjectId, null), policy);
    const choice = decision.send
      ? chooseChannel("acknowledgement", reachableContact(row.contact), { smsEnabled: this.options.smsEnabled })
      : null;
    if (!choice) {
      if (decision.send) {
        await this.options.outbox.enqueue(
          tx,
          unreachableEvent({ requestId: row.request_id, reference: row.reference, kind: "acknowledgement" }, cause),
        );
      }
      await this.mark(tx, row.request_id, "not-sent", null);
      return false;
    }
    // The reception service is, for now, the service in charge: the acknowledgement names it.
    const asRouted: RequestRoutedV1 = {
      requestId: row.request_id,
      reference: row.reference,
      serviceId: row.triage_service_id,
      subjectId: null,
      method: "manual",
      confidence: 0,
      explanation: "acknowledgement target reached while waiting in triage",
      catalogVersion: row.catalog_version,
      handling: triageHandling(row.triage_service_id, triage),
      routedAt: now.toISOString(),
    };
    const stored = composer.acknowledgement(received, asRouted);
    const queued = await queueMessage(tx, {
      requestId: row.request_id,
      reference: row.reference,
      kind: "acknowledgement",
      channel: choice.channel,
      address: choice.address,
      rendered: composer.render(stored, choice.channel),
      stored,
      cause,
      messageIdDomain: this.options.messageIdDomain,
    });
    await this.mark(tx, row.request_id, "acknowledged", now);
    this.options.logger.info({ channel: choice.channel }, "triage acknowledgement queued");
    return queued;
  }

  private async mark(tx: SqlExecutor, requestId: string, status: string, at: Date | null): Promise<void> {
    await tx.$executeRawUnsafe(
      "UPDATE notification.triage_deadline SET status = $2, acknowledged_at = $3 WHERE request_id = $1::uuid",
      requestId,
      status,
      at,
    );
  }
}
