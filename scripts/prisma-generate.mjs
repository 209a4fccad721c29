#!/usr/bin/env node
// Runs `prisma generate` offline. The Prisma CLI wants a native schema engine, which it downloads on
// first use; generating the client does not need it, so any executable will do (ARCHITECTURE.md).
// Migrations are plain SQL applied by @guichet/db, never by the Prisma CLI.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const result = spawnSync(process.execPath, [cli, "generate", ...process.argv.slice(2)], { stdio: "inherit", env });
process.exit(result.status ?? 1);
