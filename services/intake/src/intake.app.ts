import { fileURLToPath } from "node:url";
import { type RunningService, startService } from "@guichet/runtime";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { IntakeConfig } from "./config.ts";
import { createIntakePrisma, intakeModule } from "./intake.module.ts";

export const INTAKE_SCHEMA = "intake";

/** Boots intake: used by main.ts and by end-to-end tests. */
export async function startIntake(config: IntakeConfig): Promise<RunningService> {
  let prisma: PrismaClient | undefined;
  return startService({
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
      await prisma?.$disconnect();
    },
  });
}
