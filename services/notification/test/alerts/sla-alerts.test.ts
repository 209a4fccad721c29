import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { test, waitFor } from "@guichet/testing";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { DEFAULT_TRIAGE_CONFIG } from "../../src/config.ts";
import {
  bootNotification,
  outboxEvents,
  plain,
  receivedEvent,
  routedEvent,
  TestPublisher,
} from "../support/notification.harness.ts";

let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
});
afterAll(() => mail?.stop());

describe("SLA alerts e-mailed to the service in charge", () => {
  test("once per alert, internal French text in Paris time, no citizen data, stored as kind alert", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    mail.clear();
    const service = await bootNotification(
      { databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl },
      {
        triage: {
          ...DEFAULT_TRIAGE_CONFIG,
          service: { ...DEFAULT_TRIAGE_CONFIG.service, email: "accueil@mairie.loire-authion.example" },
        },
      },
    );
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    try {
      const received = receivedEvent();
      const routed = routedEvent(received, "svr");
      const serviceEmail = routed.handling.service.email ?? "missing";
      await publisher.publish("requestReceived", received);
      await publisher.publish("requestRouted", routed);
      const alert = {
        requestId: received.requestId,
        reference: received.reference,
        serviceId: routed.serviceId,
        measure: "first-response" as const,
        level: "breached" as const,
        deadline: "2026-12-01T16:30:00.000Z",
        raisedAt: "2026-12-01T16:45:00.000Z",
      };
      const first = await publisher.publish("slaAlert", alert);
      // Redelivered, and raised again by reporting under a new event id: still one e-mail.
      await publisher.messaging.publish({ ...first });
      await publisher.publish("slaAlert", { ...alert, raisedAt: "2026-12-01T17:00:00.000Z" });
      await publisher.publish("slaAlert", { ...alert, level: "nearing", raisedAt: "2026-12-01T15:30:00.000Z" });
      // A request still in triage: the reception service is alerted.
      const triaged = receivedEvent();
      await publisher.publish("requestReceived", triaged);
      await publisher.publish("slaAlert", {
        ...alert,
        requestId: triaged.requestId,
        reference: triaged.reference,
        serviceId: "accueil",
        measure: "acknowledgement",
      });

      const isAlert = (m: { subject: string }) => m.subject.startsWith("[Guichet] Alerte délai");
      const alerts = await mail.waitForMessages(isAlert, { count: 3, timeoutMs: 20_000 });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await service.dispatcher.dispatchDue();
      const forRequest = mail.messages().filter((m) => isAlert(m) && m.subject.includes(received.reference));
      expect(forRequest).toHaveLength(2);
      const breached = forRequest.find((m) => m.subject.includes("échéance dépassée"));
      expect(breached?.subject).toBe(
        `[Guichet] Alerte délai (échéance dépassée) : demande ${received.reference} — première réponse`,
      );
      expect(breached?.to).toEqual([serviceEmail]);
      const text = plain(breached?.text ?? "");
      expect(text).toContain("Délai suivi : première réponse");
      expect(text).toContain("Niveau : échéance dépassée");
      // 16:30 UTC on 1 December is 17:30 in Paris (UTC+1).
      expect(text).toContain("Échéance : mardi 1er décembre 2026 à 17 h 30 (heure de Paris)");
      expect(text).toContain(`Service : ${routed.handling.service.name}`);
      for (const m of alerts) {
        const all = `${m.subject}\n${m.text}`;
        expect(all).not.toContain(received.citizen.name ?? "missing");
        expect(all).not.toContain(received.citizen.email ?? "missing");
        expect(all).not.toContain(received.body.slice(0, 30));
      }
      const reception = mail.messages().filter((m) => isAlert(m) && m.subject.includes(triaged.reference));
      expect(reception).toHaveLength(1);
      expect(reception[0]?.to).toEqual(["accueil@mairie.loire-authion.example"]);
      expect(plain(reception[0]?.text ?? "")).toContain("Délai suivi : accusé de réception");
      // Never to the citizen.
      expect(mail.messages().filter((m) => isAlert(m) && m.to.includes(received.citizen.email ?? ""))).toEqual([]);

      const stored = await service.infrastructure.pool.query<{ kind: string; status: string; channel: string }>(
        "SELECT kind, status, channel FROM notification.message WHERE request_id = $1 AND kind = 'alert'",
        [received.requestId],
      );
      expect(stored.rows).toEqual([
        { kind: "alert", status: "sent", channel: "email" },
        { kind: "alert", status: "sent", channel: "email" },
      ]);
      await waitFor(
        async () => {
          const events = await outboxEvents(service.infrastructure.pool);
          const sent = events.filter((e) => e.type === "message.sent" && e.data.kind === "alert");
          return sent.length === 3 ? sent : undefined;
        },
        { what: "three message.sent (alert) events" },
      );
    } finally {
      await publisher.close();
      await service.close();
    }
  });
});
