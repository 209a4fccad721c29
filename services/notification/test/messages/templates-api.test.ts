import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { test } from "@guichet/testing";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { bootNotification, receivedEvent, staffHeaders, TestPublisher } from "../support/notification.harness.ts";

let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
});
afterAll(() => mail?.stop());

describe("the town's wording, edited through /api/templates", () => {
  test("refuses unknown keys and placeholders by name, previews and applies a valid override", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    mail.clear();
    const service = await bootNotification({ databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl });
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    const admin = { ...staffHeaders(["admin"]), "content-type": "application/json" };
    const put = (body: unknown, headers: Record<string, string> = admin) =>
      fetch(`${service.url}/api/templates`, { method: "PUT", headers, body: JSON.stringify(body) });
    try {
      expect((await fetch(`${service.url}/api/templates`)).status).toBe(401);
      expect((await fetch(`${service.url}/api/templates`, { headers: staffHeaders(["agent"]) })).status).toBe(403);
      const list = (await (await fetch(`${service.url}/api/templates`, { headers: admin })).json()) as {
        templates: { key: string; placeholders: string[]; defaults: { fr: string } }[];
      };
      expect(list.templates.find((t) => t.key === "sms.rerouted")?.placeholders).toContain("servicePhone");

      const refused = await put({ fr: { "ack.nope": "x", "common.greeting": "Bonjour {{prenom}}," } });
      expect(refused.status).toBe(400);
      const problems = ((await refused.json()) as { problems: { field: string; message: string }[] }).problems;
      expect(problems.map((p) => p.field).sort()).toEqual(["fr.ack.nope", "fr.common.greeting"]);
      expect(problems.find((p) => p.field === "fr.common.greeting")?.message).toContain("{{prenom}}");

      const closing = "Bien cordialement, l'équipe de la mairie.";
      expect((await put({ fr: { "common.closing": closing } })).status).toBe(200);
      const preview = await fetch(`${service.url}/api/templates/preview?kind=status.closed&channel=email&lang=fr`, {
        headers: admin,
      });
      expect(preview.status).toBe(200);
      expect(((await preview.json()) as { text: string }).text).toContain("Bien cordialement, l’équipe de la mairie.");
      const sms = await fetch(`${service.url}/api/templates/preview?kind=status.rerouted&channel=sms&lang=fr`, {
        headers: admin,
      });
      expect(await sms.json()).toMatchObject({ encoding: "GSM-7", segments: 1 });
      const letter = await fetch(`${service.url}/api/templates/preview?kind=acknowledgement.svr&channel=letter`, {
        headers: admin,
      });
      expect(letter.headers.get("content-type")).toBe("application/pdf");
      expect((await fetch(`${service.url}/api/templates/preview?kind=bogus`, { headers: admin })).status).toBe(400);

      // The next real message uses the town's wording.
      const received = receivedEvent();
      await publisher.publish("requestReceived", received);
      const [receipt] = await mail.waitForMessages((m) => m.subject.includes(received.reference));
      expect(receipt?.text).toContain("Bien cordialement, l’équipe de la mairie.");
    } finally {
      await publisher.close();
      await service.close();
    }
  });
});
