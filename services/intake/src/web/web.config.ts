import { isIP } from "node:net";
import { z } from "zod";

// The web part of intake's environment schema. config.ts merges this shape into its own and is
// still the only file that reads process.env.

export const webEnvShape = {
  /** Routing's base URL, for the catalogue (subjects and sites) offered by the forms. */
  ROUTING_URL: z.url().default("http://127.0.0.1:3002"),
  /** Town name shown in the page layout. */
  GUICHET_TOWN_NAME: z.string().min(1).default("Loire-Authion"),
  /** Public submissions (form, JSON API, Open311) per client IP: bucket size... */
  INTAKE_SUBMISSIONS_BURST: z.coerce.number().int().min(1).default(10),
  /** ...refilled at this many submissions per hour. */
  INTAKE_SUBMISSIONS_PER_HOUR: z.coerce.number().int().min(1).default(60),
  /**
   * Comma-separated IPs of the reverse proxies (the gateway) whose X-Forwarded-For is believed.
   * Anyone else's X-Forwarded-For is ignored, so a client cannot pick its own rate-limit bucket.
   */
  INTAKE_TRUSTED_PROXIES: z
    .string()
    .default("127.0.0.1,::1")
    .refine(
      (value) =>
        value
          .split(",")
          .map((ip) => ip.trim())
          .filter(Boolean)
          .every((ip) => isIP(ip) !== 0),
      "comma-separated IP addresses expected",
    ),
};

export interface WebConfig {
  routingUrl: string;
  townName: string;
  rateLimit: { burst: number; perHour: number };
  trustedProxies: string[];
}

export function webConfigOf(env: {
  ROUTING_URL: string;
  GUICHET_TOWN_NAME: string;
  INTAKE_SUBMISSIONS_BURST: number;
  INTAKE_SUBMISSIONS_PER_HOUR: number;
  INTAKE_TRUSTED_PROXIES: string;
}): WebConfig {
  return {
    routingUrl: env.ROUTING_URL.replace(/\/+$/, ""),
    townName: env.GUICHET_TOWN_NAME,
    rateLimit: { burst: env.INTAKE_SUBMISSIONS_BURST, perHour: env.INTAKE_SUBMISSIONS_PER_HOUR },
    trustedProxies: env.INTAKE_TRUSTED_PROXIES.split(",")
      .map((ip) => ip.trim())
      .filter(Boolean),
  };
}
