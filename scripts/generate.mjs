#!/usr/bin/env node
// Generates the Prisma client of every service that has a prisma/ folder, offline.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

for (const service of readdirSync("services")) {
  const dir = join("services", service);
  if (!existsSync(join(dir, "prisma", "schema.prisma"))) continue;
  const result = spawnSync(process.execPath, ["../../scripts/prisma-generate.mjs"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) {
    console.error(`prisma generate failed in ${dir}`);
    process.exit(result.status ?? 1);
  }
}
