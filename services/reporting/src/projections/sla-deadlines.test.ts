import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSlaCatalogue } from "../catalogue/sla-catalogue.ts";
import { computeSlaFigures, type SlaInputs } from "./sla-deadlines.ts";

const catalogue = parseSlaCatalogue(
  readFileSync(new URL("../../../../data/loire-authion/catalog.yaml", import.meta.url), "utf8"),
);
const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => d?.toISOString() ?? null;

function inputs(overrides: Partial<SlaInputs>): SlaInputs {
  return {
    receivedAt: null,
    channel: "web",
    serviceId: "voirie",
    calendarId: "back-office",
    acknowledgementTargetDays: 1,
    firstResponseTargetDays: 5,
    resolutionTargetDays: 20,
    decisionDelay: null,
    registrationSentAt: null,
    acknowledgedAt: null,
    firstResponseAt: null,
    closedAt: null,
    pauses: [],
    ...overrides,
  };
}

describe("computeSlaFigures (hand-computed on the Loire-Authion calendars)", () => {
  it("web request on the eve of Ascension, back-office calendar", () => {
    const figures = computeSlaFigures(
      catalogue,
      inputs({
        receivedAt: at("2026-05-13T16:00:00+02:00"), // Wed, eve of Ascension (Thu 14 May)
        registrationSentAt: at("2026-05-13T16:02:00+02:00"),
        acknowledgedAt: at("2026-05-15T09:00:00+02:00"),
        firstResponseAt: at("2026-05-18T10:00:00+02:00"),
        closedAt: at("2026-05-19T12:30:00+02:00"),
        decisionDelay: "P2M",
      }),
      at("2026-06-30T12:00:00+02:00"),
    );
    // 5 minutes for the electronic registration receipt
    expect(iso(figures.registrationDueAt)).toBe("2026-05-13T14:05:00.000Z");
    expect(figures.registrationHours).toBeCloseTo(2 / 60, 9);
    // 1 jour ouvré after Wed 13: Thu 14 Ascension skipped, end of Fri 15
    expect(iso(figures.acknowledgementDueAt)).toBe("2026-05-15T21:59:59.999Z");
    // Wed 16:00-17:30 = 1.5h, Thu holiday, Fri 08:30-09:00 = 0.5h
    expect(figures.acknowledgementHours).toBe(2);
    // 5 jours ouvrés: Fri 15, Mon 18, Tue 19, Wed 20, Thu 21
    expect(iso(figures.firstResponseDueAt)).toBe("2026-05-21T21:59:59.999Z");
    // 1.5 + Fri 7.5 + Mon 08:30-10:00 1.5 = 10.5h
    expect(figures.firstResponseHours).toBe(10.5);
    // 20 jours ouvrés, Whit Monday 25 May skipped: Fri 12 June
    expect(iso(figures.resolutionDueAt)).toBe("2026-06-12T21:59:59.999Z");
    // 10.5 + Mon 10:00-17:30 minus lunch 6.5 + Tue 08:30-12:30 4 = 21h
    expect(figures.resolutionHours).toBe(21);
    // 13 May + 2 calendar months, same wall time
    expect(iso(figures.decisionDueAt)).toBe("2026-07-13T14:00:00.000Z");
    expect(figures.pausedHours).toBe(0);
  });

  it("postal request on a Saturday before Whit Monday, paused while waiting for the citizen", () => {
    const figures = computeSlaFigures(
      catalogue,
      inputs({
        receivedAt: at("2026-05-23T10:00:00+02:00"), // Sat; Mon 25 May is Whit Monday
        channel: "postal",
        serviceId: "etat-civil",
        calendarId: "mairie-siege",
        acknowledgedAt: at("2026-05-27T09:30:00+02:00"),
        pauses: [{ start: at("2026-05-27T10:00:00+02:00"), end: at("2026-06-01T10:00:00+02:00") }],
      }),
      at("2026-06-30T12:00:00+02:00"),
    );
    expect(figures.registrationDueAt).toBeNull(); // not an electronic channel
    // Sun, Mon 25 holiday: the 1st jour ouvré is Tue 26
    expect(iso(figures.acknowledgementDueAt)).toBe("2026-05-26T21:59:59.999Z");
    // Sat 10:00-12:00 2h, Mon holiday, Tue 8h, Wed 08:30-09:30 1h
    expect(figures.acknowledgementHours).toBe(11);
    // Paused open time: Wed 6.5 + Thu (late opening) 9.5 + Fri 7.5 + Sat 3 + Mon 08:30-10:00 1.5 = 28h
    expect(figures.pausedHours).toBe(28);
    // 20 jours ouvrés after Sat 23 May = Mon 22 June; + 28h from Tue 23 08:30:
    // Tue 8, Wed 8, Thu 9.5 (25.5), Fri 08:30 + 2.5h = 11:00
    expect(iso(figures.resolutionDueAt)).toBe("2026-06-26T09:00:00.000Z");
    expect(figures.resolutionHours).toBeNull();
  });

  it("a target of 0 jours ouvrés ends with the day of receipt", () => {
    const figures = computeSlaFigures(
      catalogue,
      inputs({ receivedAt: at("2026-03-02T10:00:00+01:00"), acknowledgementTargetDays: 0 }),
      at("2026-03-02T10:00:00+01:00"),
    );
    expect(iso(figures.acknowledgementDueAt)).toBe("2026-03-02T22:59:59.999Z");
  });

  it("an open pause counts up to now, and the calendar falls back to the service's", () => {
    const figures = computeSlaFigures(
      catalogue,
      inputs({
        receivedAt: at("2026-03-02T08:30:00+01:00"), // Mon
        calendarId: null,
        serviceId: "voirie", // back-office in the catalogue
        pauses: [{ start: at("2026-03-02T13:30:00+01:00"), end: null }],
      }),
      at("2026-03-03T12:30:00+01:00"),
    );
    // Mon 13:30-17:30 4h + Tue 08:30-12:30 4h
    expect(figures.pausedHours).toBe(8);
  });
});
