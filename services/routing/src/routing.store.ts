import type { PrismaClient } from "../generated/prisma/client.ts";

/** The tables routing's use cases may touch. */
export type RoutingStore = Pick<
  PrismaClient,
  "catalogVersion" | "assignment" | "routingDecision" | "routingModel" | "$transaction"
>;
