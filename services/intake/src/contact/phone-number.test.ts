import { describe, expect, it } from "vitest";
import { findFrenchPhoneNumber, normalisePhoneNumber } from "./phone-number.ts";

describe("normalisePhoneNumber", () => {
  it.each([
    ["02 41 00 00 00", "+33241000000"],
    ["02.41.00.00.00", "+33241000000"],
    ["0241000000", "+33241000000"],
    ["02-41-00-00-00", "+33241000000"],
    ["+33 2 41 00 00 00", "+33241000000"],
    ["0033 2 41 00 00 00", "+33241000000"],
    ["+33 (0)2 41 00 00 00", "+33241000000"],
    ["  06 12 34 56 78 ", "+33612345678"],
    ["07 56 12 34 56", "+33756123456"],
    ["+262 262 20 20 20", "+262262202020"],
    ["+44 20 7946 0958", "+442079460958"],
    ["+1 202 555 0143", "+12025550143"],
  ])("%s → %s", (input, e164) => {
    expect(normalisePhoneNumber(input)).toMatchObject({ ok: true, e164 });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["abc", "not-a-number"],
    ["12", "invalid-number"],
    ["0241", "invalid-number"],
    ["+33 6 12 34 56 78 90", "invalid-number"],
    ["00 00 00 00 00", "invalid-number"],
  ])("%j is refused (%s)", (input, reason) => {
    expect(normalisePhoneNumber(input)).toEqual({ ok: false, error: { code: "invalid-phone", reason } });
  });
});

describe("findFrenchPhoneNumber", () => {
  it("finds a French number in a signature and skips foreign ones", () => {
    expect(findFrenchPhoneNumber("Marie Martin\nTél. : 06 12 34 56 78")).toBe("+33612345678");
    expect(findFrenchPhoneNumber("Emily Clarke\n+44 20 7946 0958")).toBeNull();
    expect(findFrenchPhoneNumber("London office +44 20 7946 0958\nParis 01 23 45 67 89")).toBe("+33123456789");
    expect(findFrenchPhoneNumber("12 rue des Lilas, 49800 Loire-Authion")).toBeNull();
  });
});
