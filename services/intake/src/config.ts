import { baseEnvSchema, type InfrastructureOptions, infrastructureOptions, parseEnv } from "@guichet/runtime";
import { z } from "zod";

const envSchema = baseEnvSchema.extend({
  INTAKE_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** Prefix of request references: LA-2026-000123. */
  GUICHET_REFERENCE_PREFIX: z
    .string()
    .regex(/^[A-Z]{1,6}$/)
    .default("LA"),
  /** Public base URL of the citizen site, for the private tracking links. */
  GUICHET_PUBLIC_URL: z.url().default("http://127.0.0.1:3000"),
});

export interface IntakeConfig {
  infrastructure: InfrastructureOptions;
  port: number;
  referencePrefix: string;
  publicUrl: string;
}

/** The only place intake reads the environment. */
export function loadIntakeConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  const parsed = parseEnv(envSchema, env);
  return {
    infrastructure: infrastructureOptions(parsed),
    port: parsed.INTAKE_PORT,
    referencePrefix: parsed.GUICHET_REFERENCE_PREFIX,
    publicUrl: parsed.GUICHET_PUBLIC_URL,
  };
}
