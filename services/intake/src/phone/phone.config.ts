import { z } from "zod";
import { isKnownTimeZone } from "./local-time.ts";

// The phone part of intake's environment schema. config.ts merges this shape into its own and is
// still the only file that reads process.env.

export const phoneEnvShape = {
  /**
   * Shared secret of the CTI webhook (HMAC-SHA256 of each body). Unset: the webhook answers 503,
   * which a connector notices at once, rather than accepting unsigned calls.
   */
  INTAKE_CTI_SECRET: z.string().min(32, "at least 32 characters").optional(),
  /** Zone of the switchboard's clock in Asterisk CDRs: Europe/Paris, or UTC with usegmtime=yes. */
  INTAKE_SWITCHBOARD_TIME_ZONE: z
    .string()
    .default("Europe/Paris")
    .refine(isKnownTimeZone, "unknown time zone (IANA name expected, e.g. Europe/Paris)"),
};

export interface PhoneConfig {
  ctiSecret: string | null;
  switchboardTimeZone: string;
}

export const defaultPhoneConfig: PhoneConfig = { ctiSecret: null, switchboardTimeZone: "Europe/Paris" };

export function phoneConfigOf(env: {
  INTAKE_CTI_SECRET?: string | undefined;
  INTAKE_SWITCHBOARD_TIME_ZONE: string;
}): PhoneConfig {
  return { ctiSecret: env.INTAKE_CTI_SECRET ?? null, switchboardTimeZone: env.INTAKE_SWITCHBOARD_TIME_ZONE };
}
