import { fileURLToPath } from "node:url";
import { baseEnvSchema, type InfrastructureOptions, infrastructureOptions, parseEnv } from "@guichet/runtime";
import { z } from "zod";

const demoCatalog = fileURLToPath(new URL("../../../data/loire-authion/catalog.yaml", import.meta.url));

const envSchema = baseEnvSchema.extend({
  ROUTING_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  /** Catalogue imported when the database has none yet (the Loire-Authion demo by default). */
  GUICHET_CATALOG_FILE: z.string().min(1).default(demoCatalog),
});

export interface RoutingConfig {
  infrastructure: InfrastructureOptions;
  port: number;
  initialCatalogFile: string;
}

/** The only place routing reads the environment. */
export function loadRoutingConfig(env: Record<string, string | undefined> = process.env): RoutingConfig {
  const parsed = parseEnv(envSchema, env);
  return {
    infrastructure: infrastructureOptions(parsed),
    port: parsed.ROUTING_PORT,
    initialCatalogFile: parsed.GUICHET_CATALOG_FILE,
  };
}
