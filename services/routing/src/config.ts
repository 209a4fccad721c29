import { fileURLToPath } from "node:url";
import { baseEnvSchema, type InfrastructureOptions, infrastructureOptions, parseEnv } from "@guichet/runtime";
import { z } from "zod";

const demoCatalog = fileURLToPath(new URL("../../../data/loire-authion/catalog.yaml", import.meta.url));
const labelledRequests = fileURLToPath(new URL("../bench/labelled-requests.jsonl", import.meta.url));

const envSchema = baseEnvSchema.extend({
  ROUTING_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  /** Catalogue imported when the database has none yet (the Loire-Authion demo by default). */
  GUICHET_CATALOG_FILE: z.string().min(1).default(demoCatalog),
  /** Labelled requests the learned model starts from while the town's own history is short. */
  ROUTING_BOOTSTRAP_FILE: z.string().min(1).default(labelledRequests),
  /** Below this confidence (0..1) a request goes to the triage queue. */
  ROUTING_TRIAGE_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  /** How often a catalogue or model stored by another process (CLI) is picked up. */
  ROUTING_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
});

export interface RoutingConfig {
  infrastructure: InfrastructureOptions;
  port: number;
  initialCatalogFile: string;
  routing: { bootstrapFile: string; triageThreshold: number | undefined; refreshSeconds: number };
}

/** The only place routing reads the environment. */
export function loadRoutingConfig(env: Record<string, string | undefined> = process.env): RoutingConfig {
  const parsed = parseEnv(envSchema, env);
  return {
    infrastructure: infrastructureOptions(parsed),
    port: parsed.ROUTING_PORT,
    initialCatalogFile: parsed.GUICHET_CATALOG_FILE,
    routing: {
      bootstrapFile: parsed.ROUTING_BOOTSTRAP_FILE,
      triageThreshold: parsed.ROUTING_TRIAGE_THRESHOLD,
      refreshSeconds: parsed.ROUTING_REFRESH_SECONDS,
    },
  };
}
