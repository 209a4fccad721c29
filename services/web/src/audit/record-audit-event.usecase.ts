import { type AuditRecordedV1, type Envelope, isEvent } from "@guichet/contracts";
import { type Inbox, withPgTransaction } from "@guichet/db";
import type pg from "pg";
import type { AuditRepository } from "./audit.repository.ts";

export const AUDIT_CONSUMER = "web";

/**
 * Consumes audit.recorded (published by the services through their outboxes) into the audit table,
 * claiming the event in the inbox in the same transaction: a redelivery records nothing twice.
 */
export class RecordAuditEventUseCase {
  constructor(
    private readonly pool: pg.Pool,
    private readonly inbox: Inbox,
    private readonly audit: AuditRepository,
  ) {}

  async execute(envelope: Envelope): Promise<void> {
    if (!isEvent(envelope, "auditRecorded")) return;
    const entry: AuditRecordedV1 = envelope.data;
    await withPgTransaction(this.pool, async (tx) => {
      if (!(await this.inbox.claim(tx, AUDIT_CONSUMER, envelope.id))) return;
      await this.audit.recordEvent(tx, envelope.id, entry);
    });
  }
}
