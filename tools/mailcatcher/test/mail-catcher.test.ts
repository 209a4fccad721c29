import { createTransport, type Transporter } from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CaughtMessage, type CaughtMessageSummary, type MailCatcher, startMailCatcher } from "../src/index.ts";

const SUBJECT = "Accusé de réception — demande LA-2026-000123";
const RECEIPT = "Récépissé LA-2026-000123";

describe("mail catcher", () => {
  let catcher: MailCatcher;
  let transport: Transporter;

  beforeAll(async () => {
    catcher = await startMailCatcher();
    transport = createTransport({ url: catcher.smtpUrl });
  });
  afterAll(async () => {
    transport.close();
    await catcher.stop();
  });
  beforeEach(() => catcher.clear());

  async function sendAcknowledgement(to = "jeanne.martin@example.fr"): Promise<void> {
    await transport.sendMail({
      from: '"Mairie de Loire-Authion" <ne-pas-repondre@loire-authion.fr>',
      to,
      bcc: "archives@loire-authion.fr",
      subject: SUBJECT,
      messageId: "<ack-LA-2026-000123@loire-authion.fr>",
      inReplyTo: "<demande-123@example.fr>",
      references: ["<demande-123@example.fr>"],
      text: "Bonjour,\nNous avons bien reçu votre demande LA-2026-000123.",
      html: "<p>Bonjour,</p><p>Nous avons bien reçu votre demande <strong>LA-2026-000123</strong>.</p>",
      attachments: [{ filename: "récépissé.txt", content: RECEIPT, contentType: "text/plain" }],
    });
  }

  it("catches a real SMTP delivery and serves it back over HTTP", async () => {
    await sendAcknowledgement();
    const [caught] = await catcher.waitForMessages((message) => message.subject === SUBJECT, { timeoutMs: 5_000 });

    const list = (await (await fetch(`${catcher.httpUrl}/api/messages`)).json()) as CaughtMessageSummary[];
    expect(list).toHaveLength(1);
    expect(list[0]).not.toHaveProperty("raw");
    expect(list[0]).toMatchObject({
      id: caught?.id,
      subject: SUBJECT,
      from: "ne-pas-repondre@loire-authion.fr",
      to: ["jeanne.martin@example.fr"],
      envelope: {
        from: "ne-pas-repondre@loire-authion.fr",
        to: ["jeanne.martin@example.fr", "archives@loire-authion.fr"],
      },
      messageId: "<ack-LA-2026-000123@loire-authion.fr>",
      inReplyTo: "<demande-123@example.fr>",
      references: ["<demande-123@example.fr>"],
      attachments: [{ filename: "récépissé.txt", contentType: "text/plain", size: Buffer.byteLength(RECEIPT) }],
    });
    expect(list[0]?.text).toContain("Nous avons bien reçu votre demande LA-2026-000123.");
    expect(list[0]?.html).toContain("<strong>LA-2026-000123</strong>");
    expect(list[0]?.headers.subject).toBe(SUBJECT);

    const full = (await (await fetch(`${catcher.httpUrl}/api/messages/${caught?.id}`)).json()) as CaughtMessage;
    expect(full.raw).toContain("Message-ID: <ack-LA-2026-000123@loire-authion.fr>");

    const raw = await fetch(`${catcher.httpUrl}/api/messages/${caught?.id}/raw`);
    expect(raw.headers.get("content-type")).toBe("message/rfc822");
    expect(await raw.text()).toBe(full.raw);
  });

  it("filters the list by recipient and returns newest first", async () => {
    await sendAcknowledgement("premier@example.fr");
    await sendAcknowledgement("second@example.fr");
    await catcher.waitForMessages(() => true, { count: 2, timeoutMs: 5_000 });

    const all = (await (await fetch(`${catcher.httpUrl}/api/messages`)).json()) as CaughtMessageSummary[];
    expect(all.map((message) => message.to[0])).toEqual(["second@example.fr", "premier@example.fr"]);
    const filtered = (await (
      await fetch(`${catcher.httpUrl}/api/messages?to=${encodeURIComponent("Premier@example.fr")}`)
    ).json()) as CaughtMessageSummary[];
    expect(filtered.map((message) => message.to[0])).toEqual(["premier@example.fr"]);
  });

  it("shows French pages with the text part escaped", async () => {
    await sendAcknowledgement();
    const [caught] = await catcher.waitForMessages(() => true, { timeoutMs: 5_000 });

    const index = await fetch(`${catcher.httpUrl}/`);
    expect(index.headers.get("content-type")).toContain("text/html");
    const indexHtml = await index.text();
    expect(indexHtml).toContain('<html lang="fr">');
    expect(indexHtml).toContain(`href="/messages/${caught?.id}"`);

    const pageHtml = await (await fetch(`${catcher.httpUrl}/messages/${caught?.id}`)).text();
    expect(pageHtml).toContain(`<h1>${SUBJECT}</h1>`);
    expect(pageHtml).toContain("Nous avons bien reçu votre demande LA-2026-000123.");
    expect(pageHtml).not.toContain("<strong>LA-2026-000123</strong>");
    expect(pageHtml).toContain("&lt;strong&gt;LA-2026-000123&lt;/strong&gt;");
  });

  it("clears messages through DELETE /api/messages and answers health checks", async () => {
    await sendAcknowledgement();
    await catcher.waitForMessages(() => true, { timeoutMs: 5_000 });
    const deleted = await fetch(`${catcher.httpUrl}/api/messages`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(catcher.messages()).toEqual([]);
    expect(await (await fetch(`${catcher.httpUrl}/healthz`)).json()).toEqual({ status: "ok" });
    expect((await fetch(`${catcher.httpUrl}/api/messages/unknown`)).status).toBe(404);
  });

  it("times out waiting for a message that never comes", async () => {
    await expect(
      catcher.waitForMessages((message) => message.subject === "jamais", { timeoutMs: 100 }),
    ).rejects.toThrow(/Timed out after 100 ms/);
  });
});

describe("mail catcher storage bound", () => {
  it("keeps only the last maxMessages messages", async () => {
    const catcher = await startMailCatcher({ maxMessages: 2 });
    const transport = createTransport({ url: catcher.smtpUrl });
    try {
      for (const n of [1, 2, 3]) {
        await transport.sendMail({ from: "a@example.fr", to: "b@example.fr", subject: `n°${n}`, text: "." });
      }
      expect(catcher.messages().map((message) => message.subject)).toEqual(["n°2", "n°3"]);
    } finally {
      transport.close();
      await catcher.stop();
    }
  });
});
