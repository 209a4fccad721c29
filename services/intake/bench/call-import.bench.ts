/**
 * Call-log import throughput through the real path (PostgreSQL, batched inserts, callback requests,
 * outbox events): `npx tsx --tsconfig tsconfig.nest.json services/intake/bench/call-import.bench.ts [rows]`.
 * Generates an Asterisk Master.csv in a temporary directory, imports it into a fresh database, then
 * imports it again (all duplicates). Prints figures only; the target is 100,000 rows in under 30 s.
 * Database server: GUICHET_TEST_DATABASE_URL, else the local default of @guichet/testing.
 */
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, DEFAULT_POSTGRES_URL } from "@guichet/testing/servers";
import pg from "pg";
import { defaultPhoneConfig } from "../src/phone/phone.config.ts";
import { openPhoneChannel } from "../src/phone/phone-channel.ts";

const total = Number(process.argv[2] ?? 100_000);

/** A town hall's year or two of calls: repeat callers, mostly answered, some missed, a few withheld. */
function masterCsv(rows: number): string {
  const lines: string[] = [];
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const pad = (n: number) => String(n).padStart(2, "0");
  const local = (ms: number) => {
    const d = new Date(ms);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  };
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  // Wall-clock times "as if UTC" between 8:30 and 17:30, 250 calls a day from 1 January 2025.
  const day0 = Date.UTC(2025, 0, 2);
  for (let i = 0; i < rows; i++) {
    const start = day0 + Math.floor(i / 250) * 86_400_000 + 30_600_000 + Math.floor(random() * 32_400_000);
    const roll = random();
    const mobile = random() < 0.6;
    const subscriber = String(Math.floor(random() * 20_000)).padStart(6, "0");
    let src = mobile ? `06${subscriber.slice(0, 2)}${subscriber}` : `0241${subscriber}`;
    if (roll > 0.97) src = "anonymous";
    if (roll < 0.02) src = "201";
    const wait = 5 + Math.floor(random() * 120);
    const talk = 30 + Math.floor(random() * 400);
    let disposition = "ANSWERED";
    let dstchannel = `PJSIP/2${pad(Math.floor(random() * 20))}-${i.toString(16).padStart(8, "0")}`;
    if (roll > 0.82 && roll <= 0.92) disposition = "NO ANSWER";
    else if (roll > 0.92 && roll <= 0.94) disposition = "BUSY";
    else if (roll > 0.94 && roll <= 0.97) dstchannel = "";
    const answered = disposition === "ANSWERED" && dstchannel !== "";
    const duration = answered ? wait + talk : wait;
    const billsec = answered ? talk : disposition === "ANSWERED" ? wait : 0;
    lines.push(
      [
        q(""),
        q(src),
        q("0241573000"),
        q("from-trunk"),
        q(`"" <${src}>`),
        q(`PJSIP/trunk-${i.toString(16).padStart(8, "0")}`),
        q(dstchannel),
        q("Queue"),
        q("accueil,t,,,300"),
        q(local(start)),
        q(answered ? local(start + wait * 1000) : ""),
        q(local(start + duration * 1000)),
        String(duration),
        String(billsec),
        q(disposition),
        q("DOCUMENTATION"),
        q(`${Math.floor(start / 1000)}.${i}`),
        q(""),
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * CPU seconds used so far by the PostgreSQL processes of this machine (Linux /proc, local server
 * only; null elsewhere). With the importer's own CPU it tells the import's cost apart from the
 * waiting a busy machine adds.
 */
function postgresCpuSeconds(): number | null {
  try {
    let ticks = 0;
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      } catch {
        continue;
      }
      if (!stat.includes("(postgres)")) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks > 0 ? ticks / 100 : null;
  } catch {
    return null;
  }
}

const dir = mkdtempSync(join(tmpdir(), "guichet-call-bench-"));
const file = join(dir, "Master.csv");
writeFileSync(file, masterCsv(total));
const database = await createTestDatabase(process.env.GUICHET_TEST_DATABASE_URL ?? DEFAULT_POSTGRES_URL);
const phone = await openPhoneChannel(database.url, { referencePrefix: "LA", phone: defaultPhoneConfig });
try {
  const measure = async () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const databaseCpu = postgresCpuSeconds();
    const report = await phone.channel.importCalls.execute({
      input: createReadStream(file),
      format: "asterisk",
      siteId: "mairie-siege",
      fileName: "Master.csv",
    });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const { errors, ...counts } = report;
    return {
      ...counts,
      errors: errors.length,
      seconds: Number(seconds.toFixed(2)),
      rowsPerSecond: Math.round(report.rows / seconds),
      // Wall-clock figures depend on what else the machine runs: the importer's own CPU and the load say how much.
      importerCpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(2)),
      postgresCpuSeconds: databaseCpu === null ? null : Number(((postgresCpuSeconds() ?? 0) - databaseCpu).toFixed(2)),
      loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(1)),
    };
  };
  const first = await measure();
  const second = await measure();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const outbox = await client.query<{ type: string; n: number }>(
    "SELECT type, count(*)::int AS n FROM intake.outbox GROUP BY type ORDER BY type",
  );
  await client.end();
  console.log(JSON.stringify({ rows: total, firstImport: first, secondImport: second, outbox: outbox.rows }, null, 2));
} finally {
  await phone.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
}
