import { defineConfig } from "prisma/config";

// Only `prisma generate` runs (see scripts/prisma-generate.mjs); migrations are SQL files in
// ./migrations applied by @guichet/db, so no datasource URL is needed here.
export default defineConfig({ schema: "prisma/schema.prisma" });
