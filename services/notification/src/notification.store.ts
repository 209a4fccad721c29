import type { PrismaClient } from "../generated/prisma/client.ts";

/** The tables notification's use cases may touch. */
export type NotificationStore = Pick<PrismaClient, "recipient" | "message" | "$transaction">;
export type NotificationTransaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
