import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { test, waitFor } from "@guichet/testing";
import { afterAll, beforeAll, describe, expect } from "vitest";
import type { TriageConfig } from "../../src/config.ts";
import { startNotification } from "../../src/notification.app.ts";
import { triageAcknowledgementDue } from "../../src/triage/triage-deadline.ts";
import {
  outboxEvents,
  plain,
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

const triage: TriageConfig = {
  acknowledgementBusinessDays: 1,
  marginMinutes: 180,
  pollIntervalMs: 200,
  service: {
    name: "Accueil et orientation (standard unique)",
    email: "accueil@mairie.loire-authion.example",
    phone: "02 41 00 00 00",
    postalAddress: null,
  },
};

interface TriageRow {
  status: string;
  deadline: Date;
  due_at: Date;
  acknowledged_at: Date | null;
}

describe("acknowledgement of a request stuck in triage, never later than the target", () => {
  test("routed in time: one normal acknowledgement; past the target: acknowledged by reception, then 'désormais traitée par'", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    mail.clear();
    // The clock notification reads: real time plus a skew the test moves past the deadline.
    let skewMs = 0;
    const service = await startNotification(
      testConfig({ databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl }, { triage }),
      { now: () => new Date(Date.now() + skewMs) },
    );
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    const pool = service.infrastructure.pool;
    const rowOf = async (requestId: string) =>
      (
        await pool.query<TriageRow>(
          "SELECT status, deadline, due_at, acknowledged_at FROM notification.triage_deadline WHERE request_id = $1",
          [requestId],
        )
      ).rows[0];
    const mailsOf = (reference: string) => mail.messages().filter((m) => m.subject.includes(reference));
    try {
      const receivedAt = new Date().toISOString();
      // a: routed before the target; b: routed after it to an information subject; c: to an sva subject.
      const [a, b, c] = [receivedEvent({ receivedAt }), receivedEvent({ receivedAt }), receivedEvent({ receivedAt })];
      for (const request of [a, b, c]) {
        await publisher.publish("requestReceived", request);
        await publisher.publish("requestSentToTriage", {
          requestId: request.requestId,
          reference: request.reference,
          triageServiceId: "accueil",
          reason: "Aucune règle ne s'applique",
          catalogVersion: 3,
          queuedAt: receivedAt,
        });
      }
      const rows = await waitFor(
        async () => {
          const found = await Promise.all([a, b, c].map((r) => rowOf(r.requestId)));
          return found.every(Boolean) ? (found as TriageRow[]) : undefined;
        },
        { what: "three triage deadlines recorded", timeoutMs: 20_000 },
      );
      // The deadline is the catalogue's target in jours ouvrés after the Paris day of receipt.
      const expected = triageAcknowledgementDue(new Date(receivedAt), triage);
      for (const row of rows) {
        expect(row.status).toBe("waiting");
        expect(row.deadline.getTime()).toBe(expected.deadline.getTime());
        expect(row.due_at.getTime()).toBe(expected.dueAt.getTime());
      }
      // Before the target nothing is acknowledged.
      expect(await service.triageScheduler.acknowledgeDue()).toBe(0);

      // a is routed in time: the normal acknowledgement, naming the service in charge.
      const routedA = routedEvent(a, "svr");
      await publisher.publish("requestRouted", routedA);
      const ackA = await mail.waitForMessages(
        (m) => m.subject.includes(a.reference) && m.subject.includes("Accusé de réception"),
        { timeoutMs: 20_000 },
      );
      expect(plain(ackA[0]?.text ?? "")).toContain("État civil et formalités");
      expect((await rowOf(a.requestId))?.status).toBe("routed");

      // The clock passes b's and c's due instant: the scheduler's own loop acknowledges them.
      skewMs = expected.dueAt.getTime() - Date.now() + 60_000;
      const acks = await mail.waitForMessages(
        (m) =>
          (m.subject.includes(b.reference) || m.subject.includes(c.reference)) &&
          m.subject.includes("Accusé de réception"),
        { count: 2, timeoutMs: 20_000 },
      );
      for (const ack of acks) {
        const text = plain(ack.text);
        expect(text).toContain("Service : Accueil et orientation (standard unique)");
        expect(text).toContain("accueil@mairie.loire-authion.example");
        expect(text).toContain("02 41 00 00 00");
        expect(text).toContain("Le service vous précisera si votre demande appelle une décision administrative");
      }
      for (const request of [b, c]) {
        const row = await rowOf(request.requestId);
        expect(row?.status).toBe("acknowledged");
        // Queued on the (skewed) clock before the deadline: the target holds.
        expect(row?.acknowledged_at?.getTime()).toBeLessThan(expected.deadline.getTime());
      }
      // a, routed in time, is never acknowledged by the scheduler.
      expect(await service.triageScheduler.acknowledgeDue()).toBe(0);
      expect(mailsOf(a.reference)).toHaveLength(2);

      // Routing after the acknowledgement: "désormais traitée par …", not a second acknowledgement.
      const routedB = routedEvent(b, "information");
      const eventB = await publisher.publish("requestRouted", routedB);
      await publisher.publish("requestRouted", routedEvent(c, "sva"));
      const transfers = await mail.waitForMessages(
        (m) =>
          (m.subject.includes(b.reference) || m.subject.includes(c.reference)) &&
          plain(m.text).includes("est désormais traitée par le service"),
        { count: 2, timeoutMs: 20_000 },
      );
      const transferB = transfers.find((m) => m.subject.includes(b.reference));
      expect(plain(transferB?.text ?? "")).toContain(
        `Votre demande ${b.reference} est désormais traitée par le service ${routedB.handling.service.name}, et non plus par le service Accueil et orientation (standard unique)`,
      );
      expect(plain(transferB?.text ?? "")).toContain(routedB.handling.service.email ?? "missing");
      expect(transferB?.references).toContain(`<acknowledgement-${b.requestId}@guichet.test.example>`);
      // c asks for a decision (sva): the acknowledgement that states its implicit-decision date follows.
      const completing = await mail.waitForMessages(
        (m) =>
          m.subject.includes(c.reference) &&
          m.subject.includes("Accusé de réception") &&
          plain(m.text).includes("le silence vaut accord"),
        { timeoutMs: 20_000 },
      );
      expect(completing).toHaveLength(1);

      // A redelivered request.routed changes nothing.
      await publisher.messaging.publish({ ...eventB });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await service.dispatcher.dispatchDue();
      const count = (reference: string, word: string) =>
        mailsOf(reference).filter((m) => m.subject.includes(word) || plain(m.text).includes(word)).length;
      expect(count(b.reference, "Accusé de réception")).toBe(1);
      expect(mailsOf(b.reference)).toHaveLength(3); // registration, acknowledgement (reception), transfer
      expect(mailsOf(c.reference)).toHaveLength(4); // … and the completing acknowledgement (sva)
      expect(mailsOf(a.reference)).toHaveLength(2); // registration, acknowledgement

      const events = await outboxEvents(pool);
      const acknowledgedB = events.filter(
        (e) =>
          e.type === "acknowledgement.sent" && e.data.requestId === b.requestId && e.data.kind === "acknowledgement",
      );
      expect(acknowledgedB).toHaveLength(1);
      expect(
        events.some((e) => e.type === "message.sent" && e.data.requestId === b.requestId && e.data.kind === "transfer"),
      ).toBe(true);
    } finally {
      await publisher.close();
      await service.close();
    }
  });
});
