import type { PrismaClient } from "../generated/prisma/client.ts";

/** The tables notification's use cases may touch. */
export type NotificationStore = Pick<PrismaClient, "recipient" | "message" | "$transaction">;
export type NotificationTransaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Nest injection token of the Prisma client (explicit tokens: no decorator metadata). */
export const NOTIFICATION_STORE = Symbol.for("guichet.notification.store");
