import { describe, expect, it } from "vitest";
import { clientIp, isProxyHostCaller, RateLimiter } from "./rate-limiter.ts";

describe("RateLimiter (token bucket per key)", () => {
  it("allows the burst, then refuses with the seconds to wait, then refills over time", () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60, () => now); // one token a minute
    expect(limiter.take("a")).toBe(0);
    expect(limiter.take("a")).toBe(0);
    expect(limiter.take("a")).toBe(60);
    expect(limiter.take("b")).toBe(0);
    now += 30_000;
    expect(limiter.take("a")).toBe(30);
    now += 30_000;
    expect(limiter.take("a")).toBe(0);
  });
});

describe("clientIp", () => {
  const proxies = ["127.0.0.1", "10.0.0.5"];
  it("ignores X-Forwarded-For from an untrusted peer", () => {
    expect(clientIp("198.51.100.7", "203.0.113.1", proxies)).toBe("198.51.100.7");
  });
  it("takes the right-most untrusted hop behind trusted proxies, not the client-chosen left part", () => {
    expect(clientIp("::ffff:127.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.0.5", proxies)).toBe("203.0.113.9");
  });
  it("falls back to the peer without a usable header", () => {
    expect(clientIp("127.0.0.1", undefined, proxies)).toBe("127.0.0.1");
    expect(clientIp("127.0.0.1", "garbage", proxies)).toBe("127.0.0.1");
  });
});

describe("isProxyHostCaller", () => {
  it("is true only for a trusted proxy's own address without X-Forwarded-For", () => {
    expect(isProxyHostCaller("::ffff:127.0.0.1", undefined, ["127.0.0.1"])).toBe(true);
    expect(isProxyHostCaller("127.0.0.1", "203.0.113.9", ["127.0.0.1"])).toBe(false);
    expect(isProxyHostCaller("198.51.100.7", undefined, ["127.0.0.1"])).toBe(false);
  });
});
