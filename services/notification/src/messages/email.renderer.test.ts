import { describe, expect, it } from "vitest";
import { composeAcknowledgement, composeRegistrationReceipt } from "./acknowledgement-content.ts";
import { renderAcknowledgementEmail, renderRegistrationEmail, renderStatusMessage } from "./email.renderer.ts";
import { sampleReceived, sampleRouted } from "./preview-samples.ts";
import { sampleStatusInputs } from "./template.preview.ts";
import { loireAuthionTown } from "./test-town.fixture.ts";

const town = loireAuthionTown();
const NOW = { now: new Date("2026-12-01T09:00:00Z") };
const REGIMES = ["sva", "svr", "information", "document", "external"] as const;

const hostile = sampleReceived({
  title: `<img src=x onerror="alert(1)"> Vœux`,
  body: `<script>alert("body")</script>\n\nSecond & last`,
  citizen: {
    name: `<script>alert("name")</script>`,
    email: "x@example.org",
    phone: null,
    postalAddress: "<b>1 rue</b>",
    preferredChannel: "email",
  },
});

function allEmails(received = sampleReceived()) {
  return [
    ...REGIMES.map((regime) =>
      renderAcknowledgementEmail(composeAcknowledgement(received, sampleRouted(regime, { received }), town, NOW)),
    ),
    renderRegistrationEmail(composeRegistrationReceipt(received, town)),
    ...sampleStatusInputs(town, received.reference).map((input) =>
      renderStatusMessage({ ...input, citizenName: received.citizen.name }),
    ),
  ];
}

describe("e-mails: structure and accessibility", () => {
  it("every subject carries the reference", () => {
    for (const email of allEmails()) expect(email.subject).toContain("LA-2026-000123");
    const ack = renderAcknowledgementEmail(composeAcknowledgement(sampleReceived(), sampleRouted("sva"), town));
    expect(ack.subject).toBe("Accusé de réception de votre demande LA-2026-000123");
  });

  it('HTML has lang="fr", exactly one h1, no table, no image, no <style>', () => {
    for (const { html } of allEmails()) {
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="fr"/);
      expect(html.match(/<h1[ >]/g)).toHaveLength(1);
      expect(html).not.toMatch(/<table|<img|<style|<script/i);
    }
  });

  it("English locale sets lang=en", () => {
    const email = renderAcknowledgementEmail(
      composeAcknowledgement(sampleReceived(), sampleRouted("svr"), loireAuthionTown({ locale: "en" }), NOW),
    );
    expect(email.html).toContain('<html lang="en"');
    expect(email.subject).toBe("Acknowledgement of receipt of your request LA-2026-000123");
    expect(email.text).toContain("Implicit rejection on: Monday 28 December 2026");
  });

  it("escapes every piece of citizen input", () => {
    for (const { html, text } of allEmails(hostile)) {
      expect(html).not.toContain("<script");
      expect(html).not.toContain("<img");
      expect(html).not.toContain("<b>");
      expect(text).not.toContain("&lt;");
    }
    const registration = renderRegistrationEmail(composeRegistrationReceipt(hostile, town));
    expect(registration.html).toContain("&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;");
    expect(registration.html).toContain("Bonjour &lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;,");
    expect(registration.text).toContain('> <script>alert("body")</script>');
  });

  it("links only web URLs", () => {
    const evil = loireAuthionTown({ trackingUrl: () => "javascript:alert(1)" });
    const { html } = renderRegistrationEmail(composeRegistrationReceipt(sampleReceived(), evil));
    expect(html).not.toContain('href="javascript');
    const { html: good } = renderRegistrationEmail(composeRegistrationReceipt(sampleReceived(), town));
    expect(good).toContain('<a href="https://guichet.loire-authion.example/suivi/LA-2026-000123"');
  });
});

describe("e-mails: French typography", () => {
  // Data without punctuation of its own, so that everything checked below is our wording.
  const plain = sampleReceived({ title: "Demande de concession" });
  const plainTown = loireAuthionTown({
    postalAddress: "1 place de la Mairie, 49800 Loire-Authion",
    administrativeCourt: { name: "Tribunal administratif de Nantes", address: "6 allée de la Gloriette, 44041 Nantes" },
  });
  const emails = [
    ...REGIMES.map((regime) => {
      const routed = sampleRouted(regime, { received: plain });
      const handling = {
        ...routed.handling,
        service: { ...routed.handling.service, postalAddress: "1 place de la Mairie" },
        subject: routed.handling.subject && { ...routed.handling.subject, label: "Sujet du catalogue" },
      };
      return renderAcknowledgementEmail(composeAcknowledgement(plain, { ...routed, handling }, plainTown, NOW));
    }),
    renderRegistrationEmail(composeRegistrationReceipt({ ...plain, body: "Texte" }, plainTown)),
  ];

  it("narrow no-break space before : ; ! ? and inside guillemets, never a plain space", () => {
    for (const { text, html, subject } of emails) {
      for (const output of [text, html, subject]) {
        expect(output).not.toMatch(/[ \u00A0][:;!?»]/);
        expect(output).not.toMatch(/«[ \u00A0]/);
      }
    }
    const svr = emails[1];
    expect(svr?.text).toContain("Référence\u202F: LA-2026-000123");
    expect(svr?.text).toContain("naîtra à cette date.");
    const sva = emails[0];
    expect(sva?.text).toContain("«\u202Fle silence vaut accord\u202F»");
  });

  it("typographic apostrophes and unbreakable article numbers", () => {
    for (const { text } of emails) {
      expect(text).not.toContain("'");
      expect(text).not.toMatch(/\b[LR]\. \d/);
    }
    expect(emails[0]?.text).toContain("L.\u00A0232-3");
  });

  it("long dates with weekday, first of the month as 1er", () => {
    const received = sampleReceived({ receivedAt: "2026-12-31T23:30:00Z" });
    const { text } = renderAcknowledgementEmail(
      composeAcknowledgement(received, sampleRouted("sva", { received }), town, NOW),
    );
    expect(text).toContain("Date de réception\u202F: 1er janvier 2027");
    expect(text).toContain("soit le lundi 1er mars 2027");
    const feb = sampleReceived({ receivedAt: "2026-12-02T10:00:00Z" });
    const febText = renderAcknowledgementEmail(
      composeAcknowledgement(feb, sampleRouted("sva", { received: feb }), town, NOW),
    ).text;
    expect(febText).toContain("mardi 2 février 2027");
  });
});

describe("e-mails: legal content per regime", () => {
  const received = sampleReceived({ receivedAt: "2026-12-31T15:00:00Z" });
  const text = (regime: (typeof REGIMES)[number], options = {}) =>
    renderAcknowledgementEmail(
      composeAcknowledgement(received, sampleRouted(regime, { received, decisionDelay: "P2M" }), town, {
        ...NOW,
        ...options,
      }),
    ).text;

  it("sva: acceptance date and attestation (L232-3)", () => {
    const sva = text("sva");
    expect(sva).toContain("Acceptation implicite le\u202F: dimanche 28 février 2027");
    expect(sva).toContain("réputée acceptée");
    expect(sva).toContain("attestation");
    expect(sva).toContain("L.\u00A0232-3");
    expect(sva).not.toContain("recours");
  });

  it("svr: rejection date, recours gracieux to the mayor, court of Nantes, Télérecours", () => {
    const svr = text("svr");
    expect(svr).toContain("Rejet implicite le\u202F: dimanche 28 février 2027");
    expect(svr).toContain("réputée rejetée");
    expect(svr).toContain("deux mois à compter du dimanche 28 février 2027");
    expect(svr).toContain("recours gracieux adressé à Monsieur le Maire de Loire-Authion");
    expect(svr).toContain("Tribunal administratif de Nantes, 6 allée de l'Île-Gloriette, 44041 Nantes Cedex 01");
    expect(svr).toContain("Télérecours citoyens");
    expect(svr).toContain("https://citoyens.telerecours.fr");
  });

  it("information, document, external: no implicit decision, partner named", () => {
    expect(text("information")).toContain("n’appelle pas de décision administrative");
    expect(text("document")).toContain("R.\u00A0112-4");
    expect(text("external")).toContain("Votre demande relève de l’organisme suivant\u202F: Angers Loire Métropole.");
    for (const regime of ["information", "document", "external"] as const)
      expect(text(regime)).not.toContain("implicite le");
  });

  it("states the committed delay and its date, the service's contacts", () => {
    const info = text("information");
    expect(info).toContain("sous 5 jours ouvrés, soit au plus tard le vendredi 8 janvier 2027");
    expect(info).toContain("Courriel\u202F: urbanisme@mairie.loire-authion.example");
    expect(info).toContain("Téléphone\u202F: 02\u00A041\u00A000\u00A001\u00A003");
    expect(info).toContain("Adresse postale\u202F: 1 place de la Mairie");
  });

  it("incomplete: announces the missing pieces, and the delay suspension only where a decision is pending", () => {
    const missing = { missingDocuments: ["Plan de situation"] };
    expect(text("sva", missing)).toContain("L.\u00A0114-5");
    expect(text("sva", missing)).toContain("- Plan de situation");
    expect(text("sva", missing)).toContain("ne court qu’à compter de leur réception");
    expect(text("information", missing)).not.toContain("ne court qu’à compter");
  });
});
