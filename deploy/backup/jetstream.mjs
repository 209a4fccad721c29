#!/usr/bin/env node
import { once } from "node:events";
// Exports a JetStream stream to files and imports it back, through the JetStream API (no nats CLI,
// no access to the server's store directory, the server keeps running).
//
//   node deploy/backup/jetstream.mjs export <dir> [--stream NAME]
//   node deploy/backup/jetstream.mjs import <dir> [--stream NAME] [--replicas N]
//
// Files: <dir>/<STREAM>.stream.json (stream configuration and state, consumers for information) and
// <dir>/<STREAM>.messages.ndjson (one message a line: original sequence, time, subject, headers, base64
// data). Import refuses a stream that already holds messages; it recreates the stream and publishes
// every message in order. Sequences are renumbered (gaps left by deleted messages close up) and
// consumers are not restored: services recreate their durable consumers, which deliver the stream
// from the start, and the processed-event inboxes restored with PostgreSQL skip what was processed.
// Env: NATS_URL (default nats://127.0.0.1:4222, comma-separated list accepted), GUICHET_NAMESPACE.
import { createReadStream, createWriteStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";

const [command, dir, ...rest] = process.argv.slice(2);
const flag = (name) => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : undefined;
};
if (!["export", "import"].includes(command) || !dir) {
  process.stderr.write("usage: jetstream.mjs export|import <dir> [--stream NAME] [--replicas N]\n");
  process.exit(2);
}
const namespace = process.env.GUICHET_NAMESPACE || "guichet";
// Same rule as libs/messaging's streamNameOf: namespace upper-cased, non-alphanumerics to "_".
const stream = flag("stream") ?? namespace.toUpperCase().replace(/[^A-Z0-9]/g, "_");
const servers = (process.env.NATS_URL || "nats://127.0.0.1:4222").split(",");
const configFile = path.join(dir, `${stream}.stream.json`);
const messagesFile = path.join(dir, `${stream}.messages.ndjson`);

const nc = await connect({ servers, name: `guichet-backup-${command}` });
try {
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  if (command === "export") await exportStream(jsm, js);
  else await importStream(jsm, js);
} finally {
  await nc.close();
}

async function exportStream(jsm, js) {
  mkdirSync(dir, { recursive: true });
  const info = await jsm.streams.info(stream);
  const consumers = [];
  for await (const c of jsm.consumers.list(stream)) {
    consumers.push({ name: c.name, config: c.config, ackFloor: c.ack_floor, pending: c.num_pending });
  }
  const out = createWriteStream(messagesFile);
  let count = 0;
  const last = info.state.last_seq;
  if (info.state.messages > 0) {
    // An ordered consumer: ephemeral, flow-controlled, nothing left on the server afterwards.
    const consumer = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.All });
    const messages = await consumer.consume();
    for await (const m of messages) {
      const headers = {};
      if (m.headers) for (const [key, values] of m.headers) headers[key] = values;
      const line = JSON.stringify({
        seq: m.seq,
        time: new Date(Math.floor(Number(m.info.timestampNanos) / 1e6)).toISOString(),
        subject: m.subject,
        headers,
        data: Buffer.from(m.data).toString("base64"),
      });
      if (!out.write(`${line}\n`)) await once(out, "drain");
      count += 1;
      // Messages published after the export started are left for the next backup.
      if (m.seq >= last || m.info.pending === 0) break;
    }
    await messages.close();
  }
  out.end();
  await once(out, "finish");
  writeFileSync(
    configFile,
    `${JSON.stringify({ exportedAt: new Date().toISOString(), config: info.config, state: info.state, consumers, exported: count }, null, 2)}\n`,
  );
  process.stdout.write(`stream ${stream}: ${count} messages exported to ${dir}\n`);
}

async function importStream(jsm, js) {
  const saved = JSON.parse(readFileSync(configFile, "utf8"));
  const replicas = Number(flag("replicas") ?? saved.config.num_replicas ?? 1);
  try {
    const existing = await jsm.streams.info(stream);
    if (existing.state.messages > 0 && !rest.includes("--force")) {
      throw new Error(`stream ${stream} already holds ${existing.state.messages} messages (--force deletes it first)`);
    }
    await jsm.streams.delete(stream);
  } catch (error) {
    if (!/stream not found/i.test(String(error?.message))) throw error;
  }
  const { subjects, storage, retention, discard, duplicate_window, max_age, max_bytes, max_msgs } = saved.config;
  await jsm.streams.add({
    name: stream,
    subjects,
    storage,
    retention,
    discard,
    duplicate_window,
    max_age,
    max_bytes,
    max_msgs,
    num_replicas: replicas,
  });
  const input = createInterface({ input: createReadStream(messagesFile), crlfDelay: Number.POSITIVE_INFINITY });
  let count = 0;
  let window = [];
  for await (const line of input) {
    if (!line) continue;
    const m = JSON.parse(line);
    const h = natsHeaders();
    for (const [key, values] of Object.entries(m.headers)) {
      // The de-duplication id was unique within a 2-minute window of the original history, not
      // within the few seconds of a restore: dropping it keeps every message.
      if (key.toLowerCase() === "nats-msg-id") continue;
      for (const value of values) h.append(key, value);
    }
    h.set("Guichet-Restored-Seq", String(m.seq));
    h.set("Guichet-Restored-Time", m.time);
    // One connection keeps publish order; acks are awaited by windows for speed.
    window.push(js.publish(m.subject, Buffer.from(m.data, "base64"), { headers: h, timeout: 10_000 }));
    count += 1;
    if (window.length >= 256) {
      await Promise.all(window);
      window = [];
    }
  }
  await Promise.all(window);
  const info = await jsm.streams.info(stream);
  if (info.state.messages !== count)
    throw new Error(`imported ${count} messages but stream holds ${info.state.messages}`);
  process.stdout.write(`stream ${stream}: ${count} messages imported (replicas ${replicas})\n`);
}
