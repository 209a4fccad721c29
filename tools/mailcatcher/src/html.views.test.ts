import { describe, expect, it } from "vitest";
import { renderMessage, renderMessageList } from "./html.views.ts";
import type { CaughtMessageSummary } from "./mail-catcher.types.ts";

const hostile: CaughtMessageSummary = {
  id: "a1",
  receivedAt: "2026-03-29T01:30:00.000Z",
  envelope: { from: "x@example.fr", to: ["agent@loire-authion.fr"] },
  from: "x@example.fr",
  to: ["agent@loire-authion.fr"],
  subject: "<script>alert(1)</script>",
  messageId: null,
  inReplyTo: null,
  references: [],
  headers: { "x-test": '"><img src=x onerror=alert(1)>' },
  text: "Bonjour <b>&</b>",
  html: "<p onclick='steal()'>HTML</p>",
  attachments: [{ filename: "<pj>.pdf", contentType: "application/pdf", size: 12 }],
};

describe("html views", () => {
  it("escapes everything taken from the mail, HTML part included", () => {
    const html = renderMessage(hostile);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<p onclick");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("Bonjour &lt;b&gt;&amp;&lt;/b&gt;");
  });

  it("renders an accessible French list with caption, scoped headers and Paris time", () => {
    const html = renderMessageList([hostile]);
    expect(html).toContain('<html lang="fr">');
    expect(html).toMatch(/<h1>[^<]+<\/h1>/);
    expect(html).toContain("<caption>");
    expect(html).toContain('<th scope="col">Objet</th>');
    expect(html).toContain('href="/messages/a1"');
    // 01:30 UTC on the spring DST day is 03:30 in Paris.
    expect(html).toContain("03:30:00");
  });
});
