import { createHash, randomUUID } from "node:crypto";
import { type Channel, type CitizenContact, createEvent } from "@guichet/contracts";
import type { Outbox } from "@guichet/db";
import { AppError } from "@guichet/runtime";
import type { ReferenceAllocator } from "../reference-allocator.ts";
import type { RequestRepository } from "../request.repository.ts";

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
  ) {}

  async execute(command: SubmitRequestCommand): Promise<SubmittedRequest> {
    const hash = command.idempotencyKey ? payloadHash(command) : null;
    if (command.idempotencyKey) {
      const earlier = await this.replay(command.idempotencyKey, hash);
      if (earlier) return earlier;
    }
    const requestId = randomUUID();
    try {
      return await this.requests.transaction(async (tx) => {
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
          },
        });
        const event = createEvent("requestReceived", {
          requestId,
          reference,
          channel: command.channel,
          siteId: command.siteId,
          receivedAt: command.receivedAt.toISOString(),
          citizen: command.citizen,
          subjectId: command.subjectId,
          title: command.title,
          body: command.body,
          metadata: command.metadata,
        });
        await this.outbox.enqueue(tx, event);
        return { requestId, reference, receivedAt: command.receivedAt, replayed: false };
      });
    } catch (error) {
      // Two concurrent submissions with the same key: the loser returns the winner's request.
      if (command.idempotencyKey && isUniqueViolation(error)) {
        const earlier = await this.replay(command.idempotencyKey, hash);
        if (earlier) return earlier;
      }
      throw error;
    }
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

function payloadHash(command: SubmitRequestCommand): string {
  const { receivedAt: _receivedAt, idempotencyKey: _key, ...payload } = command;
  return createHash("sha256").update(JSON.stringify(payload)).digest("hex");
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
