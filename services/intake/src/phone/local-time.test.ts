import { describe, expect, it } from "vitest";
import { instantsOfWallTime, localDateOf } from "./local-time.ts";

const wall = (day: number, month: number, hour: number, minute = 0) => ({
  year: 2026,
  month,
  day,
  hour,
  minute,
  second: 0,
});

describe("Paris wall-clock times", () => {
  it("has one instant on an ordinary day, in winter and in summer", () => {
    expect(instantsOfWallTime("Europe/Paris", wall(15, 1, 10))).toEqual([Date.parse("2026-01-15T09:00:00Z")]);
    expect(instantsOfWallTime("Europe/Paris", wall(15, 7, 10))).toEqual([Date.parse("2026-07-15T08:00:00Z")]);
  });

  it("has none in the spring gap and two in the autumn overlap", () => {
    expect(instantsOfWallTime("Europe/Paris", wall(29, 3, 2, 30))).toEqual([]);
    expect(instantsOfWallTime("Europe/Paris", wall(29, 3, 3, 0))).toEqual([Date.parse("2026-03-29T01:00:00Z")]);
    expect(instantsOfWallTime("Europe/Paris", wall(25, 10, 2, 30))).toEqual([
      Date.parse("2026-10-25T00:30:00Z"),
      Date.parse("2026-10-25T01:30:00Z"),
    ]);
  });

  it("gives the local day of an instant", () => {
    expect(localDateOf("Europe/Paris", Date.parse("2026-03-02T23:30:00Z"))).toBe("2026-03-03");
    expect(localDateOf("Europe/Paris", Date.parse("2026-07-02T21:59:00Z"))).toBe("2026-07-02");
  });
});
