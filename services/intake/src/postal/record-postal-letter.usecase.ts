import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { SubmitRequestUseCase, SubmittedRequest } from "../requests/submit-request/submit-request.usecase.ts";
import type { UploadedFile } from "../web/multipart.ts";
import { citizenOf } from "../web/web-intake.ts";
import type { PostalLetter } from "./postal-letter.schema.ts";

export interface RecordPostalLetterCommand {
  letter: PostalLetter;
  /** Legal date of receipt (the arrival stamp), see receiptDateOf. */
  receivedAt: Date;
  scan: UploadedFile;
  staffId: string;
  idempotencyKey?: string | undefined;
}

/**
 * A letter recorded by the mail room becomes a request (channel "postal", dated by its arrival
 * stamp) whose scan is kept as evidence. The evidence table is content-addressed: the same scan
 * uploaded twice is stored once (a retry reuses the row; an orphan left by a failed submission is
 * harmless and reused by the retry).
 */
export class RecordPostalLetterUseCase {
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly submitRequest: SubmitRequestUseCase,
  ) {}

  async execute(command: RecordPostalLetterCommand): Promise<SubmittedRequest> {
    const { letter, scan } = command;
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO "${this.schema}".evidence (id, media_type, sha256, size, content) VALUES ($1::uuid, $2, $3, $4, $5)
       ON CONFLICT (sha256) DO UPDATE SET sha256 = EXCLUDED.sha256 RETURNING id`,
      [randomUUID(), scan.contentType, scan.sha256, scan.size, scan.content],
    );
    const evidenceId = rows[0]?.id as string;
    return this.submitRequest.execute({
      channel: "postal",
      siteId: letter.siteId ?? null,
      subjectId: letter.subjectId ?? null,
      title: letter.title ?? null,
      body: letter.summary,
      citizen: citizenOf(letter.citizen),
      metadata: {},
      receivedAt: command.receivedAt,
      idempotencyKey: command.idempotencyKey,
      evidenceId,
      enteredBy: command.staffId,
    });
  }
}
