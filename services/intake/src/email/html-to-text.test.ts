import { describe, expect, it } from "vitest";
import { decodeHtmlEntities, htmlToText } from "./html-to-text.ts";

describe("htmlToText", () => {
  it("keeps paragraphs and line breaks, drops head, style and script", () => {
    const html =
      "<html><head><title>T</title><style>p{color:red}</style></head><body><p>Bonjour,</p>" +
      "<p>Ligne 1<br>Ligne 2</p><script>alert(1)</script></body></html>";
    expect(htmlToText(html)).toBe("Bonjour,\n\nLigne 1\nLigne 2");
  });

  it("renders unordered, ordered and nested lists", () => {
    const html = "<ul><li>un</li><li>deux<ol><li>a</li><li>b</li></ol></li></ul><p>fin</p>";
    expect(htmlToText(html)).toBe("- un\n- deux\n  1. a\n  2. b\n\nfin");
  });

  it("renders table rows as lines of cells separated by pipes", () => {
    const html =
      "<table><tr><th>Poste</th><th>Montant</th></tr><tr><td>Assurance</td><td>350&nbsp;&euro;</td></tr></table>";
    expect(htmlToText(html)).toBe("Poste | Montant\nAssurance | 350 €");
  });

  it("renders links as text (url), without repeating a url or address shown as text", () => {
    expect(htmlToText('Voir <a href="https://ville.example/pluie">le plan</a>.')).toBe(
      "Voir le plan (https://ville.example/pluie).",
    );
    expect(htmlToText('<a href="https://ville.example/">https://ville.example</a>')).toBe("https://ville.example");
    expect(htmlToText('<a href="mailto:a@b.example?subject=x">a@b.example</a>')).toBe("a@b.example");
    expect(htmlToText('<a href="mailto:a@b.example">écrivez-nous</a>')).toBe("écrivez-nous (a@b.example)");
    expect(htmlToText('<a href="https://x.example"><img src="logo.png"></a>Texte')).toBe("Texte");
  });

  it("prefixes blockquotes so that reply trimming sees them as quotes", () => {
    expect(
      htmlToText("<div>Merci</div><blockquote>Ancien<br>message<blockquote>plus ancien</blockquote></blockquote>"),
    ).toBe("Merci\n\n> Ancien\n> message\n>\n>> plus ancien");
  });

  it("leaves images out and keeps Outlook's MsoNormal paragraphs single-spaced", () => {
    const html = '<p class="MsoNormal">Bonjour,</p><p class="MsoNormal"><img src="cid:image001.png@01D">Merci</p>';
    expect(htmlToText(html)).toBe("Bonjour,\nMerci");
  });

  it("keeps preformatted whitespace and tolerates a stray '<'", () => {
    expect(htmlToText("<pre>a  b\n  c</pre><p>1 < 2</p>")).toBe("a  b\n  c\n\n1 < 2");
  });
});

describe("decodeHtmlEntities", () => {
  it("decodes named, decimal, hexadecimal and Windows-1252 references", () => {
    expect(decodeHtmlEntities("&eacute;t&eacute; &#8364; &#x153; &#146; &unknown; &amp;")).toBe(
      "été € œ ’ &unknown; &",
    );
  });
});
