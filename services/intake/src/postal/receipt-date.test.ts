import { AppError } from "@guichet/runtime";
import { describe, expect, it } from "vitest";
import { receiptDateOf } from "./receipt-date.ts";

const now = new Date("2026-11-28T16:00:00Z");

describe("receiptDateOf (legal date of receipt of a letter)", () => {
  it("is the stamp date at 00:00 Europe/Paris, or at the stamp's time", () => {
    expect(receiptDateOf({ date: "2026-11-25", confirmOld: false }, now).toISOString()).toBe(
      "2026-11-24T23:00:00.000Z",
    );
    expect(receiptDateOf({ date: "2026-07-01", time: "09:30", confirmOld: true }, now).toISOString()).toBe(
      "2026-07-01T07:30:00.000Z",
    );
  });
  it("takes the first instant after the spring gap", () => {
    expect(receiptDateOf({ date: "2026-03-29", time: "02:30", confirmOld: true }, now).toISOString()).toBe(
      "2026-03-29T01:00:00.000Z",
    );
  });
  it("refuses the future and an old date without confirmation", () => {
    expect(() => receiptDateOf({ date: "2026-11-29", confirmOld: false }, now)).toThrow(AppError);
    expect(() => receiptDateOf({ date: "2026-11-28", time: "23:00", confirmOld: false }, now)).toThrow(/futur/);
    expect(() => receiptDateOf({ date: "2026-09-01", confirmOld: false }, now)).toThrow(/ancienne/);
    expect(receiptDateOf({ date: "2026-09-01", confirmOld: true }, now).toISOString()).toBe("2026-08-31T22:00:00.000Z");
  });
});
