import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { test, waitFor } from "@guichet/testing";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { startNotification } from "../../src/notification.app.ts";
import { type FakeOvhSms, startFakeOvhSms } from "../support/fake-ovh-sms.server.ts";
import {
  bootNotification,
  outboxEvents,
  receivedEvent,
  routedEvent,
  staffHeaders,
  TestPublisher,
  testConfig,
} from "../support/notification.harness.ts";

let mail: MailCatcher;
let ovh: FakeOvhSms;
const credentials = { applicationKey: "ak-test", applicationSecret: "as-test-secret", consumerKey: "ck-test" };
beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  ovh = await startFakeOvhSms(credentials);
});
afterAll(async () => {
  await mail?.stop();
  await ovh?.close();
});

/** The SMS settings of these tests: OVHcloud's API, served by the local fake. */
const ovhSms = () =>
  ({
    provider: "ovh",
    endpoint: ovh.endpoint,
    serviceName: "sms-la12345-1",
    sender: "Mairie",
    ...credentials,
  }) as const;

async function rows(
  pool: { query: (sql: string, values?: unknown[]) => Promise<{ rows: unknown[] }> },
  requestId: string,
) {
  const result = await pool.query(
    "SELECT kind, channel, status, text_body, next_attempt_at, fallback_of, bounce_status FROM notification.message WHERE request_id = $1 ORDER BY created_at",
    [requestId],
  );
  return result.rows as {
    kind: string;
    channel: string;
    status: string;
    text_body: string;
    next_attempt_at: Date;
    fallback_of: string | null;
    bounce_status: string | null;
  }[];
}

/**
 * The clocks of these tests, a year ahead: new messages are stamped with the database's now(), so a
 * test clock in the past would never find them due. The first week of December: CET (UTC+1), no
 * public holiday.
 */
const YEAR = new Date().getUTCFullYear() + 1;
const decemberDay = (weekday: number) => 1 + ((weekday - new Date(Date.UTC(YEAR, 11, 1)).getUTCDay() + 7) % 7);
const SATURDAY = decemberDay(6);
const MONDAY = SATURDAY + 2;
const TUESDAY = decemberDay(2);
const at = (day: number, time: string) => new Date(`${YEAR}-12-${String(day).padStart(2, "0")}T${time}Z`);

describe("SMS through OVHcloud's API (local fake), never at night", () => {
  test("defers a Saturday-night SMS to Monday 08:00 and sends it GSM-7 safe", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    let clock = at(SATURDAY, "20:30:00"); // Saturday 21:30 in Paris
    const options = { databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl };
    const service = await startNotification(
      testConfig(options, {
        sms: {
          provider: "ovh",
          endpoint: ovh.endpoint,
          serviceName: "sms-la12345-1",
          sender: "LoireAuthio",
          ...credentials,
        },
      }),
      { now: () => clock },
    );
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    try {
      const received = receivedEvent({
        receivedAt: at(SATURDAY, "20:25:00").toISOString(),
        citizen: { name: "Léa Bœuf", email: null, phone: "+33612345678", postalAddress: null, preferredChannel: "sms" },
      });
      await publisher.publish("requestReceived", received);
      await publisher.publish("requestRouted", routedEvent(received, "sva"));
      const queued = await waitFor(async () => {
        const r = await rows(service.infrastructure.pool, received.requestId);
        return r.length === 2 ? r : undefined;
      });
      expect(queued.map((r) => [r.kind, r.channel])).toEqual([
        ["registration", "sms"],
        ["acknowledgement", "sms"],
      ]);
      await service.dispatcher.dispatchDue();
      const deferred = await rows(service.infrastructure.pool, received.requestId);
      expect(deferred.every((r) => r.status === "pending")).toBe(true);
      // Sunday is quiet too: Monday, 08:00 Paris = 07:00Z.
      const monday8 = at(MONDAY, "07:00:00").toISOString();
      expect(deferred.map((r) => r.next_attempt_at.toISOString())).toEqual([monday8, monday8]);
      expect(ovh.jobs).toHaveLength(0);

      clock = at(MONDAY, "07:00:30");
      await service.dispatcher.dispatchDue();
      const sent = ovh.jobs.filter((j) => j.message.includes(received.reference));
      expect(sent).toHaveLength(2);
      expect(ovh.rejected).toBe(0);
      for (const job of sent) {
        expect(job.receivers).toEqual(["+33612345678"]);
        expect(job.sender).toBe("LoireAuthio");
        expect(job.serviceName).toBe("sms-la12345-1");
        // GSM-7 only: no narrow no-break space, curly apostrophe or ç.
        expect(job.message).toMatch(/^[\n\r !"#$%&'()*+,\-./0-9:;<=>?@A-Z_a-zÀ-ÿ£¥§¿¡ΔΦΓΛΩΠΨΣΘΞ]*$/);
        expect(job.message).not.toMatch(/[\u202F\u00A0’ç]/);
        expect(job.message.length).toBeLessThanOrEqual(306);
      }
      expect(sent[0]?.message).toContain("bien reçue".replace("ç", "c"));
      // Received on the Saturday (21:25 Paris), sva P2M → the same day of February next year.
      expect(sent[1]?.message).toContain(`${String(SATURDAY).padStart(2, "0")}/02/${YEAR + 1}`);
      expect(sent[1]?.message).toContain("décision implicite d'acceptation");
      const after = await rows(service.infrastructure.pool, received.requestId);
      expect(after.every((r) => r.status === "sent")).toBe(true);
    } finally {
      await publisher.close();
      await service.close();
    }
  });
});

describe("a permanent SMS failure (invalid number) falls back to a letter", () => {
  test("registration has no paper fallback; the acknowledgement goes by post; a transfer SMS becomes a letter", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    const options = { databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl };
    const service = await startNotification(
      testConfig(options, {
        sms: {
          provider: "ovh",
          endpoint: ovh.endpoint,
          serviceName: "sms-la12345-1",
          sender: "Mairie",
          ...credentials,
        },
      }),
      { now: () => at(TUESDAY, "10:00:00") }, // a Tuesday, 11:00 in Paris
    );
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    try {
      ovh.invalidNumbers.add("+33699999999");
      const received = receivedEvent({
        citizen: {
          name: "Paul Martin",
          email: null,
          phone: "+33699999999",
          postalAddress: "5 rue de la Loire, 49800 Loire-Authion",
          preferredChannel: "sms",
        },
      });
      const routed = routedEvent(received, "svr");
      await publisher.publish("requestReceived", received);
      await publisher.publish("requestRouted", routed);
      const handling = routedEvent(received, "svr").handling;
      await publisher.publish("requestTransferred", {
        requestId: received.requestId,
        reference: received.reference,
        fromServiceId: routed.serviceId,
        toServiceId: "mairie-annexe",
        subjectId: handling.subject?.id ?? null,
        reason: "Dossier suivi par la mairie déléguée",
        transferCount: 1,
        byStaffId: null,
        catalogVersion: 1,
        handling: {
          ...handling,
          service: { ...handling.service, id: "mairie-annexe", name: "Mairie déléguée d'Andard" },
        },
        transferredAt: at(TUESDAY, "09:59:00").toISOString(),
      });
      const settled = await waitFor(
        async () => {
          const r = await rows(service.infrastructure.pool, received.requestId);
          return r.length === 4 && r.every((m) => m.status !== "pending") ? r : undefined;
        },
        { what: "every message delivered or failed", timeoutMs: 20_000 },
      );
      const summary = settled.map((m) => `${m.kind}/${m.channel}/${m.status}`).sort();
      expect(summary).toEqual([
        "acknowledgement/letter/awaiting-print",
        "registration/sms/failed",
        "transfer/letter/awaiting-print",
        "transfer/sms/failed",
      ]);
      expect(settled.find((m) => m.kind === "transfer" && m.channel === "letter")?.fallback_of).not.toBeNull();
      const events = await outboxEvents(service.infrastructure.pool);
      expect(events.filter((e) => e.type.endsWith(".failed")).map((e) => [e.type, e.data.kind, e.data.reason])).toEqual(
        expect.arrayContaining([
          ["acknowledgement.failed", "registration", "sms-invalid-receiver"],
          ["message.failed", "transfer", "sms-invalid-receiver"],
        ]),
      );
    } finally {
      await publisher.close();
      await service.close();
    }
  });
});

describe("nobody to write to", () => {
  test("a decision request without any usable contact raises acknowledgement.failed on channel none", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    const service = await bootNotification({ databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl });
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    try {
      const nobody = { name: null, email: null, phone: null, postalAddress: null, preferredChannel: "none" as const };
      const received = receivedEvent({ channel: "counter", citizen: nobody, metadata: { answeredOnSpot: "true" } });
      const question = receivedEvent({ channel: "counter", citizen: nobody, metadata: { answeredOnSpot: "true" } });
      await publisher.publish("requestReceived", received);
      await publisher.publish("requestRouted", routedEvent(received, "svr"));
      // Answered on the spot, information only: the policy sends nothing and that is not a failure.
      await publisher.publish("requestReceived", question);
      await publisher.publish("requestRouted", routedEvent(question, "information"));
      const failures = async () =>
        (await outboxEvents(service.infrastructure.pool)).filter((e) => e.type === "acknowledgement.failed");
      // Both requests processed (the inbox holds their four events), then read the failures.
      await waitFor(
        async () => {
          const seen = await service.infrastructure.pool.query(
            "SELECT count(*)::int AS n FROM notification.processed_event",
          );
          return seen.rows[0].n === 4 || undefined;
        },
        { what: "the four events processed" },
      );
      const failed = await failures();
      expect(failed.map((e) => e.data)).toEqual([
        expect.objectContaining({
          requestId: received.requestId,
          kind: "acknowledgement",
          channel: "none",
          reason: "no-usable-contact",
          permanent: true,
        }),
      ]);
    } finally {
      await publisher.close();
      await service.close();
    }
  });
});

describe("bounce → fallback letter → the mail room's print batch", () => {
  test("an e-mail acknowledgement that bounces is printed and posted, every step recorded", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    mail.clear();
    const service = await bootNotification({ databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl });
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    try {
      const received = receivedEvent();
      const { requestId, reference } = received;
      await publisher.publish("requestReceived", received);
      await publisher.publish("requestRouted", routedEvent(received, "svr"));
      const [ack] = await mail.waitForMessages((m) => m.subject.includes(reference) && m.subject.includes("réception"));
      const messageId = (ack?.messageId ?? "").replace(/^<|>$/g, "");
      await waitFor(async () => (await rows(service.infrastructure.pool, requestId)).every((r) => r.status === "sent"));

      const bounce = { messageId, reference, status: "5.1.1", permanent: true, bouncedAt: new Date().toISOString() };
      await publisher.publish("messageBounced", bounce);
      await publisher.publish("messageBounced", bounce); // a second report of the same bounce
      const queued = await waitFor(
        async () => {
          const r = await rows(service.infrastructure.pool, requestId);
          return r.some((m) => m.channel === "letter" && m.status === "awaiting-print") ? r : undefined;
        },
        { what: "the fallback letter in the print queue" },
      );
      const email = queued.find((m) => m.kind === "acknowledgement" && m.channel === "email");
      expect(email?.status).toBe("bounced");
      expect(email?.bounce_status).toBe("5.1.1");
      expect(queued.filter((m) => m.channel === "letter")).toHaveLength(1);

      // Later messages skip the dead address: a reply goes by post as well.
      await publisher.publish("requestReplied", {
        requestId,
        reference,
        serviceId: "etat-civil",
        replyId: "0190d7a4-5b6c-7d8e-9f00-aabbccddeeff",
        body: "Votre attestation d'accueil est validée.",
        byStaffId: null,
        repliedAt: new Date().toISOString(),
      });
      await waitFor(
        async () =>
          (await rows(service.infrastructure.pool, requestId)).filter((m) => m.status === "awaiting-print").length ===
          2,
        {
          what: "the reply in the print queue",
        },
      );

      const batchUrl = `${service.url}/api/letters/batches`;
      expect((await fetch(batchUrl, { method: "POST", headers: staffHeaders(["agent"]) })).status).toBe(403);
      const response = await fetch(batchUrl, { method: "POST", headers: staffHeaders(["reception"]) });
      expect(response.status).toBe(201);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      expect(response.headers.get("x-guichet-letters")).toBe("2");
      const pdf = await PDFDocument.load(await response.arrayBuffer());
      expect(pdf.getPageCount()).toBe(Number(response.headers.get("x-guichet-pages")));
      expect((await fetch(batchUrl, { method: "POST", headers: staffHeaders(["reception"]) })).status).toBe(204);
      const again = await fetch(
        `${service.url}/api/letters/batches/${response.headers.get("x-guichet-batch-id")}.pdf`,
        {
          headers: staffHeaders(["reception"]),
        },
      );
      expect(again.status).toBe(200);

      const final = await rows(service.infrastructure.pool, requestId);
      expect(final.filter((m) => m.channel === "letter").every((m) => m.status === "sent")).toBe(true);
      const events = await outboxEvents(service.infrastructure.pool);
      const failed = events.filter((e) => e.type === "acknowledgement.failed");
      expect(failed).toHaveLength(1);
      expect(failed[0]?.data).toMatchObject({
        kind: "acknowledgement",
        channel: "email",
        permanent: true,
        reason: "bounce-5.1.1",
      });
      expect(events.filter((e) => e.type === "acknowledgement.sent").map((e) => e.data.channel)).toEqual([
        "email",
        "email",
        "letter",
      ]);
      expect(events.filter((e) => e.type === "message.sent").map((e) => e.data.channel)).toEqual(["letter"]);

      const listed = await fetch(`${service.url}/api/requests/${requestId}/messages`, {
        headers: staffHeaders(["manager"]),
      });
      const body = (await listed.json()) as {
        messages: { channel: string; status: string; fallbackOf: string | null; letter: unknown }[];
      };
      const letter = body.messages.find((m) => m.channel === "letter" && m.fallbackOf);
      expect(letter?.status).toBe("sent");
      expect(letter?.letter).toMatchObject({ pages: expect.any(Number), printedAt: expect.any(String) });

      const receipt = await fetch(`${service.url}/api/requests/${requestId}/receipt.pdf`, {
        headers: staffHeaders(["reception"]),
      });
      expect(receipt.status).toBe(200);
      expect(
        Buffer.from(await receipt.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe("%PDF-");
    } finally {
      await publisher.close();
      await service.close();
    }
  });
});

describe("satisfaction survey by SMS", () => {
  test("a request closed on Saturday night is surveyed by SMS on Monday 08:00, once, with survey.invited carrying only the link's hash", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    let clock = at(SATURDAY, "21:10:00"); // Saturday 22:10 in Paris
    const service = await startNotification(
      testConfig(
        { databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl },
        {
          sms: ovhSms(),
          survey: { baseUrl: "https://guichet.loire-authion.example/satisfaction" },
        },
      ),
      { now: () => clock },
    );
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    try {
      const received = receivedEvent({
        citizen: { name: "Léa Bœuf", email: null, phone: "+33612345678", postalAddress: null, preferredChannel: "sms" },
      });
      const routed = routedEvent(received, "information");
      await publisher.publish("requestReceived", received);
      await publisher.publish("requestRouted", routed);
      await publisher.publish("requestStatusChanged", {
        requestId: received.requestId,
        reference: received.reference,
        serviceId: routed.serviceId,
        from: "in-progress",
        to: "closed",
        assigneeId: null,
        outcome: "answered",
        note: null,
        byStaffId: "agent-1",
        changedAt: clock.toISOString(),
      });
      const survey = await waitFor(async () => {
        const { rows } = await service.infrastructure.pool.query(
          "SELECT channel, status, text_body FROM notification.message WHERE request_id = $1 AND kind = 'survey'",
          [received.requestId],
        );
        return rows.length === 1 ? rows[0] : undefined;
      });
      expect(survey.channel).toBe("sms");
      const token = /\/satisfaction\/([A-Za-z0-9_-]{32})$/.exec(survey.text_body)?.[1];
      expect(token).toBeDefined();
      await service.dispatcher.dispatchDue();
      // Deferred, not attempted (the dispatcher's own loop may be the one that deferred it).
      const deferred = await waitFor(async () => {
        const { rows } = await service.infrastructure.pool.query(
          "SELECT status, next_attempt_at FROM notification.message WHERE request_id = $1 AND kind = 'survey'",
          [received.requestId],
        );
        return rows[0]?.next_attempt_at > clock ? rows[0] : undefined;
      });
      // Sunday is quiet too: Monday 08:00 Paris.
      expect(deferred).toMatchObject({ status: "pending", next_attempt_at: at(MONDAY, "07:00:00") });
      expect(ovh.jobs.filter((j) => j.message.includes("Votre avis"))).toHaveLength(0);

      clock = at(MONDAY, "07:00:30");
      await service.dispatcher.dispatchDue();
      const sent = await waitFor(async () => {
        const jobs = ovh.jobs.filter((j) => j.message.includes("Votre avis"));
        return jobs.length > 0 ? jobs : undefined;
      });
      expect(sent).toHaveLength(1);
      expect(sent[0]?.receivers).toEqual(["+33612345678"]);
      const invited = await waitFor(async () => {
        const found = (await outboxEvents(service.infrastructure.pool)).filter((e) => e.type === "survey.invited");
        return found.length === 1 ? found[0] : undefined;
      });
      expect(invited.data).toMatchObject({
        requestId: received.requestId,
        channel: "sms",
        serviceId: routed.serviceId,
      });
      expect(JSON.stringify(invited)).not.toContain(token);
      expect((invited.data as { tokenHash: string }).tokenHash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await publisher.close();
      await service.close();
    }
  });
});
