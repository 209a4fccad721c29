import { randomUUID } from "node:crypto";
import { type Outbox, type SqlExecutor, withPgTransaction } from "@guichet/db";
import { PDFDocument } from "pdf-lib";
import type pg from "pg";
import { sentEvent } from "../delivery/delivery-events.ts";
import type { DeliveryChannel } from "../policy/notification-policy.ts";

export interface PrintBatch {
  batchId: string;
  letters: number;
  pages: number;
  /** One PDF for the mail room: every letter in queue order, each starting on a new sheet. */
  pdf: Buffer;
}

interface QueuedLetter {
  message_id: string;
  pdf: Buffer;
  pages: number;
  request_id: string;
  reference: string;
  kind: string;
  channel: DeliveryChannel;
  message_id_header: string;
  causation_event_id: string;
  correlation_id: string;
}

/**
 * The mail room's print queue. Taking a batch marks its letters printed and their messages sent
 * (with acknowledgement.sent / message.sent, channel letter) in one transaction; the combined PDF is
 * made of the very bytes stored per letter, so what was printed is what is kept as proof.
 */
export class LetterBatchService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly outbox: Outbox,
  ) {}

  async pendingCount(): Promise<{ letters: number; pages: number }> {
    const result = await this.pool.query(
      "SELECT count(*)::int AS letters, coalesce(sum(pages), 0)::int AS pages FROM notification.letter WHERE batch_id IS NULL",
    );
    return result.rows[0];
  }

  /** Null when nothing waits; `limit` keeps a batch to what the printer takes at once. */
  async takeNextBatch(options: { limit: number; takenBy: string | null }): Promise<PrintBatch | null> {
    const taken = await withPgTransaction(this.pool, async (tx) => {
      const letters = await tx.$queryRawUnsafe<QueuedLetter[]>(
        `SELECT l.message_id, l.pdf, l.pages, m.request_id, m.reference, m.kind, m.channel,
                m.message_id AS message_id_header, m.causation_event_id, m.correlation_id
           FROM notification.letter l JOIN notification.message m ON m.id = l.message_id
          WHERE l.batch_id IS NULL
          ORDER BY l.queued_at, l.message_id
          LIMIT $1
          FOR UPDATE OF l SKIP LOCKED`,
        options.limit,
      );
      if (letters.length === 0) return null;
      const batchId = randomUUID();
      const pages = letters.reduce((sum, letter) => sum + letter.pages, 0);
      const printedAt = new Date();
      await tx.$executeRawUnsafe(
        "INSERT INTO notification.print_batch (id, letters, pages, created_by) VALUES ($1, $2, $3, $4)",
        batchId,
        letters.length,
        pages,
        options.takenBy,
      );
      const ids = letters.map((letter) => letter.message_id);
      await tx.$executeRawUnsafe(
        "UPDATE notification.letter SET batch_id = $1, printed_at = $2 WHERE message_id = ANY($3::uuid[])",
        batchId,
        printedAt,
        ids,
      );
      await this.markSent(tx, letters, printedAt);
      return { batchId, letters };
    });
    if (!taken) return null;
    const pdf = await combine(taken.letters.map((letter) => letter.pdf));
    return {
      batchId: taken.batchId,
      letters: taken.letters.length,
      pages: taken.letters.reduce((s, l) => s + l.pages, 0),
      pdf,
    };
  }

  private async markSent(tx: SqlExecutor, letters: QueuedLetter[], printedAt: Date): Promise<void> {
    await tx.$executeRawUnsafe(
      "UPDATE notification.message SET status = 'sent', sent_at = $2 WHERE id = ANY($1::uuid[])",
      letters.map((l) => l.message_id),
      printedAt,
    );
    const events = letters.flatMap(
      (letter) =>
        sentEvent(
          {
            request_id: letter.request_id,
            reference: letter.reference,
            kind: letter.kind,
            channel: "letter",
            message_id: letter.message_id_header,
            causation_event_id: letter.causation_event_id,
            correlation_id: letter.correlation_id,
          },
          printedAt,
        ) ?? [],
    );
    await this.outbox.enqueue(tx, ...events);
  }

  /** A batch again (printer jam, lost file): the same letters, in the same order. */
  async batch(batchId: string): Promise<PrintBatch | null> {
    const result = await this.pool.query<{ pdf: Buffer; pages: number }>(
      "SELECT pdf, pages FROM notification.letter WHERE batch_id = $1 ORDER BY queued_at, message_id",
      [batchId],
    );
    if (result.rows.length === 0) return null;
    return {
      batchId,
      letters: result.rows.length,
      pages: result.rows.reduce((s, r) => s + r.pages, 0),
      pdf: await combine(result.rows.map((r) => r.pdf)),
    };
  }
}

/** Concatenates single-letter PDFs, in order (printed one-sided: each letter is folded on its own). */
export async function combine(pdfs: readonly Buffer[]): Promise<Buffer> {
  const out = await PDFDocument.create();
  out.setTitle("Guichet — lot d'impression");
  out.setProducer("Guichet");
  for (const bytes of pdfs) {
    const source = await PDFDocument.load(bytes);
    const pages = await out.copyPages(source, source.getPageIndices());
    for (const page of pages) out.addPage(page);
  }
  return Buffer.from(await out.save());
}
