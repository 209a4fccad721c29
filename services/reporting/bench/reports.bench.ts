// Report timings on 1,000,000 synthetic requests (a benchmark, not a test: it prints figures).
// Run from the repository root: npx tsx --tsconfig tsconfig.nest.json services/reporting/bench/reports.bench.ts [rows]
// Uses GUICHET_TEST_DATABASE_URL (or the local server) to create and drop a scratch database.
import { loadavg } from "node:os";
import { Writable } from "node:stream";
import { streamCsv } from "../src/exports/request-export.ts";
import { parseReportQuery } from "../src/reports/report-params.ts";
import { backlogSql, SlaReportQuery } from "../src/reports/sla-report.query.ts";
import { refreshRollup } from "../src/rollup/service-day.rollup.ts";
import { openScratchReporting, SCHEMA } from "./scratch-database.ts";
import { loadSyntheticRequests } from "./synthetic-requests.ts";

const ROWS = Number(process.argv[2] ?? 1_000_000);

const { pool, close } = await openScratchReporting("reporting-bench");
try {
  const load1 = () => loadavg()[0]?.toFixed(1);
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(", ")} (${navigator.hardwareConcurrency} cores)`,
  );
  let started = performance.now();
  await loadSyntheticRequests(pool, SCHEMA, ROWS);
  console.log(`loaded ${ROWS.toLocaleString("en")} requests in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  await pool.query(
    `INSERT INTO ${SCHEMA}.sla_rollup_dirty SELECT DISTINCT COALESCE(service_id, ''), (received_at AT TIME ZONE 'Europe/Paris')::date FROM ${SCHEMA}.request_fact`,
  );
  const pairs = await refreshRollup(pool, SCHEMA);
  await pool.query(`VACUUM ANALYZE ${SCHEMA}.sla_service_day`);
  await pool.query(`VACUUM ANALYZE ${SCHEMA}.sla_service_month`);
  console.log(
    `rollup of ${pairs} (service, day) pairs and their months built in ${((performance.now() - started) / 1000).toFixed(1)} s (load ${load1()})`,
  );

  const reports = new SlaReportQuery(pool, SCHEMA);
  const asOf = "2026-01-15T12:00:00+01:00";
  const time = async (label: string, raw: Record<string, string>, target: number, compare = false) => {
    const query = parseReportQuery({ asOf, ...raw });
    await reports.sla(query, null); // warm-up
    const runs: number[] = [];
    let result = await reports.sla(query, null);
    for (let i = 0; i < 7; i += 1) {
      const t = performance.now();
      result = await reports.sla(query, null);
      runs.push(performance.now() - t);
    }
    runs.sort((a, b) => a - b);
    const median = runs[3] ?? 0;
    let check = "";
    if (compare) {
      // The same report through the exact SQL path (a channel filter keeping every request).
      const exact = await reports.sla(
        parseReportQuery({ asOf, ...raw, channel: "web,email,phone,counter,postal" }),
        null,
      );
      let deviation = 0;
      let counts = JSON.stringify(result.backlog) === JSON.stringify(exact.backlog);
      result.rows.forEach((row, i) => {
        const other = exact.rows[i];
        counts &&= row.volume === other?.volume && row.open === other.open;
        for (const [name, f] of Object.entries(row.measures)) {
          const e = other?.measures[name as keyof typeof row.measures];
          counts &&= f.within === e?.within && f.missed === e.missed && f.pending === e.pending;
          for (const k of ["medianHours", "p90Hours"] as const) {
            const b = e?.[k] ?? 0;
            if (b > 0) deviation = Math.max(deviation, Math.abs((f[k] ?? 0) - b) / b);
          }
        }
      });
      check = `; vs exact SQL: counts ${counts ? "identical" : "DIFFER"}, percentiles within ${(deviation * 100).toFixed(3)} %`;
    }
    console.log(
      `${label}: median ${median.toFixed(1)} ms over 7 runs (min ${runs[0]?.toFixed(1)}, max ${runs[6]?.toFixed(1)}; ` +
        `${result.rows.length} rows; target < ${target} ms; load ${load1()})${check}`,
    );
  };
  await time("4-week report by service", { from: "2025-06-02", to: "2025-06-29", groupBy: "service" }, 100, true);
  await time(
    "4-week report by service and week",
    { from: "2025-06-02", to: "2025-06-29", groupBy: "service", period: "week" },
    100,
  );
  await time("full-year report by service", { from: "2025-01-01", to: "2025-12-31", groupBy: "service" }, 500, true);
  await time(
    "full-year report by service and month",
    { from: "2025-01-01", to: "2025-12-31", groupBy: "service", period: "month" },
    500,
    true,
  );
  await time(
    "10 Jan - 20 Dec by service (partial months from the day level)",
    { from: "2025-01-10", to: "2025-12-20", groupBy: "service" },
    500,
    true,
  );
  await time(
    "full-year report by a manager's 3 services",
    { from: "2025-01-01", to: "2025-12-31", groupBy: "service", service: "svc-1,svc-2,svc-3" },
    500,
  );
  await time(
    "4-week report by channel (no rollup: SQL over request_fact)",
    { from: "2025-06-02", to: "2025-06-29", groupBy: "channel" },
    100,
  );

  // The backlog of the SQL path alone (request_fact, partial index of open requests); the rollup path
  // counts it from the open requests of sla_service_day.
  {
    const query = parseReportQuery({ asOf, from: "2025-01-01", to: "2025-12-31", groupBy: "service" });
    const backlog = backlogSql(query, null, new Date(asOf));
    const client = await pool.connect();
    try {
      await client.query(`SET search_path TO ${SCHEMA}`);
      const t = performance.now();
      await client.query(backlog.text, backlog.values);
      console.log(`  backlog query of the SQL path (full year): ${(performance.now() - t).toFixed(1)} ms`);
    } finally {
      await client.query("RESET search_path");
      client.release();
    }
  }

  // CSV export of the year into a sink, sampling the resident memory.
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  let bytes = 0;
  let lines = 0;
  const checkpoints: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      lines += 1;
      // Peak RSS so far at each quarter of the export: flat means the export does not accumulate.
      if (lines % Math.ceil(ROWS / 4) === 0) checkpoints.push(`${(peak / 1e6).toFixed(0)} MB`);
      done();
    },
  });
  started = performance.now();
  await streamCsv(pool, SCHEMA, parseReportQuery({ from: "2025-01-01", to: "2025-12-31" }), null, sink);
  clearInterval(sampler);
  console.log(
    `CSV export of the year: ${(lines - 1).toLocaleString("en")} rows, ${(bytes / 1e6).toFixed(0)} MB in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s; RSS ${(baseline / 1e6).toFixed(0)} MB before, ` +
      `peak ${(peak / 1e6).toFixed(0)} MB (+${((peak - baseline) / 1e6).toFixed(0)} MB); peak at each quarter: ${checkpoints.join(", ")}`,
  );
} finally {
  await close();
}
