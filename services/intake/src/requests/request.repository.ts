import type { PrismaClient } from "../../generated/prisma/client.ts";

/** Only the tables intake's request use cases may touch. */
export type RequestStore = Pick<PrismaClient, "request" | "$transaction">;

export type RequestTransaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export interface StoredRequestSummary {
  id: string;
  reference: string;
  receivedAt: Date;
  idempotencyHash: string | null;
}

/** Thin queries; decisions live in the use cases. */
export class RequestRepository {
  constructor(private readonly db: RequestStore) {}

  findByIdempotencyKey(key: string): Promise<StoredRequestSummary | null> {
    return this.db.request.findUnique({
      where: { idempotencyKey: key },
      select: { id: true, reference: true, receivedAt: true, idempotencyHash: true },
    });
  }

  findByReference(reference: string) {
    return this.db.request.findUnique({ where: { reference } });
  }

  transaction<T>(work: (tx: RequestTransaction) => Promise<T>): Promise<T> {
    return this.db.$transaction(work);
  }
}
