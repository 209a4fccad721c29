import { randomUUID } from "node:crypto";
import { createEvent } from "@guichet/contracts";
import { type Outbox, type SqlExecutor, withPgTransaction } from "@guichet/db";
import type pg from "pg";
import type {
  EmailDeliveryFailure,
  EmailFollowUp,
  IncomingAttachment,
  IngestEmailPort,
  NewEmailRequest,
} from "../email/ingest-email.ts";
import { AttachmentStore, type NewAttachment } from "../requests/submit-request/attachments.ts";
import type { SubmitRequestUseCase } from "../requests/submit-request/submit-request.usecase.ts";
import type { EmailLedgerRepository } from "./email-ledger.repository.ts";
import { requestIdOfOurMessageId } from "./our-message-id.ts";

/** Another delivery of the same Message-ID committed first: the caller reports a duplicate. */
export class DuplicateEmailError extends Error {
  constructor() {
    super("message already ingested");
    this.name = "DuplicateEmailError";
  }
}

export interface PgEmailIntakeOptions {
  pool: pg.Pool;
  schema: string;
  outbox: Outbox;
  submitRequest: SubmitRequestUseCase;
  ledger: EmailLedgerRepository;
  /** Right-hand side of the Message-IDs notification writes (MAIL_MESSAGE_ID_DOMAIN). */
  messageIdDomain: string;
  ownAddresses: readonly string[];
  referencePrefix: string;
}

/**
 * The e-mail port over PostgreSQL. Each effect (request, follow-up, bounce) commits in one
 * transaction with its row in `inbound_email` and its event in the outbox, so when a method
 * resolves the mail is durable and will be published; only then do receivers answer 250, flag the
 * IMAP message or print the outcome.
 */
export class PgEmailIntake implements IngestEmailPort {
  readonly ownAddresses: readonly string[];
  readonly ownMessageIdDomain: string;
  readonly referencePattern: RegExp;
  private readonly attachments: AttachmentStore;
  /** Raw messages handed to storeOriginal, written in the transaction of their effect. */
  private readonly pendingEvidence = new Map<string, { raw: Buffer; sha256: string }>();

  constructor(private readonly options: PgEmailIntakeOptions) {
    this.ownAddresses = options.ownAddresses;
    this.ownMessageIdDomain = options.messageIdDomain;
    this.referencePattern = new RegExp(`\\b${options.referencePrefix}-\\d{4}-\\d{6,}\\b`);
    this.attachments = new AttachmentStore(options.schema);
  }

  async findRequestByMessageId(messageId: string): Promise<string | null> {
    const requestId = requestIdOfOurMessageId(messageId, this.options.messageIdDomain);
    if (requestId !== null) return this.options.ledger.referenceOfRequest(requestId);
    // A citizen answering in the thread of their own first mail continues that request too.
    return this.options.ledger.referenceOfInboundMessage(messageId);
  }

  async findRequestByReference(reference: string): Promise<string | null> {
    return (await this.options.ledger.requestByReference(reference))?.reference ?? null;
  }

  isKnownMessageId(messageId: string): Promise<boolean> {
    return this.options.ledger.isKnownMessageId(messageId);
  }

  /**
   * Returns the evidence id at once but writes the bytes in the effect's own transaction: the
   * evidence commits with the request (never an orphan, never a request without its original),
   * and a mail costs one commit, not two.
   */
  async storeOriginal(raw: Buffer, sha256: string): Promise<string> {
    // No look-up first: identical bytes carry the same Message-ID, so when the evidence insert
    // finds them already stored, the ledger insert that follows reports a duplicate and rolls back.
    const id = randomUUID();
    this.pendingEvidence.set(id, { raw, sha256 });
    return id;
  }

  private async writeEvidence(tx: SqlExecutor, evidenceId: string): Promise<void> {
    const pending = this.pendingEvidence.get(evidenceId);
    if (pending === undefined) return;
    await this.options.ledger.insertEvidence(tx, {
      id: evidenceId,
      content: pending.raw,
      sha256: pending.sha256,
      mediaType: "message/rfc822",
    });
  }

  /** Runs one effect; the pending evidence is dropped whatever happens (a retry parses again). */
  private async withEvidence<T>(evidenceId: string, effect: () => Promise<T>): Promise<T> {
    try {
      return await effect();
    } finally {
      this.pendingEvidence.delete(evidenceId);
    }
  }

  createRequest(input: NewEmailRequest): Promise<{ reference: string }> {
    return this.withEvidence(input.evidenceKey, () => this.submit(input));
  }

  private async submit(input: NewEmailRequest): Promise<{ reference: string }> {
    const submitted = await this.options.submitRequest.execute({
      channel: "email",
      siteId: null,
      subjectId: null,
      title: input.title,
      body: input.body,
      citizen: input.citizen,
      metadata: input.metadata,
      receivedAt: input.receivedAt,
      attachments: input.attachments.map(toNewAttachment),
      evidenceId: input.evidenceKey,
      alsoInTransaction: async (tx, request) => {
        await this.writeEvidence(tx, input.evidenceKey);
        const recorded = await this.options.ledger.recordInbound(tx, {
          messageId: input.messageId,
          outcome: "created",
          requestId: request.requestId,
          followUpId: null,
          evidenceId: input.evidenceKey,
          receivedAt: input.receivedAt,
        });
        if (!recorded) throw new DuplicateEmailError();
      },
    });
    return { reference: submitted.reference };
  }

  addFollowUp(reference: string, input: EmailFollowUp): Promise<void> {
    return this.withEvidence(input.evidenceKey, () => this.followUp(reference, input));
  }

  private async followUp(reference: string, input: EmailFollowUp): Promise<void> {
    const request = await this.options.ledger.requestByReference(reference);
    if (request === null) throw new Error(`follow-up of unknown request ${reference}`);
    const followUpId = randomUUID();
    await withPgTransaction(this.options.pool, async (tx) => {
      await this.writeEvidence(tx, input.evidenceKey);
      await this.options.ledger.insertFollowUp(tx, {
        id: followUpId,
        requestId: request.id,
        receivedAt: input.receivedAt,
        title: input.title,
        body: input.body,
        metadata: input.metadata,
        evidenceId: input.evidenceKey,
      });
      const recorded = await this.options.ledger.recordInbound(tx, {
        messageId: input.messageId,
        outcome: "follow-up",
        requestId: request.id,
        followUpId,
        evidenceId: input.evidenceKey,
        receivedAt: input.receivedAt,
      });
      if (!recorded) throw new DuplicateEmailError();
      const attachments = await this.attachments.store(
        tx,
        { requestId: request.id, followUpId },
        input.attachments.map(toNewAttachment),
      );
      const event = createEvent("requestFollowUpReceived", {
        requestId: request.id,
        reference: request.reference,
        followUpId,
        channel: "email",
        receivedAt: input.receivedAt.toISOString(),
        title: input.title,
        body: input.body,
        attachments,
        evidenceId: input.evidenceKey,
      });
      await this.options.outbox.enqueue(tx, event);
    });
  }

  recordDeliveryFailure(input: EmailDeliveryFailure): Promise<void> {
    return this.withEvidence(input.evidenceKey, () => this.bounce(input));
  }

  private async bounce(input: EmailDeliveryFailure): Promise<void> {
    const request = input.reference === null ? null : await this.options.ledger.requestByReference(input.reference);
    await withPgTransaction(this.options.pool, async (tx) => {
      await this.writeEvidence(tx, input.evidenceKey);
      const recorded = await this.options.ledger.recordInbound(tx, {
        messageId: input.bounceMessageId,
        outcome: "bounce",
        requestId: request?.id ?? null,
        followUpId: null,
        evidenceId: input.evidenceKey,
        receivedAt: input.receivedAt,
        bounce: { messageId: input.originalMessageId, status: input.status, permanent: input.permanent },
      });
      if (!recorded) throw new DuplicateEmailError();
      const event = createEvent("messageBounced", {
        // Empty when the report did not return the Message-ID (a bounce "from" our address only).
        messageId: input.originalMessageId ?? "",
        reference: request?.reference ?? null,
        status: input.status.slice(0, 40),
        permanent: input.permanent,
        bouncedAt: input.receivedAt.toISOString(),
      });
      await this.options.outbox.enqueue(tx, event);
    });
  }
}

const MAX_FILENAME = 255;
const MAX_CONTENT_TYPE = 127;

function toNewAttachment(attachment: IncomingAttachment, index: number): NewAttachment {
  const filename = attachment.filename?.trim() || `piece-jointe-${index + 1}`;
  return {
    filename: filename.slice(0, MAX_FILENAME),
    contentType: attachment.contentType.slice(0, MAX_CONTENT_TYPE),
    size: attachment.size,
    sha256: attachment.sha256,
    inline: attachment.inline,
    content: attachment.content,
  };
}
