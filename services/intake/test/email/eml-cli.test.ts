import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { test } from "@guichet/testing";
import pg from "pg";
import { describe, expect } from "vitest";

const run = promisify(execFile);
const cli = new URL("../../../../tools/cli/bin/guichet.mjs", import.meta.url).pathname;
const fixture = (file: string) => new URL(`../fixtures/eml/${file}`, import.meta.url).pathname;

async function guichet(
  args: string[],
  databaseUrl: string,
): Promise<{ lines: Record<string, unknown>[]; code: number }> {
  const env = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" };
  try {
    const { stdout } = await run(process.execPath, [cli, ...args], { env, timeout: 120_000 });
    return { lines: parse(stdout), code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; code: number };
    return { lines: parse(failed.stdout), code: failed.code };
  }
}

function parse(stdout: string): Record<string, unknown>[] {
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("guichet intake eml (the real CLI on files, real PostgreSQL)", () => {
  // Each run boots the CLI through tsx (NestJS and Prisma included): slow on a busy machine.
  test("prints one JSON line per file; a second run finds only duplicates", { timeout: 240_000 }, async ({
    database,
  }) => {
    const files = [
      "01-plain-utf8.eml",
      "09-inline-image-and-attachment.eml",
      "16-reponse-automatique-subject.eml",
      "24-duplicate-of-01.eml",
      "44-received-chain-late-friday.eml",
    ].map(fixture);
    const first = await guichet(["intake", "eml", ...files, "/nonexistent/missing.eml"], database.url);
    expect(first.lines.map(({ file, ...rest }) => [String(file).split("/").at(-1), rest])).toEqual([
      ["01-plain-utf8.eml", { outcome: "created", reference: expect.stringMatching(/^LA-\d{4}-000001$/) }],
      ["09-inline-image-and-attachment.eml", { outcome: "created", reference: expect.stringMatching(/-000002$/) }],
      ["16-reponse-automatique-subject.eml", { outcome: "ignored", reason: "auto-reply" }],
      ["24-duplicate-of-01.eml", { outcome: "duplicate", reason: "already-ingested" }],
      ["44-received-chain-late-friday.eml", { outcome: "created", reference: expect.stringMatching(/-000003$/) }],
      ["missing.eml", { outcome: "error", reason: "unreadable: ENOENT" }],
    ]);
    expect(first.code).toBe(1);

    const second = await guichet(["intake", "eml", ...files], database.url);
    expect(second.lines.map((line) => line.outcome)).toEqual([
      "duplicate",
      "duplicate",
      "ignored",
      "duplicate",
      "duplicate",
    ]);
    expect(second.code).toBe(0);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT type, envelope->'data'->>'channel' AS channel FROM intake.outbox ORDER BY seq",
      );
      // Written to the outbox: the running intake service's relay publishes them.
      expect(rows).toEqual(Array.from({ length: 3 }, () => ({ type: "request.received", channel: "email" })));
    } finally {
      await client.end();
    }
  });

  test("--received-at received-header dates the request from our mail server's delivery", { timeout: 120_000 }, async ({
    database,
  }) => {
    const { lines } = await guichet(
      [
        "intake",
        "eml",
        "--received-at",
        "received-header",
        fixture("44-received-chain-late-friday.eml"),
        fixture("01-plain-utf8.eml"),
      ],
      database.url,
    );
    expect(lines.map((line) => line.outcome)).toEqual(["created", "error"]);
    expect(lines[1]?.reason).toBe("no-received-header");
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT reference, received_at FROM intake.request");
      expect(rows).toHaveLength(1);
      // The Friday-night delivery by the town's MX, not the sender's Date (Monday) nor now.
      expect(new Date(rows[0].received_at).toISOString()).toBe("2026-01-16T22:58:41.000Z");
      expect(rows[0].reference).toBe("LA-2026-000001");
    } finally {
      await client.end();
    }
  });
});
