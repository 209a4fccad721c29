#!/usr/bin/env node
// The operator CLI. TypeScript sources run through tsx, so nothing needs building first; the
// repository's compiler options (legacy decorators, for NestJS) apply wherever it is started from.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";
import { generatePrismaClients } from "../../../scripts/prisma-clients.mjs";

// The services import their generated Prisma clients: make sure they exist and match the schemas,
// whatever ran before (a clean clone where install scripts were skipped, a pulled schema change).
try {
  generatePrismaClients({ onlyStale: true });
} catch (error) {
  process.stderr.write(`guichet: ${error.message}\n`);
  process.exit(1);
}
process.env.TSX_TSCONFIG_PATH ??= fileURLToPath(new URL("../../../tsconfig.nest.json", import.meta.url));
register({ tsconfig: process.env.TSX_TSCONFIG_PATH });
await import("../src/main.ts");
