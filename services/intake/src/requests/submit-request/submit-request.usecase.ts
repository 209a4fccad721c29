import { createHash, randomUUID } from "node:crypto";
import { type AttachmentRef, type Channel, type CitizenContact, createEvent } from "@guichet/contracts";
import type { Outbox, SqlExecutor } from "@guichet/db";
import { AppError } from "@guichet/runtime";
import type { ReferenceAllocator } from "../reference-allocator.ts";
import type { NewRequestRow, RequestRepository, RequestTransaction } from "../request.repository.ts";
import { AttachmentStore, type NewAttachment } from "./attachments.ts";

export interface SubmitRequestCommand {
  channel: Channel;
  siteId: string | null;
  subjectId: string | null;
  title: string | null;
  body: string;
  citizen: CitizenContact;
  metadata: Record<string, string>;
  /** Legal date of receipt. */
  receivedAt: Date;
  /** Client-chosen key: a retry or a double click returns the first request instead of a second one. */
  idempotencyKey?: string | undefined;
  /** Files accepted with the request (channel policy applied); stored and referenced in the event. */
  attachments?: readonly NewAttachment[] | undefined;
  /** Id of the original artefact kept as evidence (raw .eml, scanned letter...). */
  evidenceId?: string | null | undefined;
  /** Staff member who entered the request (phone note, counter, postal); null for citizens' own submissions. */
  enteredBy?: string | null | undefined;
  /** SHA-256 (hex) of the private tracking token given to the citizen (web channel); never the token. */
  trackingTokenHash?: string | null | undefined;
  /**
   * Channel bookkeeping that must commit or roll back with the request, e.g. the Message-ID ledger
   * that makes a re-delivered e-mail a duplicate. Runs after the request row is written.
   */
  alsoInTransaction?:
    | ((tx: SqlExecutor, request: { requestId: string; reference: string }) => Promise<void>)
    | undefined;
}

export interface SubmittedRequest {
  requestId: string;
  reference: string;
  receivedAt: Date;
  /** True when the idempotency key matched an earlier submission. */
  replayed: boolean;
}

/**
 * Stores a request and its `request.received` event in one transaction: once this resolves the
 * request is durable and will be published, whether or not NATS is reachable right now.
 */
export class SubmitRequestUseCase {
  constructor(
    private readonly requests: RequestRepository,
    private readonly references: ReferenceAllocator,
    private readonly outbox: Outbox,
    private readonly attachmentStore: AttachmentStore = new AttachmentStore("intake"),
  ) {}

  async execute(command: SubmitRequestCommand): Promise<SubmittedRequest> {
    return this.idempotent(command, (hash) => this.requests.transaction((tx) => this.store(tx, command, hash)));
  }

  /**
   * A citizen's own submission (web form, JSON API, Open311), which has no channel hook: without
   * files it is ONE statement (reference, request and outbox row: RequestRepository.insertWithEvent)
   * instead of an interactive transaction; with files it is `execute`.
   */
  executeStandalone(command: Omit<SubmitRequestCommand, "alsoInTransaction">): Promise<SubmittedRequest> {
    if (command.attachments?.length) return this.execute(command);
    return this.idempotent(command, async (hash) => {
      const requestId = randomUUID();
      // The reference is allocated by the statement, which writes it into the event's data too.
      const event = receivedEvent(command, { requestId, reference: PENDING_REFERENCE, attachments: [] });
      const reference = await this.requests.insertWithEvent(
        {
          ...requestRow(command, requestId),
          idempotency_key: command.idempotencyKey ?? null,
          idempotency_hash: hash,
          tracking_token_hash: command.trackingTokenHash ?? null,
        },
        await this.references.nextExpression(command.receivedAt),
        { table: this.outbox.tableName, row: this.outbox.rowOf(event) },
      );
      return { requestId, reference, receivedAt: command.receivedAt, replayed: false };
    });
  }

  /** An idempotency key answers with the request it first created, even to a concurrent submission. */
  private async idempotent(
    command: SubmitRequestCommand,
    write: (hash: string | null) => Promise<SubmittedRequest>,
  ): Promise<SubmittedRequest> {
    const hash = command.idempotencyKey ? payloadHash(command) : null;
    if (command.idempotencyKey) {
      const earlier = await this.replay(command.idempotencyKey, hash);
      if (earlier) return earlier;
    }
    try {
      return await write(hash);
    } catch (error) {
      // Two concurrent submissions with the same key: the loser returns the winner's request.
      if (command.idempotencyKey && isUniqueViolation(error)) {
        const earlier = await this.replay(command.idempotencyKey, hash);
        if (earlier) return earlier;
      }
      throw error;
    }
  }

  /**
   * Stores the request inside the caller's transaction, for channels whose own record must commit
   * with the request (a missed call and its callback request). No idempotency-key replay here: the
   * caller's own unique keys make it idempotent.
   */
  executeWithin(tx: RequestTransaction, command: SubmitRequestCommand): Promise<SubmittedRequest> {
    return this.store(tx, command, command.idempotencyKey ? payloadHash(command) : null);
  }

  /**
   * Many requests inside the caller's transaction in a few statements, for bulk channels (the
   * callback requests of a call-log import). Plain requests only: no attachments, idempotency key
   * or per-request hook.
   */
  async executeManyWithin(
    tx: RequestTransaction,
    commands: readonly SubmitRequestCommand[],
  ): Promise<SubmittedRequest[]> {
    if (commands.length === 0) return [];
    if (commands.some((c) => c.attachments?.length || c.idempotencyKey || c.alsoInTransaction)) {
      throw new Error("executeManyWithin takes plain requests (no attachments, idempotency key or hook)");
    }
    const references = await this.references.nextMany(
      tx,
      commands.map((c) => c.receivedAt),
    );
    const created = commands.map((command, index) => ({
      command,
      requestId: randomUUID(),
      reference: references[index] as string,
    }));
    await this.requests.insertMany(
      tx,
      created.map(({ command, requestId, reference }) => ({ ...requestRow(command, requestId), reference })),
    );
    await this.outbox.enqueue(
      tx,
      ...created.map(({ command, requestId, reference }) =>
        receivedEvent(command, { requestId, reference, attachments: [] }),
      ),
    );
    return created.map(({ command, requestId, reference }) => ({
      requestId,
      reference,
      receivedAt: command.receivedAt,
      replayed: false,
    }));
  }

  private async store(
    tx: RequestTransaction,
    command: SubmitRequestCommand,
    hash: string | null,
  ): Promise<SubmittedRequest> {
    const requestId = randomUUID();
    const reference = await this.references.next(tx, command.receivedAt);
    await tx.request.create({
      data: {
        id: requestId,
        reference,
        channel: command.channel,
        siteId: command.siteId,
        receivedAt: command.receivedAt,
        citizen: { ...command.citizen },
        subjectId: command.subjectId,
        title: command.title,
        body: command.body,
        metadata: command.metadata,
        idempotencyKey: command.idempotencyKey ?? null,
        idempotencyHash: hash,
        trackingTokenHash: command.trackingTokenHash ?? null,
      },
    });
    const attachments = await this.attachmentStore.store(tx, { requestId }, command.attachments ?? []);
    await command.alsoInTransaction?.(tx, { requestId, reference });
    const event = receivedEvent(command, { requestId, reference, attachments });
    await this.outbox.enqueue(tx, event);
    return { requestId, reference, receivedAt: command.receivedAt, replayed: false };
  }

  private async replay(key: string, hash: string | null): Promise<SubmittedRequest | null> {
    const earlier = await this.requests.findByIdempotencyKey(key);
    if (!earlier) return null;
    if (earlier.idempotencyHash !== hash) {
      throw new AppError("conflict", "Idempotency-Key déjà utilisée pour une autre demande");
    }
    return { requestId: earlier.id, reference: earlier.reference, receivedAt: earlier.receivedAt, replayed: true };
  }
}

/** Replaced in the event by the reference the one-statement path allocates (matches the event's format). */
const PENDING_REFERENCE = "X-0000-000000";

function requestRow(command: SubmitRequestCommand, requestId: string): Omit<NewRequestRow, "reference"> {
  return {
    id: requestId,
    channel: command.channel,
    site_id: command.siteId,
    received_at: command.receivedAt,
    citizen: command.citizen,
    subject_id: command.subjectId,
    title: command.title,
    body: command.body,
    metadata: command.metadata,
  };
}

/** The `request.received` event of a stored request: the one shape every channel publishes. */
function receivedEvent(
  command: SubmitRequestCommand,
  stored: { requestId: string; reference: string; attachments: AttachmentRef[] },
) {
  return createEvent("requestReceived", {
    ...stored,
    channel: command.channel,
    siteId: command.siteId,
    receivedAt: command.receivedAt.toISOString(),
    citizen: command.citizen,
    subjectId: command.subjectId,
    title: command.title,
    body: command.body,
    metadata: command.metadata,
    evidenceId: command.evidenceId ?? null,
    enteredBy: command.enteredBy ?? null,
    trackingTokenHash: command.trackingTokenHash ?? null,
  });
}

function payloadHash(command: SubmitRequestCommand): string {
  const {
    receivedAt: _receivedAt,
    idempotencyKey: _key,
    alsoInTransaction: _also,
    trackingTokenHash: _tracking,
    attachments,
    ...payload
  } = command;
  // Files by their digest: the same payload hashes the same, without serialising the bytes.
  const files = attachments?.map((file) => file.sha256);
  return createHash("sha256")
    .update(JSON.stringify(files === undefined ? payload : { ...payload, attachments: files }))
    .digest("hex");
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as {
    code?: string;
    cause?: { code?: string };
    meta?: { driverAdapterError?: { cause?: { originalCode?: string } } };
  };
  return (
    e.code === "P2002" ||
    e.code === "23505" ||
    e.cause?.code === "23505" ||
    e.meta?.driverAdapterError?.cause?.originalCode === "23505"
  );
}
