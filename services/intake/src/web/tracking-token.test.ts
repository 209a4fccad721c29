import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { trackingTokenFor, trackingUrl } from "./tracking-token.ts";

describe("tracking token", () => {
  it("is 256 bits of base64url, hashed with SHA-256", () => {
    const { token, hash } = trackingTokenFor(undefined, "secret-0123456789abcdef0123456789ab");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(trackingTokenFor(undefined, "secret-0123456789abcdef0123456789ab").token).not.toBe(token);
  });
  it("is the same for the same idempotency key (a retry gets the same link), different across keys and secrets", () => {
    const a = trackingTokenFor("form-key-1", "secret-A-0123456789abcdef0123456789");
    expect(trackingTokenFor("form-key-1", "secret-A-0123456789abcdef0123456789")).toEqual(a);
    expect(trackingTokenFor("form-key-2", "secret-A-0123456789abcdef0123456789").token).not.toBe(a.token);
    expect(trackingTokenFor("form-key-1", "secret-B-0123456789abcdef0123456789").token).not.toBe(a.token);
  });
  it("builds the public link", () => {
    expect(trackingUrl("https://x.example/", "abc")).toBe("https://x.example/suivi/abc");
  });
});
