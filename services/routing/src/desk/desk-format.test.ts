import { describe, expect, it } from "vitest";
import { ageText, dateTimeText } from "./desk-format.ts";

describe("desk formatting", () => {
  it("gives the waiting time in minutes, hours then days", () => {
    const now = new Date("2026-11-28T12:00:00Z");
    expect(ageText(new Date("2026-11-28T11:48:00Z"), now)).toBe("12 min");
    expect(ageText(new Date("2026-11-28T07:00:00Z"), now)).toBe("5 h");
    expect(ageText(new Date("2026-11-25T12:00:00Z"), now)).toBe("3 j");
    expect(ageText(null, now)).toBe("inconnu");
  });

  it("shows dates in the town's time zone", () => {
    expect(dateTimeText(new Date("2026-11-28T12:00:00Z"), "Europe/Paris")).toBe("28/11/2026 13:00");
  });
});
