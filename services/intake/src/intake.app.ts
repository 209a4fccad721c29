import { fileURLToPath } from "node:url";
import { type RunningService, startService } from "@guichet/runtime";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { IntakeConfig } from "./config.ts";
import { createIntakePrisma, intakeModule } from "./intake.module.ts";
import { type EmailSources, startEmailSources } from "./mailbox/email-sources.ts";
import { startStatusConsumer } from "./open311/follow-status/status-consumer.ts";

export const INTAKE_SCHEMA = "intake";

/** Boots intake: used by main.ts and by end-to-end tests. */
export async function startIntake(config: IntakeConfig): Promise<RunningService & { email: EmailSources }> {
  let prisma: PrismaClient | undefined;
  let email: EmailSources | undefined;
  let statusConsumer: { stop(): Promise<void> } | undefined;
  const service = await startService({
    name: "intake",
    schema: INTAKE_SCHEMA,
    migrationsDir: fileURLToPath(new URL("../migrations", import.meta.url)),
    infrastructure: config.infrastructure,
    port: config.port,
    module: (infrastructure) => {
      prisma = createIntakePrisma(infrastructure);
      return intakeModule(config, infrastructure, prisma);
    },
    beforeClose: async () => {
      await statusConsumer?.stop();
      await email?.close();
      await prisma?.$disconnect();
    },
  });
  try {
    // Open311 status (open/closed) followed from the desk's status changes.
    statusConsumer = startStatusConsumer(service.infrastructure, prisma as PrismaClient);
    // SMTP receiver and IMAP poller, as configured; both share the web channel's use case.
    email = await startEmailSources(config, service.infrastructure, prisma as PrismaClient);
  } catch (error) {
    await service.close();
    throw error;
  }
  return Object.assign(service, { email });
}
