/**
 * Fixed-window counters per key (bucket + client IP), in memory: enough for one gateway instance;
 * several instances each apply the limit (a town runs one or two). Old windows are swept lazily.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly windowMs = 60_000) {}

  /** null when allowed, else the seconds to wait (Retry-After). */
  hit(key: string, limit: number, now = Date.now()): number | null {
    if (this.windows.size > 50_000) this.sweep(now);
    const window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      return null;
    }
    window.count += 1;
    if (window.count <= limit) return null;
    return Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
  }
}

// Appointment and room bookings too: a script must not be able to take every slot of a month.
const PUBLIC_FORM =
  /^\/(demande|suivi|satisfaction\/|volontaires|open311\/|rendez-vous|salles)|^\/api\/(requests\/?$|appointments)/;

/** The rate-limit bucket of a request, or null when it is not limited. Staff are never limited here. */
export function rateLimitBucket(method: string, pathname: string, signedIn: boolean): "sign-in" | "public-form" | null {
  if (method !== "POST") return null;
  if (pathname === "/connexion") return "sign-in";
  if (!signedIn && PUBLIC_FORM.test(pathname)) return "public-form";
  return null;
}
