import { baseEnvSchema, type InfrastructureOptions, infrastructureOptions, parseEnv } from "@guichet/runtime";
import { z } from "zod";
import { type EmailConfig, emailConfigOf, emailEnvShape } from "./mailbox/email.config.ts";
import { type PhoneConfig, phoneConfigOf, phoneEnvShape } from "./phone/phone.config.ts";
import { REFERENCE_PREFIX } from "./requests/reference-allocator.ts";
import { type WebConfig, webConfigOf, webEnvShape } from "./web/web.config.ts";

const envSchema = baseEnvSchema.extend({
  INTAKE_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** Prefix of request references: LA-2026-000123. */
  GUICHET_REFERENCE_PREFIX: z.string().regex(REFERENCE_PREFIX).default("LA"),
  /** Public base URL of the citizen site, for the private tracking links. */
  GUICHET_PUBLIC_URL: z.url().default("http://127.0.0.1:3000"),
  ...emailEnvShape,
  ...phoneEnvShape,
  ...webEnvShape,
});

export interface IntakeConfig {
  infrastructure: InfrastructureOptions;
  port: number;
  referencePrefix: string;
  publicUrl: string;
  /** E-mail channel: SMTP receiver, IMAP poller, loop protection (mailbox/email.config.ts). */
  email: EmailConfig;
  /** Phone channel: CTI webhook secret, switchboard clock (phone/phone.config.ts); defaults when absent. */
  phone?: PhoneConfig | undefined;
  /** Web, Open311, counter and postal pages: catalogue source, rate limit, town (web/web.config.ts). */
  web: WebConfig;
}

/** The only place intake reads the environment. */
export function loadIntakeConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  const parsed = parseEnv(envSchema, env);
  return {
    infrastructure: infrastructureOptions(parsed),
    port: parsed.INTAKE_PORT,
    referencePrefix: parsed.GUICHET_REFERENCE_PREFIX,
    publicUrl: parsed.GUICHET_PUBLIC_URL,
    email: emailConfigOf(parsed),
    phone: phoneConfigOf(parsed),
    web: webConfigOf(parsed),
  };
}
