#!/usr/bin/env node
// Runs the README's first command as a newcomer types it, on this clone: `npm install && npm start`
// (the exact line of its first `sh` block), then the README's curl example, waits for that request's
// acknowledgement of receipt in the local mail catcher, runs every `npx guichet` example of the
// README against the running platform, and stops the platform as Ctrl-C would. CI runs it before
// anything else (.ci/run), so no earlier step can hide a missing one. Exit code 1 on any failure,
// with the platform's last lines.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const MAILCATCHER = "http://127.0.0.1:1080";
const START_TIMEOUT_MS = Number(process.env.GUICHET_README_START_TIMEOUT_MS ?? 600_000);
const logFile = "test-artifacts/readme-check.log";
let platform = null;
let output = "";
let exited = null;

const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1].trim());
const startCommand = blocks.find((block) => block === "npm install && npm start");
const curlBlock = blocks.find((block) => block.startsWith("curl "));
const cliBlock = blocks.find((block) => block.split("\n").every((line) => /\bnpx guichet\b/.test(line)));
if (!startCommand || !curlBlock || !cliBlock) {
  fail("README.md: expected a `npm install && npm start` block, a curl block and a block of `npx guichet` examples");
}
const cliExamples = cliBlock.split("\n").map((line) => line.trim());

const say = (line) => process.stdout.write(`[readme] ${line}\n`);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

// 1. The start command, in its own process group so that stopping it is Ctrl-C in a terminal.
say(`$ ${startCommand}`);
mkdirSync("test-artifacts", { recursive: true });
const log = createWriteStream(logFile);
platform = spawn("bash", ["-c", startCommand], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
for (const stream of [platform.stdout, platform.stderr]) {
  stream.on("data", (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
    log.write(chunk);
  });
}
platform.once("exit", (code, signal) => {
  exited = { code, signal };
});
await until(() => output.includes("Guichet est prêt") || exited !== null, START_TIMEOUT_MS, "the platform to be ready");
if (exited !== null) fail(`\`${startCommand}\` exited (${JSON.stringify(exited)}) before the platform was ready`);
say(`platform ready after ${elapsed()}`);

try {
  // 2. The curl example, as written.
  say(`$ ${curlBlock.replace(/\\\n\s*/g, "")}`);
  const curl = run(curlBlock);
  const { reference } = JSON.parse(curl.stdout);
  if (!/^[A-Z]+-\d{4}-\d+$/.test(reference ?? "")) fail(`curl example: no reference in its answer: ${curl.stdout}`);
  say(`request ${reference} accepted`);

  // 3. Its acknowledgement of receipt (R112-5), read from the mail catcher's API.
  const to = /"email":"([^"]+)"/.exec(curlBlock)?.[1];
  const acknowledgement = await until(
    async () => {
      const messages = await (await fetch(`${MAILCATCHER}/api/messages?to=${encodeURIComponent(to)}`)).json();
      return messages.find((m) => m.subject.startsWith("Accusé de réception") && m.subject.includes(reference));
    },
    120_000,
    `the acknowledgement of ${reference} in the mail catcher`,
  );
  say(`acknowledgement received: « ${acknowledgement.subject} » (${elapsed()})`);

  // 4. Every CLI example, as written, against the running platform.
  for (const example of cliExamples) {
    say(`$ ${example}`);
    const result = run(example);
    const lines = `${result.stdout}${result.stderr}`.trim().split("\n");
    for (const line of lines.slice(0, 6)) say(`  ${line}`);
    if (lines.length > 6) say(`  … (${lines.length - 6} more lines)`);
  }
} finally {
  // 5. Ctrl-C: SIGINT to the whole process group, then every port must be free again.
  if (exited === null) {
    process.kill(-platform.pid, "SIGINT");
    await until(() => exited !== null, 60_000, "the platform to stop after Ctrl-C");
  }
}
for (const port of [3000, 3001, 3002, 3003, 3004, 3005, 1025, 1080]) {
  if (await listening(port)) fail(`port ${port} is still open after the platform stopped`);
}
say(`platform stopped cleanly; README commands pass (${elapsed()})`);
log.end();

function run(command) {
  const result = spawnSync("bash", ["-c", command], { encoding: "utf8", timeout: 600_000 });
  if (result.status !== 0) {
    fail(`\`${command}\` exited with ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

async function until(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve()
      .then(check)
      .catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) fail(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function listening(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => resolve(socket.destroy() || true));
    socket.once("error", () => resolve(false));
  });
}

function fail(message) {
  process.stderr.write(`[readme] FAILED: ${message}\n`);
  if (output) process.stderr.write(`[readme] last lines of the platform (${logFile}):\n${output.slice(-4_000)}\n`);
  if (exited === null && platform?.pid) {
    try {
      process.kill(-platform.pid, "SIGKILL");
    } catch {}
  }
  process.exit(1);
}
