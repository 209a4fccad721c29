// Acknowledgement throughput (rendered and handed to a local SMTP server) and letter PDF render time.
// Run from the repository root: npx tsx services/notification/bench/acknowledgements.bench.ts [count] [concurrency]
// The SMTP server is a null sink in a worker thread (null-smtp.server.ts); `--catcher` uses the
// project's mail catcher instead, in this process (it parses every message: a pessimistic sink).
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { startMailCatcher } from "@guichet/mailcatcher";
import { messageIdFor } from "../src/acknowledgements/message-addressing.ts";
import { createSmtpSender } from "../src/delivery/mail-sender.ts";
import { composeAcknowledgement } from "../src/messages/acknowledgement-content.ts";
import { renderAcknowledgementEmail } from "../src/messages/email.renderer.ts";
import { renderLetterPdf } from "../src/messages/letter-pdf.ts";
import { sampleReceived, sampleRouted } from "../src/messages/preview-samples.ts";
import { loireAuthionTown } from "../src/messages/test-town.fixture.ts";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const USE_CATCHER = process.argv.includes("--catcher");
const COUNT = Number(args[0] ?? 3_000);
const CONCURRENCY = Number(args[1] ?? 64);
const LETTERS = 300;
const REGIMES = ["sva", "svr", "information", "document", "external"] as const;
const town = loireAuthionTown();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

/** One acknowledgement of request n: compose the R112-5 facts, render text + HTML. */
function render(n: number) {
  const received = sampleReceived({
    requestId: randomUUID(),
    reference: `LA-2026-${String(100_000 + n)}`,
    receivedAt: new Date(Date.UTC(2026, 11, 31, 8) + n * 60_000).toISOString(),
  });
  const content = composeAcknowledgement(
    received,
    sampleRouted(REGIMES[n % REGIMES.length] ?? "svr", { received }),
    town,
  );
  return { received, email: renderAcknowledgementEmail(content) };
}

async function renderOnly(): Promise<void> {
  for (let n = 0; n < 200; n++) render(n);
  const start = performance.now();
  for (let n = 0; n < COUNT; n++) render(n);
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `render only:        ${(COUNT / seconds).toFixed(0)} acknowledgements/s (${COUNT} in ${seconds.toFixed(2)} s)`,
  );
}

async function smtpSink(): Promise<{
  url: string;
  name: string;
  received: () => Promise<number>;
  stop: () => Promise<void>;
}> {
  if (USE_CATCHER) {
    const catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, maxMessages: 1_000 });
    return {
      url: catcher.smtpUrl,
      name: "mail catcher",
      received: async () => catcher.messages().length,
      stop: () => catcher.stop(),
    };
  }
  const worker = new Worker(new URL("./null-smtp.server.ts", import.meta.url), { execArgv: ["--import", "tsx"] });
  const [{ port }] = (await once(worker, "message")) as [{ port: number }];
  return {
    url: `smtp://127.0.0.1:${port}`,
    name: "null SMTP sink",
    received: async () => {
      worker.postMessage("count");
      const [{ received }] = (await once(worker, "message")) as [{ received: number }];
      return received;
    },
    stop: async () => {
      await worker.terminate();
    },
  };
}

async function renderAndSend(): Promise<void> {
  const sink = await smtpSink();
  const sender = createSmtpSender(sink.url, "Mairie <noreply@mairie.example>", CONCURRENCY);
  try {
    let next = 0;
    const latencies: number[] = [];
    const worker = async () => {
      for (;;) {
        const n = next++;
        if (n >= COUNT) return;
        const t0 = performance.now();
        const { received, email } = render(n);
        await sender.send({
          to: received.citizen.email ?? "x@example.org",
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: messageIdFor(received.requestId, "acknowledgement", "bench.example"),
          references: [messageIdFor(received.requestId, "registration", "bench.example")],
        });
        latencies.push(performance.now() - t0);
      }
    };
    // Warm the SMTP pool.
    await sender.send({
      to: "w@example.org",
      subject: "warm",
      text: "warm",
      html: null,
      messageId: "<w@b>",
      references: [],
    });
    const start = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      `render + SMTP:      ${(COUNT / seconds).toFixed(0)} acknowledgements/s (${COUNT} in ${seconds.toFixed(2)} s, ` +
        `${CONCURRENCY} connections to a ${sink.name}, ${await sink.received()} accepted; ` +
        `per message p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms)`,
    );
  } finally {
    sender.close();
    await sink.stop();
  }
}

async function letters(): Promise<void> {
  const received = sampleReceived({ receivedAt: "2026-12-31T15:00:00Z" });
  const content = composeAcknowledgement(received, sampleRouted("svr", { received }), town, {
    now: new Date("2027-01-04T09:00:00Z"),
  });
  for (let i = 0; i < 30; i++) await renderLetterPdf(content, town);
  const durations: number[] = [];
  for (let i = 0; i < LETTERS; i++) {
    const t0 = performance.now();
    await renderLetterPdf(content, town);
    durations.push(performance.now() - t0);
  }
  durations.sort((a, b) => a - b);
  console.log(
    `letter PDF (svr):   p50 ${percentile(durations, 0.5).toFixed(2)} ms, p99 ${percentile(durations, 0.99).toFixed(2)} ms, ` +
      `max ${durations.at(-1)?.toFixed(2)} ms over ${LETTERS} letters (target < 50 ms)`,
  );
}

await renderOnly();
await renderAndSend();
await letters();
