import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import {
  createTestDatabase,
  type NatsServerProcess,
  startNatsServer,
  type TestDatabase,
  uniqueNamespace,
  waitFor,
} from "@guichet/testing";
import { DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { citizenRequest, fetchTimeline, type Platform, startPlatform, submit } from "../e2e/platform.harness.ts";

const run = promisify(execFile);
const backupDir = fileURLToPath(new URL("../../deploy/backup/", import.meta.url));
const requestCount = 5;

interface StoredEvent {
  subject: string;
  data: string;
}

/** Every message of the namespace's stream, in order. */
async function streamContents(natsUrl: string, namespace: string): Promise<StoredEvent[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    const stream = namespace.toUpperCase().replace(/[^A-Z0-9]/g, "_");
    const info = await (await jetstreamManager(nc)).streams.info(stream);
    const out: StoredEvent[] = [];
    if (info.state.messages === 0) return out;
    const consumer = await jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.All });
    const messages = await consumer.consume();
    for await (const m of messages) {
      out.push({ subject: m.subject, data: new TextDecoder().decode(m.data) });
      if (m.info.pending === 0) break;
    }
    await messages.close();
    return out;
  } finally {
    await nc.close();
  }
}

async function references(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ reference: string }>(
      "SELECT reference FROM intake.request ORDER BY reference",
    );
    return rows.map((r) => r.reference);
  } finally {
    await client.end();
  }
}

async function acknowledged(platform: Platform, reference: string): Promise<boolean> {
  const response = await fetchTimeline(platform, reference);
  if (!response.ok) return false;
  const timeline = (await response.json()) as { delays: Record<string, number | null> };
  return timeline.delays.receiptToAcknowledgementMs != null;
}

async function settled(natsUrl: string, namespace: string): Promise<boolean> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const stream = namespace.toUpperCase().replace(/[^A-Z0-9]/g, "_");
    let count = 0;
    for await (const c of jsm.consumers.list(stream)) {
      if (c.num_pending > 0 || c.num_ack_pending > 0) return false;
      count += 1;
    }
    return count >= 3;
  } finally {
    await nc.close();
  }
}

describe("backup and restore (deploy/backup)", () => {
  let mail: MailCatcher;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    cleanups.push(() => mail.stop());
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("restores every request and every stream message into a fresh database and NATS server", async () => {
    const adminUrl = inject("postgresAdminUrl");
    const natsUrl = inject("natsUrl");
    const namespace = uniqueNamespace();
    const original: TestDatabase = await createTestDatabase(adminUrl);
    cleanups.push(() => original.drop());
    const dir = mkdtempSync(path.join(tmpdir(), "guichet-backup-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

    // 1. Real traffic through the platform, until every request is acknowledged and projected.
    let platform = await startPlatform({ databaseUrl: original.url, natsUrl, namespace, smtpUrl: mail.smtpUrl });
    const submitted: string[] = [];
    for (let i = 0; i < requestCount; i += 1) {
      const { status, body } = await submit(platform, {
        ...citizenRequest,
        citizen: { ...citizenRequest.citizen, email: `citoyen${i}@example.org` },
      });
      expect(status).toBe(201);
      submitted.push(body.reference);
    }
    await waitFor(async () => (await Promise.all(submitted.map((r) => acknowledged(platform, r)))).every(Boolean), {
      what: "every request acknowledged and projected",
      timeoutMs: 30_000,
    });
    await waitFor(() => settled(natsUrl, namespace), { what: "consumers settled", timeoutMs: 15_000 });
    const mailsBefore = mail.messages().filter((m) => submitted.some((r) => m.subject.includes(r))).length;
    expect(mailsBefore).toBe(2 * requestCount); // registration receipt + acknowledgement each
    const before = await streamContents(natsUrl, namespace);
    expect(before.length).toBeGreaterThanOrEqual(4 * requestCount);

    // 2. Backup, online, with the script operators run.
    const env = { ...process.env, GUICHET_NAMESPACE: namespace };
    await run("bash", [`${backupDir}backup.sh`, dir], {
      env: { ...env, DATABASE_URL: original.url, NATS_URL: natsUrl },
    });
    await platform.close();
    expect(readFileSync(path.join(dir, "MANIFEST"), "utf8")).toMatch(
      /schemas=.*intake.*notification.*reporting.*routing/,
    );

    // 3. Disaster: a fresh database and a fresh NATS server with an empty store.
    const fresh = await createTestDatabase(adminUrl);
    cleanups.push(() => fresh.drop());
    const freshNats: NatsServerProcess = await startNatsServer();
    cleanups.push(() => freshNats.stop());
    expect(await streamContents(freshNats.url, namespace).catch(() => [])).toEqual([]);
    await run("bash", [`${backupDir}restore.sh`, dir], {
      env: { ...env, DATABASE_URL: fresh.url, NATS_URL: freshNats.url },
    });
    // A second restore over the restored data is refused rather than merged.
    await expect(
      run("bash", [`${backupDir}restore.sh`, dir], {
        env: { ...env, DATABASE_URL: fresh.url, NATS_URL: freshNats.url },
      }),
    ).rejects.toThrow(/not empty/);

    // 4. Every request is back, every stream message too, in order.
    expect(await references(fresh.url)).toEqual([...submitted].sort());
    expect(await streamContents(freshNats.url, namespace)).toEqual(before);

    // 5. The platform runs on the restored data: timelines are there, the redelivered stream sends
    //    no acknowledgement twice, and new requests continue the reference sequence.
    platform = await startPlatform({
      databaseUrl: fresh.url,
      natsUrl: freshNats.url,
      namespace,
      smtpUrl: mail.smtpUrl,
    });
    cleanups.push(() => platform.close());
    for (const reference of submitted) expect(await acknowledged(platform, reference)).toBe(true);
    await waitFor(() => settled(freshNats.url, namespace), { what: "restored consumers settled", timeoutMs: 20_000 });
    const { body } = await submit(platform, {
      ...citizenRequest,
      citizen: { ...citizenRequest.citizen, email: "apres@example.org" },
    });
    expect(submitted).not.toContain(body.reference);
    await waitFor(() => acknowledged(platform, body.reference), {
      what: "new request acknowledged",
      timeoutMs: 20_000,
    });
    expect(mail.messages().filter((m) => submitted.some((r) => m.subject.includes(r)))).toHaveLength(mailsBefore);
  });
});
