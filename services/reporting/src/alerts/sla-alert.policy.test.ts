import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSlaCatalogue } from "../catalogue/sla-catalogue.ts";
import { alertsDue } from "./sla-alert.policy.ts";

const catalogue = parseSlaCatalogue(
  readFileSync(new URL("../../../../data/loire-authion/catalog.yaml", import.meta.url), "utf8"),
);
const backOffice = catalogue.calendars.get("back-office");
if (!backOffice) throw new Error("back-office calendar missing");

// Received Mon 2 March 2026 09:00; acknowledgement due at the end of Tue 3 March (1 jour ouvré),
// resolution due at the end of Mon 30 March. On back-office, Mon 09:00 → Tue 23:59 is
// 7.5 + 8 = 15.5 business hours; 80 % = 12.4 h, reached Tue 3 March at 13:30 + 0.9 h = 14:24.
const candidate = {
  receivedAt: new Date("2026-03-02T09:00:00+01:00"),
  open: {
    acknowledgement: new Date("2026-03-03T23:59:59.999+01:00"),
    resolution: new Date("2026-03-30T23:59:59.999+02:00"),
  },
  raised: new Set<string>(),
};

describe("alertsDue with a fixed clock", () => {
  it("raises nothing at midnight, even past the deadline", () => {
    expect(alertsDue(backOffice, candidate, new Date("2026-03-04T00:00:00+01:00"), 0.8)).toEqual([]);
  });

  it("raises nothing on a Sunday", () => {
    expect(alertsDue(backOffice, candidate, new Date("2026-03-08T11:00:00+01:00"), 0.8)).toEqual([]);
  });

  it("raises nothing during the lunch break", () => {
    expect(alertsDue(backOffice, candidate, new Date("2026-03-04T13:00:00+01:00"), 0.8)).toEqual([]);
  });

  it("waits until 80 % of the business time has elapsed", () => {
    expect(alertsDue(backOffice, candidate, new Date("2026-03-03T14:20:00+01:00"), 0.8)).toEqual([]);
    expect(alertsDue(backOffice, candidate, new Date("2026-03-03T14:25:00+01:00"), 0.8)).toEqual([
      { measure: "acknowledgement", level: "nearing", deadline: candidate.open.acknowledgement },
    ]);
  });

  it("raises the breach at the next opening (Wed 08:30), once", () => {
    const opening = new Date("2026-03-04T08:30:00+01:00");
    expect(alertsDue(backOffice, candidate, opening, 0.8)).toEqual([
      { measure: "acknowledgement", level: "breached", deadline: candidate.open.acknowledgement },
    ]);
    const raised = { ...candidate, raised: new Set(["acknowledgement:breached"]) };
    expect(alertsDue(backOffice, raised, opening, 0.8)).toEqual([]);
  });
});
