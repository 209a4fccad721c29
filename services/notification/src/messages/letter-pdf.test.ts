import { describe, expect, it } from "vitest";
import { composeAcknowledgement, composeRegistrationReceipt } from "./acknowledgement-content.ts";
import { renderLetterPdf } from "./letter-pdf.ts";
import { extractPdfText } from "./pdf-text.extractor.ts";
import { sampleReceived, sampleRouted } from "./preview-samples.ts";
import { loireAuthionTown } from "./test-town.fixture.ts";
import { toWinAnsi } from "./typography.util.ts";

const town = loireAuthionTown();
const NOW = { now: new Date("2027-01-04T09:00:00Z") };

describe("toWinAnsi", () => {
  it("keeps what Helvetica encodes, substitutes the rest", () => {
    expect(toWinAnsi("œ Œ ’ « » € é è à ç")).toBe("œ Œ ’ « » € é è à ç");
    expect(toWinAnsi("a\u202F: b")).toBe("a\u00A0: b");
    expect(toWinAnsi("Łódź Őrség")).toBe("Lódz Orség");
    expect(toWinAnsi("ok 🙂")).toBe("ok ?");
  });
});

describe("renderLetterPdf", () => {
  const received = sampleReceived({
    receivedAt: "2026-12-31T15:00:00Z",
    title: "Vœux de la commune",
    citizen: {
      name: "Zoë Lefèvre-Œuvray",
      email: null,
      phone: null,
      postalAddress: "3 rue du Cœur, Corné, 49630 Loire-Authion",
      preferredChannel: "letter",
    },
  });
  const content = composeAcknowledgement(received, sampleRouted("svr", { received, decisionDelay: "P2M" }), town, NOW);

  it("is deterministic: same content, same bytes", async () => {
    const [first, second] = await Promise.all([renderLetterPdf(content, town), renderLetterPdf(content, town)]);
    expect(first.subarray(0, 5).toString()).toBe("%PDF-");
    expect(first.equals(second)).toBe(true);
  });

  it("prints French characters, the address block and every R112-5 fact", async () => {
    const text = extractPdfText(await renderLetterPdf(content, town, { compress: false }));
    expect(text).toContain("Zoë Lefèvre-Œuvray\n3 rue du Cœur\nCorné\n49630 Loire-Authion");
    expect(text).toContain("«\u00A0Vœux de la commune\u00A0»");
    expect(text).toContain("Loire-Authion, le 4 janvier 2027");
    expect(text).toContain("Objet\u00A0: Accusé de réception de votre demande LA-2026-000123");
    expect(text).toContain("Date de réception\u00A0: 31 décembre 2026");
    expect(text).toContain("Rejet implicite le\u00A0: dimanche 28 février 2027");
    expect(text).toContain("Tribunal administratif de Nantes");
    expect(text).toContain("l’administration");
    expect(text).not.toContain("\u202F");
  });

  it("the counter variant has no address window and says it was handed over", async () => {
    const receipt = composeRegistrationReceipt({ ...received, channel: "counter" }, town);
    const text = extractPdfText(await renderLetterPdf(receipt, town, { compress: false }));
    expect(text).not.toContain("3 rue du Cœur");
    expect(text).toContain("Document remis au guichet le 31 décembre 2026.");
    expect(text).toContain("Ce récépissé ne préjuge pas");
  });
});
