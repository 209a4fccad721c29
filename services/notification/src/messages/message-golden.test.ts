import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { composeAcknowledgement, composeRegistrationReceipt } from "./acknowledgement-content.ts";
import { renderAcknowledgementEmail, renderRegistrationEmail, renderStatusMessage } from "./email.renderer.ts";
import { renderDocumentLetterPdf, renderLetterPdf } from "./letter-pdf.ts";
import { extractPdfText } from "./pdf-text.extractor.ts";
import { sampleReceived, sampleRouted } from "./preview-samples.ts";
import { renderAcknowledgementSms, renderRegistrationSms, renderStatusSms, type SmsText } from "./sms-text.renderer.ts";
import { buildStatusDocument } from "./status-document.builder.ts";
import { sampleStatusInputs } from "./template.preview.ts";
import { loireAuthionTown } from "./test-town.fixture.ts";

/**
 * Golden files: every template on every channel, as a reviewer (or the town's legal officer) reads
 * it. Run with UPDATE_GOLDEN=1 to regenerate, then review the diff like code.
 */
const GOLDEN_DIR = fileURLToPath(new URL("../../test/golden/", import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function expectGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, name);
  if (UPDATE) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`Missing golden file ${name}: run with UPDATE_GOLDEN=1`);
  expect(actual, name).toBe(readFileSync(path, "utf8"));
}

const NOW = { now: new Date("2027-01-04T09:00:00Z") };
const received = sampleReceived({ receivedAt: "2026-12-31T15:00:00Z" });
const REGIMES = ["sva", "svr", "information", "document", "external"] as const;

describe("golden: acknowledgement", () => {
  for (const locale of ["fr", "en"] as const) {
    const town = loireAuthionTown({ locale });
    for (const regime of REGIMES) {
      it(`${regime} (${locale})`, async () => {
        const content = composeAcknowledgement(
          received,
          sampleRouted(regime, { received, decisionDelay: regime === "svr" ? "P2M" : undefined }),
          town,
          NOW,
        );
        const email = renderAcknowledgementEmail(content);
        expectGolden(`acknowledgement-${regime}.${locale}.txt`, `Subject: ${email.subject}\n\n${email.text}`);
        expectGolden(`acknowledgement-${regime}.${locale}.html`, email.html);
        expectGolden(
          `acknowledgement-${regime}.${locale}.letter.txt`,
          extractPdfText(await renderLetterPdf(content, town, { compress: false })),
        );
      });
    }
  }

  it("incomplete sva (fr)", () => {
    const town = loireAuthionTown();
    const content = composeAcknowledgement(received, sampleRouted("sva", { received }), town, {
      ...NOW,
      missingDocuments: ["Justificatif de domicile de moins de trois mois", "Plan de situation"],
    });
    expectGolden("acknowledgement-sva-incomplete.fr.txt", renderAcknowledgementEmail(content).text);
  });
});

describe("golden: registration receipt", () => {
  const town = loireAuthionTown();
  it("electronic (e-mail) and counter (printed)", async () => {
    const email = renderRegistrationEmail(composeRegistrationReceipt(received, town));
    expectGolden("registration.fr.txt", `Subject: ${email.subject}\n\n${email.text}`);
    expectGolden("registration.fr.html", email.html);
    const counter = composeRegistrationReceipt({ ...received, channel: "counter" }, town);
    expectGolden(
      "registration-counter.fr.letter.txt",
      extractPdfText(await renderLetterPdf(counter, town, { compress: false })),
    );
  });
});

describe("golden: status messages", () => {
  const town = loireAuthionTown();
  for (const input of sampleStatusInputs(town, received.reference)) {
    it(input.kind, () => {
      const email = renderStatusMessage(input);
      expectGolden(`status-${input.kind}.fr.txt`, `Subject: ${email.subject}\n\n${email.text}`);
      expectGolden(`status-${input.kind}.fr.html`, email.html);
    });
  }
});

describe("golden: status letters (follow-ups by post)", () => {
  const town = loireAuthionTown();
  for (const input of sampleStatusInputs(town, received.reference)) {
    it(input.kind, async () => {
      const pdf = await renderDocumentLetterPdf(
        buildStatusDocument(input),
        town,
        {
          reference: received.reference,
          issuedOn: "2027-01-04",
          citizen: { name: received.citizen.name, postalAddress: received.citizen.postalAddress },
          service: {
            name: "Urbanisme et droit des sols",
            email: "urbanisme@mairie.loire-authion.example",
            phone: "02 41 00 01 03",
          },
        },
        { compress: false },
      );
      expectGolden(`status-${input.kind}.fr.letter.txt`, extractPdfText(pdf));
    });
  }
});

describe("golden: SMS", () => {
  for (const locale of ["fr", "en"] as const) {
    const town = loireAuthionTown({ locale });
    const sms = (text: SmsText) =>
      `[${text.encoding}, ${text.segments} segment(s), ${text.text.length} chars]\n${text.text}\n`;
    it(`registration and acknowledgements (${locale})`, () => {
      expectGolden(
        `sms-registration.${locale}.txt`,
        sms(renderRegistrationSms(composeRegistrationReceipt(received, town))),
      );
      for (const regime of REGIMES) {
        const content = composeAcknowledgement(received, sampleRouted(regime, { received }), town, NOW);
        const text = renderAcknowledgementSms(content);
        expect(text.encoding).toBe("GSM-7");
        expectGolden(`sms-acknowledgement-${regime}.${locale}.txt`, sms(text));
      }
    });
    it(`status messages (${locale})`, () => {
      for (const input of sampleStatusInputs(town, received.reference)) {
        const text = renderStatusSms({ ...input, locale }, "02 41 00 01 03");
        expect(text.encoding).toBe("GSM-7");
        expect(text.segments).toBe(1);
        expectGolden(`sms-status-${input.kind}.${locale}.txt`, sms(text));
      }
    });
  }
});
