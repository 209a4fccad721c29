import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { test, waitFor } from "@guichet/testing";
import { afterAll, beforeAll, describe, expect } from "vitest";
import {
  bootNotification,
  outboxEvents,
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

describe("viewing a request's messages is audited", () => {
  test("audit.recorded (view) through the outbox for each allowed view, none for a refused one, no personal data", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    const service = await bootNotification({ databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl });
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    const pool = service.infrastructure.pool;
    const audits = async () => (await outboxEvents(pool)).filter((e) => e.type === "audit.recorded");
    try {
      const received = receivedEvent();
      const routed = routedEvent(received, "sva");
      await publisher.publish("requestReceived", received);
      await publisher.publish("requestRouted", routed);
      await waitFor(
        async () => {
          const result = await pool.query(
            "SELECT 1 FROM notification.message WHERE request_id = $1 AND kind = 'acknowledgement'",
            [received.requestId],
          );
          return result.rowCount === 1 ? true : undefined;
        },
        { what: "the acknowledgement stored" },
      );
      const url = `${service.url}/api/requests/${received.requestId}/messages`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: staffHeaders(["agent"], ["voirie"]) })).status).toBe(403);
      expect(await audits()).toEqual([]);

      const response = await fetch(url, { headers: staffHeaders(["agent"], [routed.serviceId]) });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { messages: { text: string }[] };
      expect(body.messages.length).toBeGreaterThan(0);

      const recorded = await audits();
      expect(recorded).toHaveLength(1);
      expect(recorded[0]?.data).toMatchObject({
        staffId: "staff-agent",
        action: "view",
        resource: "request",
        requestId: received.requestId,
        reference: received.reference,
        service: "notification",
      });
      const serialized = JSON.stringify(recorded[0]);
      expect(serialized).not.toContain(received.citizen.email ?? "missing");
      expect(serialized).not.toContain(received.citizen.name ?? "missing");

      // Each view is a new record.
      expect((await fetch(url, { headers: staffHeaders(["manager"]) })).status).toBe(200);
      const again = await audits();
      expect(again).toHaveLength(2);
      expect(again[1]?.data.staffId).toBe("staff-manager");
    } finally {
      await publisher.close();
      await service.close();
    }
  });
});
