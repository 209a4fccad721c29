import { describe, expect, it } from "vitest";
import { isValidCtiSignature, signCtiBody } from "./cti-signature.ts";

const secret = "0123456789abcdef0123456789abcdef";

describe("CTI webhook signature", () => {
  it("accepts the HMAC-SHA256 of the exact body and nothing else", () => {
    const body = '{"event":"call.offered","callId":"c1"}';
    const header = signCtiBody(secret, body);
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(isValidCtiSignature(secret, body, header)).toBe(true);
    expect(isValidCtiSignature(secret, body, header.toUpperCase().replace("SHA256", "sha256"))).toBe(true);
    expect(isValidCtiSignature(secret, `${body} `, header)).toBe(false);
    expect(isValidCtiSignature("another-secret-another-secret-xx", body, header)).toBe(false);
    expect(isValidCtiSignature(secret, body, undefined)).toBe(false);
    expect(isValidCtiSignature(secret, body, "sha256=00")).toBe(false);
  });
});
