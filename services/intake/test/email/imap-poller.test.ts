import { type ImapServer, startImapServer } from "@guichet/imap-server";
import { freePort, test, waitFor } from "@guichet/testing";
import type pg from "pg";
import { afterEach, describe, expect } from "vitest";
import { corpus, type IntakeUnderTest, startIntakeUnderTest } from "./email-test.harness.ts";

let server: ImapServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function imapEnv(imap: ImapServer, pollSeconds = 60): Record<string, string> {
  return {
    INTAKE_IMAP_HOST: "127.0.0.1",
    INTAKE_IMAP_PORT: String(imap.port),
    INTAKE_IMAP_TLS: "false",
    INTAKE_IMAP_USER: "mairie",
    INTAKE_IMAP_PASSWORD: "secret",
    INTAKE_IMAP_POLL_SECONDS: String(pollSeconds),
  };
}

async function count(pool: pg.Pool, sql: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(sql);
  return rows[0]?.n ?? 0;
}

const seen = (imap: ImapServer, uid: number) =>
  imap
    .messages("INBOX")
    .find((m) => m.uid === uid)
    ?.flags.has("\\Seen") ?? false;

describe("IMAP poller (test IMAP server, real PostgreSQL and NATS)", () => {
  test("IDLE: new mail becomes a request, flagged \\Seen; a restart resumes by UID without duplicates", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const imap = await startImapServer({ users: { mairie: "secret" } });
    server = imap;
    const waiting = imap.append("INBOX", corpus("01-plain-utf8.eml"));
    const start = () => startIntakeUnderTest({ databaseUrl: database.url, natsUrl, namespace, env: imapEnv(imap) });

    let intake: IntakeUnderTest = await start();
    try {
      // Mail already waiting is read at start; mail arriving later is announced through IDLE.
      expect(seen(imap, waiting)).toBe(true);
      const arriving = imap.append("INBOX", corpus("08-multipart-alternative.eml"));
      await waitFor(async () => seen(imap, arriving), { what: "second message flagged", timeoutMs: 10_000 });
      expect(imap.commands).toContain("IDLE");
      expect(await count(intake.pool, "SELECT count(*)::int AS n FROM intake.request WHERE channel = 'email'")).toBe(2);
      const received = await intake.waitForEvent("request.received");
      // INTERNALDATE (the town's server's delivery, to the second), not the sender's Date header.
      const delivered = imap.messages("INBOX")[0]?.internalDate as Date;
      expect((received.data as { receivedAt: string }).receivedAt).toBe(
        new Date(Math.floor(delivered.getTime() / 1000) * 1000).toISOString(),
      );
    } finally {
      await intake.close();
    }

    // While intake is down: a new mail arrives, and an agent marks the first one unread again.
    imap.messages("INBOX")[0]?.flags.delete("\\Seen");
    const whileDown = imap.append("INBOX", corpus("07-html-only-table-list.eml"));
    const fetchesBefore = imap.commands.filter((c) => c === "UID FETCH").length;
    intake = await start();
    try {
      expect(seen(imap, whileDown)).toBe(true);
      expect(imap.commands.filter((c) => c === "UID FETCH").length - fetchesBefore).toBe(1);
      expect(seen(imap, waiting)).toBe(false);
      expect(await count(intake.pool, "SELECT count(*)::int AS n FROM intake.request")).toBe(3);
      expect(await count(intake.pool, "SELECT count(*)::int AS n FROM intake.inbound_email")).toBe(3);
    } finally {
      await intake.close();
    }
  });

  test("without IDLE it polls; a mail that cannot be stored is retried, not skipped", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const imap = await startImapServer({ users: { mairie: "secret" }, idle: false });
    server = imap;
    const intake = await startIntakeUnderTest({ databaseUrl: database.url, natsUrl, namespace, env: imapEnv(imap, 1) });
    try {
      await intake.pool.query("ALTER TABLE intake.inbound_email RENAME TO inbound_email_away");
      const uid = imap.append("INBOX", corpus("05-encoded-word-b.eml"));
      await waitFor(async () => imap.commands.filter((c) => c === "UID FETCH").length >= 2, {
        what: "two attempts",
        timeoutMs: 10_000,
      });
      expect(seen(imap, uid)).toBe(false);
      await intake.pool.query("ALTER TABLE intake.inbound_email_away RENAME TO inbound_email");
      await waitFor(async () => seen(imap, uid), { what: "message flagged after recovery", timeoutMs: 10_000 });
      expect(imap.commands).not.toContain("IDLE");
      expect(await count(intake.pool, "SELECT count(*)::int AS n FROM intake.request")).toBe(1);
      const received = await intake.waitForEvent("request.received");
      expect((received.data as { channel: string }).channel).toBe("email");
    } finally {
      await intake.close();
    }
  });
});

describe("IMAP poller when the mailbox is unreachable", () => {
  test("intake still starts, and the poller connects once the server is up", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const port = await freePort();
    const intake = await startIntakeUnderTest({
      databaseUrl: database.url,
      natsUrl,
      namespace,
      env: {
        INTAKE_IMAP_HOST: "127.0.0.1",
        INTAKE_IMAP_PORT: String(port),
        INTAKE_IMAP_TLS: "false",
        INTAKE_IMAP_USER: "mairie",
        INTAKE_IMAP_PASSWORD: "secret",
      },
    });
    try {
      const health = await fetch(`${intake.intake.url}/healthz`);
      expect(health.status).toBeLessThan(500);
      const imap = await startImapServer({ users: { mairie: "secret" }, port });
      server = imap;
      const uid = imap.append("INBOX", corpus("06-encoded-word-q-folded.eml"));
      await waitFor(async () => seen(imap, uid), { what: "message taken after reconnection", timeoutMs: 15_000 });
      expect(await count(intake.pool, "SELECT count(*)::int AS n FROM intake.request")).toBe(1);
    } finally {
      await intake.close();
    }
  });
});
