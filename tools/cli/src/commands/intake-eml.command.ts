import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { z } from "zod";
import { databaseUrlOption, platformDatabaseUrl } from "../platform.ts";

/**
 * When each file counts as received (the legal date of receipt):
 * - `now` (default): the file is handed to the town now; nothing in a file we did not receive
 *   ourselves can be trusted to say otherwise.
 * - `received-header`: the date of the topmost Received header, i.e. the town's own mail server's
 *   final delivery — for .eml exported from the town's mailbox after an outage.
 * - an ISO 8601 date with offset: stated by the operator (e.g. the date a mail was forwarded).
 */
const receivedAtOption = z.union([
  z.literal("now"),
  z.literal("received-header"),
  z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
]);
type ReceivedAtOption = z.output<typeof receivedAtOption>;

interface EmlLine {
  file: string;
  outcome: string;
  reference?: string;
  reason?: string;
}

export function registerIntakeEml(intake: Command): void {
  intake
    .command("eml")
    .description(
      "fait entrer des fichiers .eml par le même chemin que la boîte aux lettres (une ligne JSON par fichier)",
    )
    .argument("<files...>", "fichiers .eml")
    .addOption(databaseUrlOption())
    .option("--received-at <when>", "date de réception : now | received-header | date ISO 8601", "now")
    .action(async (files: string[], options: { databaseUrl?: string; receivedAt: string }) => {
      const databaseUrl = await platformDatabaseUrl(options.databaseUrl);
      const when = receivedAtOption.safeParse(options.receivedAt);
      if (!when.success) {
        throw new Error(`--received-at: "now", "received-header" or an ISO 8601 date with offset expected`);
      }
      // Loaded here: the rest of the CLI does not need NestJS and Prisma.
      const { loadIntakeConfig, openEmailChannel } = await import("@guichet/intake");
      const config = loadIntakeConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" });
      const { channel, close } = await openEmailChannel(config);
      try {
        for (const file of files) {
          const line = await ingestFile(file, when.data, (raw, receivedAt) => channel.receive(raw, receivedAt, "eml"));
          if (line.outcome === "error") process.exitCode = 1;
          process.stdout.write(`${JSON.stringify(line)}\n`);
        }
      } finally {
        await close();
      }
    });
}

async function ingestFile(
  file: string,
  when: ReceivedAtOption,
  receive: (raw: Buffer, receivedAt: Date) => Promise<{ outcome: string; reference?: string; reason?: string }>,
): Promise<EmlLine> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (error) {
    return { file, outcome: "error", reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? "error"}` };
  }
  const receivedAt = when === "now" ? new Date() : when === "received-header" ? topReceivedDate(raw) : when;
  if (receivedAt === null) return { file, outcome: "error", reason: "no-received-header" };
  try {
    return { file, ...(await receive(raw, receivedAt)) };
  } catch (error) {
    // Nothing was committed for this file: running the command again is safe.
    return { file, outcome: "error", reason: (error as Error).message.slice(0, 200) };
  }
}

/** Date of the first (most recent) Received header: "Received: from ... ; Tue, 13 Jan 2026 ...". */
export function topReceivedDate(raw: Buffer): Date | null {
  const text = raw.subarray(0, 64 * 1024).toString("latin1");
  const headerEnd = text.search(/\r?\n\r?\n/);
  const headers = (headerEnd < 0 ? text : text.slice(0, headerEnd)).replace(/\r?\n[ \t]+/g, " ");
  const received = /^received:(.*)$/im.exec(headers)?.[1];
  const stamp = received?.slice(received.lastIndexOf(";") + 1).trim();
  if (!received?.includes(";") || !stamp) return null;
  const date = new Date(stamp.replace(/\s*\([^)]*\)\s*$/, ""));
  return Number.isNaN(date.getTime()) ? null : date;
}
