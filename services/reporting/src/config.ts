import { baseEnvSchema, type InfrastructureOptions, infrastructureOptions, parseEnv } from "@guichet/runtime";
import { z } from "zod";

const envSchema = baseEnvSchema.extend({
  REPORTING_PORT: z.coerce.number().int().min(0).max(65535).default(3004),
});

export interface ReportingConfig {
  infrastructure: InfrastructureOptions;
  port: number;
}

/** The only place reporting reads the environment. */
export function loadReportingConfig(env: Record<string, string | undefined> = process.env): ReportingConfig {
  const parsed = parseEnv(envSchema, env);
  return { infrastructure: infrastructureOptions(parsed), port: parsed.REPORTING_PORT };
}
