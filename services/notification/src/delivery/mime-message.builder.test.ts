import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { buildMime, encodeHeader } from "./mime-message.builder.ts";

const message = {
  from: "Mairie de Loire-Authion <noreply@mairie.loire-authion.example>",
  to: "camille.martin@example.org",
  subject: "Accusé de réception de votre demande LA-2026-000123 — « État civil et formalités » ",
  text: "Bonjour Camille,\n\nNous avons bien reçu votre demande le 31 décembre 2026 : merci.\n".repeat(20),
  html: "<p>Bonjour Camille,</p><p>Nous avons bien reçu votre demande « LA-2026-000123 ».</p>",
  messageId: "<acknowledgement-0190d7a4@guichet.example>",
  references: ["<registration-0190d7a4@guichet.example>"],
  date: new Date("2026-12-31T15:00:00Z"),
};

describe("buildMime", () => {
  it("is read back by a real MIME parser exactly as written", async () => {
    const parsed = await simpleParser(buildMime(message));
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.text).toBe(message.text);
    expect(parsed.html).toBe(message.html);
    expect(parsed.messageId).toBe(message.messageId);
    expect(parsed.inReplyTo).toBe("<registration-0190d7a4@guichet.example>");
    expect(parsed.references).toBe("<registration-0190d7a4@guichet.example>");
    expect(parsed.from?.value).toEqual([
      { name: "Mairie de Loire-Authion", address: "noreply@mairie.loire-authion.example" },
    ]);
    expect(parsed.headers.get("auto-submitted")).toBe("auto-replied");
    expect(parsed.date?.toISOString()).toBe("2026-12-31T15:00:00.000Z");
  });

  it("keeps every line under the SMTP limit and handles a text-only message", async () => {
    const source = buildMime({ ...message, html: null, references: [] });
    expect(source.split("\r\n").every((line) => line.length <= 998)).toBe(true);
    const parsed = await simpleParser(source);
    expect(parsed.text).toBe(message.text);
    expect(parsed.html).toBe(false);
    expect(parsed.headers.has("in-reply-to")).toBe(false);
    expect(parsed.headers.has("reply-to")).toBe(false);
  });

  it("writes Reply-To only when the town sets one", async () => {
    const parsed = await simpleParser(
      buildMime({ ...message, replyTo: "Accueil de la mairie <accueil@loire-authion.example>" }),
    );
    expect(parsed.replyTo?.value).toEqual([{ name: "Accueil de la mairie", address: "accueil@loire-authion.example" }]);
  });

  it("encodes non-ASCII headers in encoded-words of at most 75 characters", () => {
    const words = encodeHeader("é".repeat(100)).split("\r\n ");
    expect(words.length).toBeGreaterThan(1);
    expect(words.every((w) => w.length <= 75 && w.startsWith("=?UTF-8?B?"))).toBe(true);
    expect(encodeHeader("Plain ASCII")).toBe("Plain ASCII");
  });
});
