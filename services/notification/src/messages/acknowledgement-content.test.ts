import { describe, expect, it } from "vitest";
import { composeAcknowledgement, composeRegistrationReceipt } from "./acknowledgement-content.ts";
import { sampleReceived, sampleRouted } from "./preview-samples.ts";
import { loireAuthionTown } from "./test-town.fixture.ts";

const town = loireAuthionTown();

function acknowledge(regime: Parameters<typeof sampleRouted>[0], receivedAt: string, decisionDelay?: string | null) {
  const received = sampleReceived({ receivedAt });
  const routed = sampleRouted(regime, { received, ...(decisionDelay === undefined ? {} : { decisionDelay }) });
  return composeAcknowledgement(received, routed, town, { now: new Date("2027-01-04T09:00:00Z") });
}

describe("composeAcknowledgement: decision dates (hand-computed, Europe/Paris)", () => {
  it("31 Dec 2026 + P2M → Sunday 28 February 2027 (month end clamped)", () => {
    const content = acknowledge("sva", "2026-12-31T15:00:00Z", "P2M");
    expect(content.receivedOn).toBe("2026-12-31");
    expect(content.decision).toEqual({ regime: "sva", decisionDelay: "P2M", decisionOn: "2027-02-28" });
  });

  it("31 Dec 2027 + P2M → 29 February 2028 (leap year)", () => {
    const content = acknowledge("svr", "2027-12-31T10:00:00Z", "P2M");
    expect(content.decision.regime === "svr" && content.decision.decisionOn).toBe("2028-02-29");
  });

  it("31 Mar 2026 + P1M → 30 April 2026", () => {
    const content = acknowledge("svr", "2026-03-31T08:00:00Z", "P1M");
    expect(content.decision.regime === "svr" && content.decision.decisionOn).toBe("2026-04-30");
  });

  it("23:30 UTC on 31 Dec is 1 January in Paris: receipt and decision follow the Paris date", () => {
    const content = acknowledge("sva", "2026-12-31T23:30:00Z", "P2M");
    expect(content.receivedOn).toBe("2027-01-01");
    expect(content.decision.regime === "sva" && content.decision.decisionOn).toBe("2027-03-01");
  });

  it("summer time: 22:30 UTC on 31 May is 1 June in Paris", () => {
    const content = acknowledge("sva", "2026-05-31T22:30:00Z", "P2M");
    expect(content.receivedOn).toBe("2026-06-01");
    expect(content.decision.regime === "sva" && content.decision.decisionOn).toBe("2026-08-01");
  });

  it("sva without a catalogue delay falls back on the L231-1 two months", () => {
    const content = acknowledge("sva", "2026-03-10T09:00:00Z", null);
    expect(content.decision).toEqual({ regime: "sva", decisionDelay: "P2M", decisionOn: "2026-05-10" });
  });

  it("a delay in days (P15D) is counted in calendar days", () => {
    const content = acknowledge("sva", "2026-03-10T09:00:00Z", "P15D");
    expect(content.decision.regime === "sva" && content.decision.decisionOn).toBe("2026-03-25");
  });

  it("first response: 5 jours ouvrés from Thursday 31 Dec 2026 skip the weekend and 1 January", () => {
    // Fri 1 Jan (holiday), Sat, Sun excluded: Mon 4, Tue 5, Wed 6, Thu 7, Fri 8.
    const content = acknowledge("information", "2026-12-31T15:00:00Z");
    expect(content.commitment).toEqual({ businessDays: 5, by: "2027-01-08" });
  });
});

describe("composeAcknowledgement: R112-5 facts per regime", () => {
  const receivedAt = "2026-11-28T14:05:00Z";

  it("every regime states receipt date, reference and the service's name, address, e-mail and phone", () => {
    for (const regime of ["sva", "svr", "information", "document", "external"] as const) {
      const content = acknowledge(regime, receivedAt);
      expect(content.reference).toBe("LA-2026-000123");
      expect(content.receivedOn).toBe("2026-11-28");
      expect(content.service.name).not.toBe("");
      expect(content.service.postalAddress).toBeTruthy();
      expect(content.service.email).toBeTruthy();
      expect(content.service.phone).toBeTruthy();
      expect(content.gaps).toEqual([]);
    }
  });

  it("sva: implicit acceptance on the decision date", () => {
    expect(acknowledge("sva", receivedAt).decision).toEqual({
      regime: "sva",
      decisionDelay: "P2M",
      decisionOn: "2027-01-28",
    });
  });

  it("svr: implicit rejection with the mayor, the court of Nantes and Télérecours", () => {
    const { decision } = acknowledge("svr", receivedAt);
    expect(decision).toEqual({
      regime: "svr",
      decisionDelay: "P1M",
      decisionOn: "2026-12-28",
      appeal: {
        delayMonths: 2,
        authority: { title: "Monsieur le Maire", townName: "Loire-Authion", postalAddress: town.postalAddress },
        court: {
          name: "Tribunal administratif de Nantes",
          address: "6 allée de l'Île-Gloriette, 44041 Nantes Cedex 01",
        },
        telerecoursUrl: "https://citoyens.telerecours.fr",
      },
    });
  });

  it("information and document: no decision date", () => {
    expect(acknowledge("information", receivedAt).decision).toEqual({ regime: "information" });
    expect(acknowledge("document", receivedAt).decision).toEqual({ regime: "document" });
  });

  it("external: names the partner body from the town's configuration, else the relay service", () => {
    expect(acknowledge("external", receivedAt).decision).toEqual({
      regime: "external",
      partnerName: "Angers Loire Métropole",
    });
    const received = sampleReceived();
    const bare = composeAcknowledgement(received, sampleRouted("external"), loireAuthionTown({ partnerNames: {} }));
    expect(bare.decision.regime === "external" && bare.decision.partnerName).toMatch(/^Angers Loire Métropole — /);
  });

  it("a request routed without subject is flagged: its regime is not known", () => {
    const received = sampleReceived();
    const routed = sampleRouted("sva");
    const content = composeAcknowledgement(
      received,
      { ...routed, handling: { ...routed.handling, subject: null } },
      town,
    );
    expect(content.decision).toEqual({ regime: "undetermined" });
    expect(content.gaps).toEqual(["legal-regime"]);
  });

  it("missing service contacts fall back on the town hall's, and are reported when there is none", () => {
    const received = sampleReceived();
    const routed = sampleRouted("information");
    const service = { ...routed.handling.service, email: null, phone: null, postalAddress: null };
    const withTown = composeAcknowledgement(received, { ...routed, handling: { ...routed.handling, service } }, town);
    expect(withTown.service).toMatchObject({
      email: town.contactEmail,
      phone: town.phone,
      postalAddress: town.postalAddress,
    });
    const bare = loireAuthionTown({ contactEmail: undefined, phone: undefined });
    const without = composeAcknowledgement(received, { ...routed, handling: { ...routed.handling, service } }, bare);
    expect(without.gaps).toEqual(["service-email", "service-phone"]);
  });

  it("incomplete requests carry the missing pieces (L114-5)", () => {
    const received = sampleReceived();
    const content = composeAcknowledgement(received, sampleRouted("sva"), town, {
      missingDocuments: ["Plan de situation"],
    });
    expect(content.completeness).toEqual({ incomplete: true, missingDocuments: ["Plan de situation"] });
    expect(composeAcknowledgement(received, sampleRouted("sva"), town).completeness.incomplete).toBe(false);
  });

  it("no first-response commitment when the catalogue sets none", () => {
    const received = sampleReceived();
    expect(
      composeAcknowledgement(received, sampleRouted("sva", { firstResponseBusinessDays: 0 }), town).commitment,
    ).toBeNull();
  });

  it("refuses events of two different requests", () => {
    const routed = { ...sampleRouted("sva"), requestId: "0190d7a4-5b6c-7d8e-9f00-000000000000" };
    expect(() => composeAcknowledgement(sampleReceived(), routed, town)).toThrow(/different requests/);
  });
});

describe("composeRegistrationReceipt", () => {
  it("keeps reference, Paris date and the tracking link, and marks electronic channels", () => {
    const content = composeRegistrationReceipt(sampleReceived({ receivedAt: "2026-12-31T23:30:00Z" }), town);
    expect(content).toMatchObject({
      reference: "LA-2026-000123",
      receivedOn: "2027-01-01",
      electronic: true,
      trackingUrl: "https://guichet.loire-authion.example/suivi/LA-2026-000123",
    });
    expect("trackingUrl" in content.town).toBe(false);
  });

  it("quotes a bounded excerpt of the message, cut on a word", () => {
    const body = `${"mot ".repeat(300)}fin`;
    const content = composeRegistrationReceipt(
      sampleReceived({ body, channel: "counter" }),
      loireAuthionTown({ trackingUrl: undefined }),
    );
    expect(content.request.excerpt.length).toBeLessThanOrEqual(501);
    expect(content.request.excerpt.endsWith("mot…")).toBe(true);
    expect(content.electronic).toBe(false);
    expect(content.trackingUrl).toBeNull();
  });
});
