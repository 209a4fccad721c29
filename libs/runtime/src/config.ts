import { z } from "zod";

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Variables every service reads. Each service extends this in its own `config.ts`, the only file
 * of the service that touches `process.env`.
 */
export const baseEnvSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  NATS_URL: z.string().min(1).default("nats://127.0.0.1:4222"),
  GUICHET_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,30}$/, "lower-case letters, digits and _, starting with a letter")
    .default("guichet"),
  NATS_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /**
   * Events each service's consumer handles at once. Events of one request stay in stream order
   * (they share a lane); only different requests run side by side. 1 = strictly one at a time.
   */
  GUICHET_CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  HOST: z.string().default("127.0.0.1"),
  /**
   * Shared secret with which the web gateway signs the staff identity it forwards to the services
   * (header x-guichet-identity). The default only suits a developer's machine.
   */
  GUICHET_IDENTITY_SECRET: z
    .string()
    .min(32, "at least 32 characters")
    .default("dev-only-identity-secret-change-me-0000"),
});
export type BaseEnv = z.infer<typeof baseEnvSchema>;

/** Production: GUICHET_ENV=production, or NODE_ENV=production (the image sets it) unless GUICHET_ENV says otherwise. */
function isProduction(env: Record<string, string | undefined>): boolean {
  return (env.GUICHET_ENV ?? env.NODE_ENV) === "production";
}

const SECRET_NAME = /SECRET|_KEY$|PASSWORD/;
const PLACEHOLDER = /^(dev-only|change-me)/i;

/**
 * In production, a secret still at its development default or at the example file's placeholder,
 * and the demo accounts, stop the boot: a town must never run on a key published in this repository.
 */
function productionProblems(parsed: Record<string, unknown>, env: Record<string, string | undefined>): string[] {
  if (!isProduction(env)) return [];
  const problems = Object.entries(parsed)
    .filter(([name, value]) => SECRET_NAME.test(name) && typeof value === "string" && PLACEHOLDER.test(value))
    .map(
      ([name]) =>
        `${name}: the development default or the example value is refused in production (set a random secret)`,
    );
  if (env.GUICHET_DEMO === "true")
    problems.push("GUICHET_DEMO: demo accounts with a known password are refused in production");
  return problems;
}

/** Parses the environment with a zod schema; every wrong or missing variable is named. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) {
    const problems = productionProblems(result.data as Record<string, unknown>, env);
    if (problems.length) throw new ConfigError(problems);
    return result.data;
  }
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join(".") || "(environment)";
      const given = issue.path.length ? env[String(issue.path[0])] : undefined;
      return given === undefined ? `${name}: ${issue.message} (not set)` : `${name}: ${issue.message}`;
    }),
  );
}

/** The part of every service's typed options that comes from the base variables. */
export interface InfrastructureOptions {
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
  natsReplicas: number;
  consumerConcurrency: number;
  logLevel: BaseEnv["LOG_LEVEL"];
  otlpTracesEndpoint: string | undefined;
  host: string;
  /** HMAC key of the staff identity header set by the web gateway (see @guichet/web). */
  identitySecret: string;
}

export function infrastructureOptions(env: BaseEnv): InfrastructureOptions {
  return {
    databaseUrl: env.DATABASE_URL,
    natsUrl: env.NATS_URL,
    namespace: env.GUICHET_NAMESPACE,
    natsReplicas: env.NATS_REPLICAS,
    consumerConcurrency: env.GUICHET_CONSUMER_CONCURRENCY,
    logLevel: env.LOG_LEVEL,
    otlpTracesEndpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
    host: env.HOST,
    identitySecret: env.GUICHET_IDENTITY_SECRET,
  };
}
