// The Prisma clients of the services, generated offline from each service's prisma/schema.prisma
// into services/<name>/generated/prisma (git-ignored). Used by `npm install` (postinstall), by the
// `guichet` CLI before any command (so `npm start` works on a clean clone even when install scripts
// were skipped) and by `npm test` / `npm run typecheck`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../", import.meta.url));
const generator = fileURLToPath(new URL("./prisma-generate.mjs", import.meta.url));

/** Every service folder that has a Prisma schema, with where its client goes. */
function prismaServices() {
  const servicesDir = join(repoRoot, "services");
  return readdirSync(servicesDir)
    .map((name) => join(servicesDir, name))
    .filter((dir) => existsSync(join(dir, "prisma", "schema.prisma")))
    .map((dir) => ({
      dir,
      schema: join(dir, "prisma", "schema.prisma"),
      client: join(dir, "generated", "prisma", "client.ts"),
    }));
}

/** A client is stale when it is missing or older than its schema. */
function isStale({ schema, client }) {
  return !existsSync(client) || statSync(client).mtimeMs < statSync(schema).mtimeMs;
}

function prismaCliInstalled() {
  try {
    createRequire(import.meta.url).resolve("prisma/build/index.js");
    return true;
  } catch {
    return false;
  }
}

/**
 * Generates the clients: all of them, or with `onlyStale` those missing or older than their schema.
 * Without the Prisma CLI (a production install: `npm install --omit=dev`, the Docker image) a stale
 * but present client is kept; a missing one is an error that says what to do.
 */
export function generatePrismaClients({ onlyStale = false } = {}) {
  const targets = prismaServices().filter((service) => !onlyStale || isStale(service));
  if (targets.length === 0) return;
  if (!prismaCliInstalled()) {
    const missing = targets.filter(({ client }) => !existsSync(client));
    if (missing.length === 0) return;
    throw new Error(
      `Prisma client missing in ${missing.map(({ dir }) => dir).join(", ")} and the prisma CLI is not installed: ` +
        "run `npm install` (with dev dependencies) at the repository root.",
    );
  }
  for (const { dir } of targets) {
    const result = spawnSync(process.execPath, [generator], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
    if (result.status !== 0) throw new Error(`prisma generate failed in ${dir} (exit ${result.status})`);
  }
}
