/**
 * `guichet routing train` end to end on 50,000 past requests: reads the history from PostgreSQL,
 * trains, stores the model. Creates a scratch database on the server of GUICHET_BENCH_ADMIN_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres) and drops it afterwards.
 * Run: npx tsx services/routing/bench/retrain-speed.ts
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { parseCatalog } from "../src/catalog/catalog-loader.ts";
import { contentTerms } from "../src/domain/french-text.ts";
import { parseLabelledRequests } from "../src/domain/routing-evaluation.ts";
import {
  DEFAULT_BOOTSTRAP_FILE,
  DEFAULT_CATALOG_FILE,
  importCatalogFile,
  retrainModel,
} from "../src/routing/routing-tools.ts";
import { synthesiseRequests } from "./synthetic-requests.ts";

const adminUrl = process.env.GUICHET_BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `guichet_bench_${Date.now()}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const databaseUrl = url.toString();
try {
  const catalogText = readFileSync(DEFAULT_CATALOG_FILE, "utf8");
  await importCatalogFile(databaseUrl, catalogText, { source: "bench", createdBy: "bench" });
  const labelled = parseLabelledRequests(readFileSync(DEFAULT_BOOTSTRAP_FILE, "utf8"));
  const history = synthesiseRequests(labelled, parseCatalog(catalogText), 50_000, 7);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  let started = performance.now();
  for (let i = 0; i < history.length; i += 5000) {
    const batch = history.slice(i, i + 5000);
    await db.query(
      `INSERT INTO routing.routing_decision (request_id, method, service_id, subject_id, confidence, explanation, catalog_version, training_terms, decided_at)
       SELECT unnest($1::uuid[]), 'rule', 'x', unnest($2::text[]), 0.9, 'bench', 1, unnest($3::text[]), now()`,
      [batch.map(() => randomUUID()), batch.map((h) => h.subjectId), batch.map((h) => contentTerms(h.text).join(" "))],
    );
  }
  await db.end();
  console.log(
    `history of ${history.length} decisions written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  started = performance.now();
  const summary = await retrainModel(databaseUrl, {
    createdBy: "bench",
    catalogFile: DEFAULT_CATALOG_FILE,
    bootstrapFile: DEFAULT_BOOTSTRAP_FILE,
  });
  const total = (performance.now() - started) / 1000;
  console.log(
    `guichet routing train on ${summary.historyExamples} past requests: ${total.toFixed(1)} s in all (training itself ${(summary.trainingMs / 1000).toFixed(1)} s), model version ${summary.version}   target < 60 s`,
  );
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
