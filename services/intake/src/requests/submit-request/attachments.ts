import { randomUUID } from "node:crypto";
import type { AttachmentRef } from "@guichet/contracts";
import type { SqlExecutor } from "@guichet/db";

/** A file accepted with a request or a follow-up; the channel applied its attachment policy before. */
export interface NewAttachment {
  /** Shown to agents; parts without a name get a generated one. */
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  /** An image shown in the body of an e-mail rather than attached to it. */
  inline?: boolean;
  content: Buffer;
}

const COLUMNS = 9;

/** The `attachment` table (migration 002), shared by every channel that receives files. */
export class AttachmentStore {
  constructor(private readonly schema: string) {}

  /**
   * Stores the files inside the caller's transaction and returns what the event carries about
   * them (never the bytes). One statement whatever the number of files.
   */
  store(
    tx: SqlExecutor,
    owner: { requestId: string; followUpId?: string | null },
    attachments: readonly NewAttachment[],
  ): Promise<AttachmentRef[]> {
    return storeAttachments(tx, this.schema, owner, attachments);
  }
}

async function storeAttachments(
  tx: SqlExecutor,
  schema: string,
  owner: { requestId: string; followUpId?: string | null },
  attachments: readonly NewAttachment[],
): Promise<AttachmentRef[]> {
  if (attachments.length === 0) return [];
  const refs: AttachmentRef[] = [];
  const values: unknown[] = [];
  const rows = attachments.map((attachment, index) => {
    const id = randomUUID();
    refs.push({
      id,
      filename: attachment.filename,
      contentType: attachment.contentType,
      size: attachment.size,
      sha256: attachment.sha256,
    });
    values.push(
      id,
      owner.requestId,
      owner.followUpId ?? null,
      attachment.filename,
      attachment.contentType,
      attachment.size,
      attachment.sha256,
      attachment.inline ?? false,
      attachment.content,
    );
    const base = index * COLUMNS;
    return `($${base + 1}::uuid, $${base + 2}::uuid, $${base + 3}::uuid, $${base + 4}, $${base + 5}, $${base + 6}::integer, $${base + 7}, $${base + 8}::boolean, $${base + 9}::bytea)`;
  });
  await tx.$executeRawUnsafe(
    `INSERT INTO "${schema}".attachment (id, request_id, follow_up_id, filename, content_type, size, sha256, inline, content) VALUES ${rows.join(", ")}`,
    ...values,
  );
  return refs;
}
