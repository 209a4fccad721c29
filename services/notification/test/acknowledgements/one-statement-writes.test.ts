import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { test, waitFor } from "@guichet/testing";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ReceiptRepository } from "../../src/acknowledgements/receipt.repository.ts";
import type { MailSender, OutgoingMail } from "../../src/delivery/mail-sender.ts";
import { startNotification } from "../../src/notification.app.ts";
import {
  bootNotification,
  receivedEvent,
  routedEvent,
  TestPublisher,
  testConfig,
} from "../support/notification.harness.ts";

let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
});
afterAll(() => mail?.stop());

/** While notification.inject_failure has a row, every message insert fails (counted by a sequence). */
async function injectMessageFailures(pool: pg.Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE notification.inject_failure (on_ boolean);
    CREATE SEQUENCE notification.injected_failures;
    CREATE FUNCTION notification.fail_message_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM notification.inject_failure) THEN
        PERFORM nextval('notification.injected_failures');
        RAISE EXCEPTION 'injected failure';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER fail_message_insert BEFORE INSERT ON notification.message
      FOR EACH ROW EXECUTE FUNCTION notification.fail_message_insert();`);
}

async function one<T>(pool: pg.Pool, sql: string, values: unknown[] = []): Promise<T> {
  const { rows } = await pool.query(sql, values);
  return rows[0] as T;
}

const failures = (pool: pg.Pool) =>
  one<{ n: number }>(
    pool,
    "SELECT CASE WHEN is_called THEN last_value ELSE 0 END::int AS n FROM notification.injected_failures",
  ).then((row) => row.n);

/** The writes of one request, as counts (and the service in charge, set by request.routed). */
async function written(pool: pg.Pool, requestId: string, eventIds: string[]) {
  return one<{ recipients: number; handling: unknown; messages: number; claims: number }>(
    pool,
    `SELECT (SELECT count(*)::int FROM notification.recipient WHERE request_id = $1) AS recipients,
            (SELECT handling FROM notification.recipient WHERE request_id = $1) AS handling,
            (SELECT count(*)::int FROM notification.message WHERE request_id = $1) AS messages,
            (SELECT count(*)::int FROM notification.processed_event WHERE event_id = ANY($2)) AS claims`,
    [requestId, eventIds],
  );
}

describe("receipt handlers in one statement", () => {
  test("a statement that fails part-way writes nothing; redelivered, it writes everything once", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    mail.clear();
    const service = await bootNotification({ databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl });
    const pool = service.infrastructure.pool;
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    try {
      await injectMessageFailures(pool);
      const received = receivedEvent();
      const subjectOf = (word: string) => (m: { subject: string }) =>
        m.subject.includes(received.reference) && m.subject.includes(word);

      // request.received: the message insert (last write of the statement) fails.
      await pool.query("INSERT INTO notification.inject_failure VALUES (true)");
      const first = await publisher.publish("requestReceived", received);
      await waitFor(async () => (await failures(pool)) >= 1 || undefined, { what: "a failed request.received" });
      expect(await written(pool, received.requestId, [first.id])).toEqual({
        recipients: 0,
        handling: null,
        messages: 0,
        claims: 0,
      });
      await pool.query("DELETE FROM notification.inject_failure");
      await mail.waitForMessages(subjectOf("enregistrement"), { count: 1, timeoutMs: 30_000 });

      // request.routed: the recipient update and the inbox claim roll back with the failed insert.
      await pool.query("INSERT INTO notification.inject_failure VALUES (true)");
      const routed = await publisher.publish("requestRouted", routedEvent(received, "svr"));
      await waitFor(async () => (await failures(pool)) >= 2 || undefined, { what: "a failed request.routed" });
      expect(await written(pool, received.requestId, [first.id, routed.id])).toMatchObject({
        recipients: 1,
        handling: null,
        messages: 1,
        claims: 1,
      });
      await pool.query("DELETE FROM notification.inject_failure");
      await mail.waitForMessages(subjectOf("réception"), { count: 1, timeoutMs: 30_000 });

      await service.dispatcher.dispatchDue();
      const after = await written(pool, received.requestId, [first.id, routed.id]);
      expect(after).toMatchObject({ recipients: 1, messages: 2, claims: 2 });
      expect(after.handling).not.toBeNull();
      expect(mail.messages().filter(subjectOf("enregistrement"))).toHaveLength(1);
      expect(mail.messages().filter(subjectOf("réception"))).toHaveLength(1);
    } finally {
      await publisher.close();
      await service.close();
    }
  });

  test("a plan made from a triage status that changed before the write writes nothing", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    const service = await bootNotification({ databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl });
    const pool = service.infrastructure.pool;
    try {
      const repository = new ReceiptRepository(pool, service.infrastructure.inbox, service.infrastructure.outbox);
      const received = receivedEvent();
      const nothing = { messages: [], events: [] };
      expect(await repository.apply({ eventId: "received-1", recipient: received, ...nothing })).toEqual({
        claimed: true,
        queued: false,
        stale: false,
      });
      const routedAt = new Date("2026-03-02T10:00:00Z");
      const routed = (eventId: string, expectedTriageStatus: string | null) => ({
        eventId,
        routed: { requestId: received.requestId, handling: { x: 1 }, routedAt, expectedTriageStatus },
        ...nothing,
      });
      // Read as "never in triage", but the request entered triage meanwhile (and was acknowledged).
      await pool.query(
        `INSERT INTO notification.triage_deadline (request_id, reference, triage_service_id, catalog_version,
           queued_at, deadline, due_at, status, causation_event_id, correlation_id)
         VALUES ($1, $2, 'accueil', 1, now(), now(), now(), 'acknowledged', 'e', 'c')`,
        [received.requestId, received.reference],
      );
      expect(await repository.apply(routed("routed-1", null))).toMatchObject({ claimed: false, stale: true });
      // Read as "waiting", but the scheduler acknowledged meanwhile.
      expect(await repository.apply(routed("routed-1", "waiting"))).toMatchObject({ claimed: false, stale: true });
      expect(await written(pool, received.requestId, ["routed-1"])).toMatchObject({ handling: null, claims: 0 });
      const untouched = await one<{ routed_at: Date | null }>(
        pool,
        "SELECT routed_at FROM notification.triage_deadline WHERE request_id = $1",
        [received.requestId],
      );
      expect(untouched.routed_at).toBeNull();

      // Made again from the current status: written, the deadline keeps 'acknowledged'.
      expect(await repository.apply(routed("routed-1", "acknowledged"))).toMatchObject({ claimed: true, stale: false });
      // Redelivered: nothing more, and not stale (no new plan is attempted).
      expect(await repository.apply(routed("routed-1", "acknowledged"))).toMatchObject({
        claimed: false,
        stale: false,
      });
      const deadline = await one<{ status: string; routed_at: Date | null }>(
        pool,
        "SELECT status, routed_at FROM notification.triage_deadline WHERE request_id = $1",
        [received.requestId],
      );
      expect(deadline).toEqual({ status: "acknowledged", routed_at: routedAt });
      expect(await written(pool, received.requestId, ["routed-1"])).toMatchObject({ handling: { x: 1 }, claims: 1 });
    } finally {
      await service.close();
    }
  });
});

describe("the dispatcher's chained transactions", () => {
  test("accepted by the provider, commit cut: recorded as sent once PostgreSQL answers, never re-sent", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    const sent: OutgoingMail[] = [];
    let pool: pg.Pool | undefined;
    let cut = 0;
    const sender: MailSender = {
      async send(outgoing) {
        sent.push(outgoing);
        if (sent.length > 1 || !pool) return;
        // The sending worker's transaction locked rows of the table (FOR UPDATE): cut its connection
        // before the commit (with any other worker's claim in flight, which is harmless).
        const { rowCount } = await pool.query(
          `SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
            WHERE c.relname = 'message' AND l.mode = 'RowShareLock' AND l.pid <> pg_backend_pid()`,
        );
        cut = rowCount ?? 0;
      },
      close() {},
    };
    const options = { databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl };
    const service = await startNotification(testConfig(options), { sender });
    pool = service.infrastructure.pool;
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    try {
      const received = receivedEvent();
      await publisher.publish("requestReceived", received);
      await waitFor(
        async () => {
          const row = await one<{ status: string } | undefined>(
            service.infrastructure.pool,
            "SELECT status FROM notification.message WHERE request_id = $1",
            [received.requestId],
          );
          return row?.status === "sent" || undefined;
        },
        { what: "the registration recorded as sent" },
      );
      await service.dispatcher.dispatchDue();
      expect(cut).toBeGreaterThanOrEqual(1);
      expect(sent).toHaveLength(1);
      const events = await one<{ n: number }>(
        service.infrastructure.pool,
        `SELECT count(*)::int AS n FROM notification.outbox
          WHERE type = 'acknowledgement.sent' AND envelope->'data'->>'requestId' = $1`,
        [received.requestId],
      );
      expect(events.n).toBe(1);
    } finally {
      await publisher.close();
      await service.close();
    }
  });
});
