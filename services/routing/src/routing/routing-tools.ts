import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { channelSchema } from "@guichet/contracts";
import { migrate, prismaAdapter } from "@guichet/db";
import pg from "pg";
import { z } from "zod";
import { PrismaClient } from "../../generated/prisma/client.ts";
import { serializeCatalog } from "../catalog/catalog-serializer.ts";
import { validateCatalog } from "../catalog/catalog-validation.ts";
import { CatalogVersions } from "../catalog-store/catalog-versions.ts";
import { parseLabelledRequests } from "../domain/routing-evaluation.ts";
import { NaiveBayesClassifier } from "../domain/text-classifier.ts";
import { RoutingEngine } from "./routing-engine.ts";
import { RoutingModels, type TrainingSummary } from "./routing-models.ts";

/*
 * What the operator CLI (`guichet route`, `guichet catalog`, `guichet routing`) does with routing's
 * data, kept here so the CLI only parses arguments and prints.
 */

const SCHEMA = "routing";
const migrationsDir = fileURLToPath(new URL("../../migrations", import.meta.url));
export const DEFAULT_CATALOG_FILE = fileURLToPath(
  new URL("../../../../data/loire-authion/catalog.yaml", import.meta.url),
);
export const DEFAULT_BOOTSTRAP_FILE = fileURLToPath(new URL("../../bench/labelled-requests.jsonl", import.meta.url));

/** The request `guichet route --explain` reads on stdin. */
export const explainInputSchema = z.strictObject({
  channel: channelSchema,
  subject: z.string().max(300).nullable().optional(),
  body: z.string().max(100_000),
  site: z.string().max(80).nullable().optional(),
  /** A subject already chosen by the citizen or an agent, to check direct routing. */
  subjectId: z.string().max(80).nullable().optional(),
});

export interface ExplainResult {
  serviceId: string;
  subjectId: string | null;
  method: string;
  confidence: number;
  explanation: string;
}

export interface ExplainSources {
  /** e.g. "database, catalogue version 3, model version 2" or "file …/catalog.yaml, model trained from …". */
  catalog: string;
  model: string;
}

/** Parses the stdin document; the error names each faulty field. */
export function parseExplainInput(text: string): z.infer<typeof explainInputSchema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`invalid JSON on stdin: ${(error as Error).message}`);
  }
  const parsed = explainInputSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `invalid request: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

async function fromDatabase(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    const catalog = await client.query<{ version: number; content: string }>(
      `SELECT version, content FROM ${SCHEMA}.catalog_version ORDER BY version DESC LIMIT 1`,
    );
    const model = await client
      .query<{ version: number; model: string }>(
        `SELECT version, model FROM ${SCHEMA}.routing_model ORDER BY version DESC LIMIT 1`,
      )
      .catch(() => ({ rows: [] as { version: number; model: string }[] }));
    return { catalog: catalog.rows[0], model: model.rows[0] };
  } finally {
    await client.end();
  }
}

/**
 * Decides where a request would go, storing nothing: with the active catalogue and model of the
 * database when it answers, else with the catalogue file and a model trained from the labelled set.
 */
export async function explainRoute(
  input: z.infer<typeof explainInputSchema>,
  options: { databaseUrl?: string | undefined; catalogFile: string; bootstrapFile: string },
): Promise<{ result: ExplainResult; sources: ExplainSources }> {
  let stored: Awaited<ReturnType<typeof fromDatabase>> | null = null;
  let unreachable = "";
  if (options.databaseUrl) {
    try {
      stored = await fromDatabase(options.databaseUrl);
    } catch (error) {
      unreachable = ` (database unreachable: ${(error as Error).message})`;
    }
  } else unreachable = " (no DATABASE_URL)";
  const sources: ExplainSources = { catalog: "", model: "" };
  let catalog: { version: number; catalog: ReturnType<typeof validateCatalog> };
  if (stored?.catalog) {
    catalog = { version: stored.catalog.version, catalog: validateCatalog(stored.catalog.content) };
    sources.catalog = `database, catalogue version ${stored.catalog.version}`;
  } else {
    catalog = { version: 0, catalog: validateCatalog(await readFile(options.catalogFile, "utf8")) };
    sources.catalog = `file ${options.catalogFile}${stored ? " (database has no catalogue yet)" : unreachable}`;
  }
  let model: { version: number; classifier: NaiveBayesClassifier };
  if (stored?.model) {
    model = {
      version: stored.model.version,
      classifier: NaiveBayesClassifier.fromJSON(JSON.parse(stored.model.model)),
    };
    sources.model = `database, model version ${stored.model.version}`;
  } else {
    const labelled = parseLabelledRequests(await readFile(options.bootstrapFile, "utf8"));
    const { trainRoutingModel } = await import("../domain/model-training.ts");
    const examples = labelled.flatMap((r) =>
      r.expectedSubjectId ? [{ text: `${r.title ?? ""}\n${r.body}`, subjectId: r.expectedSubjectId }] : [],
    );
    model = { version: 0, classifier: trainRoutingModel(examples, catalog.catalog) };
    sources.model = `trained now from ${options.bootstrapFile} (no stored model)`;
  }
  const engine = new RoutingEngine({ catalog: () => catalog, model: () => model });
  const { decision } = engine.decide({
    channel: input.channel,
    title: input.subject ?? null,
    body: input.body,
    siteId: input.site ?? null,
    subjectId: input.subjectId ?? null,
  });
  return {
    result: {
      serviceId: decision.serviceId,
      subjectId: decision.subjectId,
      method: decision.method,
      confidence: Math.round(decision.confidence * 1000) / 1000,
      explanation: decision.explanation,
    },
    sources,
  };
}

/** Routing's tables, migrated, for one CLI command. */
async function withRoutingStore<T>(databaseUrl: string, work: (db: PrismaClient) => Promise<T>): Promise<T> {
  await migrate({ connectionString: databaseUrl, schema: SCHEMA, migrationsDir });
  const prisma = new PrismaClient({ adapter: prismaAdapter(databaseUrl, SCHEMA) });
  try {
    return await work(prisma);
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * Imports a version and retrains the model on it (new subjects known, removed ones forgotten).
 * @throws CatalogError naming each faulty entry; the active version is then unchanged.
 */
export async function importCatalogFile(
  databaseUrl: string,
  content: string,
  origin: { source: string; createdBy: string; comment?: string },
  bootstrapFile: string = DEFAULT_BOOTSTRAP_FILE,
): Promise<{ version: number; modelVersion: number }> {
  return withRoutingStore(databaseUrl, async (db) => {
    const active = await new CatalogVersions(db).import(content, origin);
    const models = new RoutingModels(db, async () => parseLabelledRequests(await readFile(bootstrapFile, "utf8")));
    const model = await models.train(active, origin.createdBy);
    return { version: active.version, modelVersion: model.version };
  });
}

/** The stored text of a version (the newest by default), or null when there is none. */
export async function exportCatalog(databaseUrl: string, version?: number): Promise<string | null> {
  return withRoutingStore(databaseUrl, (db) => new CatalogVersions(db).content(version));
}

/** Re-serialises a catalogue file in the documented format (normalises a hand-written file). */
export function normaliseCatalog(content: string): string {
  return serializeCatalog(validateCatalog(content));
}

/** `guichet routing train`: retrains on the routed history and stores a new model version. */
export async function retrainModel(
  databaseUrl: string,
  options: { createdBy: string; catalogFile: string; bootstrapFile: string },
): Promise<TrainingSummary> {
  return withRoutingStore(databaseUrl, async (db) => {
    const catalogs = new CatalogVersions(db);
    const active = await catalogs.load(options.catalogFile);
    const models = new RoutingModels(db, async () =>
      parseLabelledRequests(await readFile(options.bootstrapFile, "utf8")),
    );
    return models.train(active, options.createdBy);
  });
}
