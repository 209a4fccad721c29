#!/usr/bin/env node
// Generates the Prisma client of every service that has a prisma/ folder, offline.
// `--if-stale`: only those missing or older than their schema (what `npm install` runs).
import { generatePrismaClients } from "./prisma-clients.mjs";

try {
  generatePrismaClients({ onlyStale: process.argv.includes("--if-stale") });
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
