// Experiment report timings over 1,000,000 synthetic requests (a benchmark, not a test: it prints figures).
// Run from the repository root: npx tsx --tsconfig tsconfig.nest.json services/reporting/bench/experiment.bench.ts [rows]
// Same data as reports.bench.ts (loadSyntheticRequests), plus calls and survey answers.
import { loadavg } from "node:os";
import { Writable } from "node:stream";
import { withPgTransaction } from "@guichet/db";
import { ExperimentRepository } from "../src/experiments/experiment.repository.ts";
import type { Experiment } from "../src/experiments/experiment.types.ts";
import { writeExperimentReportPdf } from "../src/experiments/experiment-report.pdf.ts";
import { ExperimentReportQuery } from "../src/experiments/experiment-report.query.ts";
import { ExperimentReportBuilder } from "../src/experiments/experiment-report.ts";
import { VolunteerRepository } from "../src/volunteers/volunteer.repository.ts";
import { openScratchReporting, SCHEMA } from "./scratch-database.ts";
import { loadSyntheticRequests } from "./synthetic-requests.ts";

const ROWS = Number(process.argv[2] ?? 1_000_000);
const load1 = () => loadavg()[0]?.toFixed(1);

const { pool, close } = await openScratchReporting("reporting-experiment-bench");
try {
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(", ")} (${navigator.hardwareConcurrency} cores)`,
  );
  const started = performance.now();
  await loadSyntheticRequests(pool, SCHEMA, ROWS);
  // One call per 4 requests on the same sites, and a survey answer for 1 closed request in 10.
  await pool.query(`
    INSERT INTO ${SCHEMA}.call_fact (call_id, source, site_id, offered_at, outcome, wait_seconds, talk_seconds)
    SELECT 'call-' || i, 'cti', 'site-' || (i % 9),
      timestamptz '2025-01-01 00:00+01' + (i::float8 / ${ROWS / 4}) * interval '365 days',
      CASE WHEN i % 8 = 0 THEN 'abandoned' ELSE 'answered' END, i % 120, 180
    FROM generate_series(1, ${ROWS / 4}) AS i`);
  await pool.query(`
    INSERT INTO ${SCHEMA}.survey_answer (request_id, score, channel, recorded_by_staff, answered_at)
    SELECT request_id, 1 + abs(hashtext(request_id::text)) % 5, 'email', false, closed_at
      FROM ${SCHEMA}.request_fact WHERE closed_at IS NOT NULL AND abs(hashtext(reference)) % 10 = 0`);
  await pool.query(`VACUUM ANALYZE ${SCHEMA}.call_fact`);
  await pool.query(`VACUUM ANALYZE ${SCHEMA}.survey_answer`);
  console.log(
    `loaded ${ROWS.toLocaleString("en")} requests, calls and answers in ${((performance.now() - started) / 1000).toFixed(1)} s (load ${load1()})`,
  );

  const repository = new ExperimentRepository(pool, SCHEMA);
  const builder = new ExperimentReportBuilder(
    repository,
    new ExperimentReportQuery(pool, SCHEMA),
    new VolunteerRepository(pool, SCHEMA),
  );
  const base = {
    hypothesis: "bench",
    change: "bench",
    channels: [],
    subjectIds: [],
    serviceIds: [],
    definedBy: "bench",
    definedAt: new Date().toISOString(),
  };
  const experiments: Experiment[] = [
    {
      ...base,
      id: "one-annex-month",
      name: "one site, June vs May",
      from: "2025-06-01",
      to: "2025-06-30",
      siteIds: ["site-3"],
      comparison: { kind: "before", from: "2025-05-01", to: "2025-05-31" },
    },
    {
      ...base,
      id: "group-quarter",
      name: "2 sites vs 3 sites, a quarter",
      from: "2025-04-01",
      to: "2025-06-30",
      siteIds: ["site-1", "site-2"],
      comparison: { kind: "group", siteIds: ["site-4", "site-5", "site-6"] },
    },
    {
      ...base,
      id: "all-half-year",
      name: "every site, H2 vs H1",
      from: "2025-07-01",
      to: "2025-12-31",
      siteIds: [],
      comparison: { kind: "before", from: "2025-01-01", to: "2025-06-30" },
    },
  ];
  await withPgTransaction(pool, async (tx) => {
    for (const e of experiments) await repository.save(tx, e);
  });
  const asOf = new Date("2026-01-15T12:00:00+01:00");
  for (const e of experiments) {
    let report = await builder.report(e.id, null, asOf); // warm-up
    const runs: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const t = performance.now();
      report = await builder.report(e.id, null, asOf);
      runs.push(performance.now() - t);
    }
    runs.sort((a, b) => a - b);
    const t = performance.now();
    await writeExperimentReportPdf(report, "Loire-Authion", new Writable({ write: (_c, _e, done) => done() }));
    const pdfMs = performance.now() - t;
    console.log(
      `${e.name}: report median ${runs[2]?.toFixed(0)} ms over 5 runs (min ${runs[0]?.toFixed(0)}, max ${runs[4]?.toFixed(0)}; ` +
        `${report.treatment.requests.toLocaleString("en")} vs ${report.comparison.requests.toLocaleString("en")} requests; ` +
        `PDF ${pdfMs.toFixed(0)} ms; load ${load1()})`,
    );
  }
} finally {
  await close();
}
