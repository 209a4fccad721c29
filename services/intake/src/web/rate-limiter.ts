import { isIP } from "node:net";

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token bucket per client IP, in memory: each instance limits on its own (N instances allow N times
 * the rate), which is enough against a script hammering the form; the gateway limits globally.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly burst: number,
    perHour: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perHour / 3_600_000;
  }

  /** Takes one token; returns 0 when allowed, else the seconds to wait before the next one. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.updatedAt) * this.perMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.sweep(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.perMs / 1000);
  }

  /** Full buckets carry no information: forget them so memory stays bounded. */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets)
      if (bucket.tokens + (now - bucket.updatedAt) * this.perMs >= this.burst) this.buckets.delete(key);
  }
}

/**
 * The client's IP: the socket's peer, or — only when that peer is a trusted proxy — the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy (entries left of it are client-chosen).
 */
export function clientIp(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: readonly string[],
): string {
  const normalise = (ip: string) => ip.trim().replace(/^::ffff:/, "");
  const trusted = new Set(trustedProxies.map(normalise));
  let ip = normalise(peer ?? "unknown");
  if (!trusted.has(ip) || forwardedFor === undefined) return ip;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map(normalise)
    .filter((hop) => isIP(hop) !== 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    ip = hops[i] as string;
    if (!trusted.has(ip)) break;
  }
  return ip;
}

/**
 * A request from a trusted proxy's own address without X-Forwarded-For does not come from a
 * citizen through the gateway (which always sets the header): it is an operator's tool on that
 * host (`guichet bench`, the end-to-end harness) and is not rate-limited per IP.
 */
export function isProxyHostCaller(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: readonly string[],
): boolean {
  const ip = (peer ?? "").trim().replace(/^::ffff:/, "");
  return forwardedFor === undefined && trustedProxies.some((proxy) => proxy.trim().replace(/^::ffff:/, "") === ip);
}
