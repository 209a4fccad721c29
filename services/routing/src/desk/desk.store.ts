import { AppError } from "@guichet/runtime";
import type { DeskCase, Prisma, PrismaClient } from "../../generated/prisma/client.ts";
import { ROUTING_SCHEMA_NAME } from "./desk-schema.ts";

/** The tables the desk and triage may touch. */
export type DeskStore = Pick<PrismaClient, "deskCase" | "deskEntry" | "$transaction">;
export type DeskTx = Pick<Prisma.TransactionClient, "deskCase" | "deskEntry" | "$executeRawUnsafe" | "$queryRawUnsafe">;

const CASE_TABLE = `"${ROUTING_SCHEMA_NAME}".desk_case`;

/**
 * Makes sure the case row exists (events may arrive in any order), then locks it for the rest of the
 * transaction: concurrent consumers and agents on the same request are serialised.
 */
export async function lockCase(tx: DeskTx, requestId: string, reference: string): Promise<DeskCase> {
  await tx.$executeRawUnsafe(
    `INSERT INTO ${CASE_TABLE} (request_id, reference) VALUES ($1::uuid, $2) ON CONFLICT DO NOTHING`,
    requestId,
    reference,
  );
  const locked = await lockExistingCase(tx, requestId);
  if (!locked) throw new Error("desk case vanished inside its own transaction");
  return locked;
}

/** Locks an existing case for the rest of the transaction; null when there is none. */
export async function lockExistingCase(tx: DeskTx, requestId: string): Promise<DeskCase | null> {
  await tx.$queryRawUnsafe(`SELECT 1 FROM ${CASE_TABLE} WHERE request_id = $1::uuid FOR UPDATE`, requestId);
  return tx.deskCase.findUnique({ where: { requestId } });
}

/** The case an agent acts on, locked; 404 when the request is unknown to the desk. */
export async function caseToWork(tx: DeskTx, requestId: string): Promise<DeskCase> {
  const found = await lockExistingCase(tx, requestId);
  if (!found) throw new AppError("not-found", "Demande introuvable.");
  return found;
}
