import { randomUUID } from "node:crypto";
import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { test, waitFor } from "@guichet/testing";
import { afterAll, beforeAll, describe, expect } from "vitest";
import {
  bootNotification,
  outboxEvents,
  plain,
  receivedEvent,
  routedEvent,
  staffHeaders,
  TestPublisher,
} from "../support/notification.harness.ts";

let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
});
afterAll(() => mail?.stop());

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 9, minutes)).toISOString();

describe("messages after the acknowledgement, on the citizen's e-mail", () => {
  test("reply, waiting for documents, closed, transfer — stored, sent once, listed for agents", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    mail.clear();
    const service = await bootNotification({ databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl });
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    try {
      const received = receivedEvent();
      const routed = routedEvent(received, "svr");
      const { requestId, reference } = received;
      await publisher.publish("requestReceived", received);
      await publisher.publish("requestRouted", routed);
      const common = { requestId, reference, serviceId: routed.serviceId, byStaffId: "agent-1" };
      const replyId = randomUUID();
      const reply = await publisher.publish("requestReplied", {
        ...common,
        replyId,
        body: "Votre attestation est prête.\n\nVous pouvez la retirer à l'accueil.",
        repliedAt: at(1),
      });
      // An internal status change: nothing for the citizen.
      await publisher.publish("requestStatusChanged", {
        ...common,
        from: "new",
        to: "in-progress",
        assigneeId: "agent-1",
        outcome: null,
        note: null,
        changedAt: at(2),
      });
      await publisher.publish("requestStatusChanged", {
        ...common,
        from: "in-progress",
        to: "waiting-citizen",
        assigneeId: "agent-1",
        outcome: null,
        note: "- Copie d'une pièce d'identité\n- Justificatif de domicile",
        changedAt: at(3),
      });
      await publisher.publish("requestStatusChanged", {
        ...common,
        from: "waiting-citizen",
        to: "closed",
        assigneeId: "agent-1",
        outcome: "granted",
        note: null,
        changedAt: at(4),
      });
      const handling = routedEvent(received, "information").handling;
      await publisher.publish("requestTransferred", {
        requestId,
        reference,
        fromServiceId: routed.serviceId,
        toServiceId: handling.service.id,
        subjectId: handling.subject?.id ?? null,
        reason: "Relève de l'urbanisme",
        transferCount: 1,
        byStaffId: "agent-1",
        catalogVersion: 1,
        handling,
        transferredAt: at(5),
      });
      // 2 receipts, reply, waiting, closed, transfer, and a new acknowledgement: the transfer to an
      // information service changes the regime (svr → information), so R112-5 facts changed.
      const mails = await mail.waitForMessages((m) => m.subject.includes(reference), { count: 7, timeoutMs: 20_000 });
      // The same reply delivered again is not sent again.
      await publisher.messaging.publish({ ...reply, id: reply.id });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await service.dispatcher.dispatchDue();

      const bySubject = (word: string) =>
        mail.messages().filter((m) => m.subject.includes(reference) && m.subject.includes(word));
      expect(bySubject("Réponse")).toHaveLength(1);
      expect(plain(bySubject("Réponse")[0]?.text ?? "")).toContain("Votre attestation est prête.");
      const waiting = plain(bySubject("éléments")[0]?.text ?? "");
      expect(waiting).toContain("Copie d'une pièce d'identité");
      expect(waiting).toContain("Justificatif de domicile");
      // svr: the implicit decision delay is suspended (L114-5).
      expect(waiting).toContain("L. 114-5");
      const closed = plain(bySubject("close")[0]?.text ?? "");
      expect(closed).toContain("Votre demande a été acceptée.");
      const transfer = mails.find((m) => plain(m.text).includes("est désormais traitée par le service Urbanisme"));
      expect(plain(transfer?.text ?? "")).toContain("et non plus par le service État civil et formalités");
      expect(plain(transfer?.text ?? "")).toContain("urbanisme@mairie.loire-authion.example");
      expect(transfer?.references).toContain(`<acknowledgement-${requestId}@guichet.test.example>`);
      expect(mail.messages().filter((m) => m.subject.includes(reference))).toHaveLength(7);
      const acks = bySubject("Accusé de réception").map((m) => plain(m.text));
      expect(acks).toHaveLength(2);
      expect(acks[1]).toContain("Service : Urbanisme et droit des sols");
      expect(acks[1]).toContain("ne fera donc naître aucune décision implicite");

      const events = await waitFor(
        async () => {
          const all = await outboxEvents(service.infrastructure.pool);
          return all.filter((e) => e.type === "message.sent").length === 4 ? all : undefined;
        },
        { what: "four message.sent events in the outbox" },
      );
      expect(
        events
          .filter((e) => e.type === "message.sent")
          .map((e) => e.data.kind)
          .sort(),
      ).toEqual(["reply", "status", "status", "transfer"]);

      // Agents of the service now in charge see every message with its content and status.
      const url = `${service.url}/api/requests/${requestId}/messages`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: staffHeaders(["agent"], ["voirie"]) })).status).toBe(403);
      const listed = await fetch(url, { headers: staffHeaders(["agent"], ["urbanisme"]) });
      expect(listed.status).toBe(200);
      const body = (await listed.json()) as { messages: { kind: string; status: string; text: string }[] };
      expect(body.messages.map((m) => m.kind).sort()).toEqual([
        "acknowledgement",
        "acknowledgement",
        "registration",
        "reply",
        "status",
        "status",
        "transfer",
      ]);
      expect(body.messages.every((m) => m.status === "sent" && m.text.length > 50)).toBe(true);
    } finally {
      await publisher.close();
      await service.close();
    }
  });
});
