import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { freePort } from "./free-port.ts";
import { stopProcess } from "./stop-process.ts";
import { waitFor } from "./wait-for.ts";

export const DEFAULT_NATS_URL = "nats://127.0.0.1:4222";

const INSTALL_HINT =
  "install it with `apt-get install nats-server` / `brew install nats-server`, or set GUICHET_TEST_NATS_URL";

export interface NatsServer {
  url: string;
  /** True when this process started the server (and stop() shuts it down). */
  started: boolean;
  stop(): Promise<void>;
}

export interface NatsServerProcess {
  url: string;
  port: number;
  storeDir: string;
  stop(): Promise<void>;
  /** Restarts on the same port and store directory; resolves once JetStream answers. */
  start(): Promise<void>;
}

/** Throws unless a NATS server answers at `url` with JetStream enabled. */
export async function probeNats(url: string, timeoutMs = 2_000): Promise<void> {
  const nc = await connect({ servers: url, timeout: timeoutMs, reconnect: false });
  try {
    const jsm = await jetstreamManager(nc, { timeout: timeoutMs });
    await jsm.getAccountInfo();
  } finally {
    await nc.close();
  }
}

/** The explicit URL if it answers (else throws), or the default local server if it answers, else undefined. */
export async function findNats(options: { url?: string } = {}): Promise<string | undefined> {
  if (options.url) {
    await probeNats(options.url).catch((error: unknown) => {
      throw new Error(`NATS with JetStream at ${options.url} does not answer: ${messageOf(error)}`, { cause: error });
    });
    return options.url;
  }
  try {
    await probeNats(DEFAULT_NATS_URL);
    return DEFAULT_NATS_URL;
  } catch {
    return undefined;
  }
}

/** Uses a running server when there is one, otherwise spawns the nats-server binary. */
export async function startNats(options: { url?: string; port?: number; storeDir?: string } = {}): Promise<NatsServer> {
  const url = await findNats({ url: options.url });
  if (url) return { url, started: false, stop: async () => {} };
  const server = await startNatsServer({ port: options.port, storeDir: options.storeDir });
  return { url: server.url, started: true, stop: () => server.stop() };
}

/** The nats-server executable on PATH or in the usual system locations. */
export function findNatsServerBinary(): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/usr/local/bin", "/opt/homebrew/bin"];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, "nats-server");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Spawns `nats-server -js` on 127.0.0.1. Without a storeDir the JetStream store lives in a temporary
 * directory that survives stop()/start() (tests restart NATS mid-way) and is removed when the
 * process exits.
 */
export async function startNatsServer(options: { port?: number; storeDir?: string } = {}): Promise<NatsServerProcess> {
  const binary = findNatsServerBinary();
  if (!binary) throw new Error(`nats-server not found on PATH or in /usr/sbin: ${INSTALL_HINT}`);
  const port = options.port ?? (await freePort());
  const storeDir = options.storeDir ?? mkdtempSync(path.join(tmpdir(), "guichet-nats-"));
  const server = new SpawnedNatsServer(binary, port, storeDir, options.storeDir === undefined);
  await server.start();
  return server;
}

// Plain fields rather than parameter properties: the package must load under Node's type stripping.
class SpawnedNatsServer implements NatsServerProcess {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  private readonly binary: string;
  private readonly temporaryStore: boolean;
  private child: ChildProcess | undefined;
  private readonly killOnExit = () => {
    this.child?.kill("SIGKILL");
    if (this.temporaryStore) rmSync(this.storeDir, { recursive: true, force: true });
  };

  constructor(binary: string, port: number, storeDir: string, temporaryStore: boolean) {
    this.binary = binary;
    this.port = port;
    this.storeDir = storeDir;
    this.temporaryStore = temporaryStore;
    this.url = `nats://127.0.0.1:${port}`;
    // A crashed or interrupted test run must not leave a server holding the port.
    process.once("exit", this.killOnExit);
  }

  async start(): Promise<void> {
    if (this.child) return;
    const output: string[] = [];
    const child = spawn(this.binary, ["-js", "-sd", this.storeDir, "-a", "127.0.0.1", "-p", String(this.port)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const remember = (chunk: Buffer) => {
      output.push(chunk.toString("utf8"));
      if (output.length > 40) output.shift();
    };
    child.stdout?.on("data", remember);
    child.stderr?.on("data", remember);
    let exited = false;
    child.once("exit", () => {
      exited = true;
      if (this.child === child) this.child = undefined;
    });
    child.once("error", () => {
      exited = true;
    });
    this.child = child;
    try {
      await waitFor(
        async () => {
          if (exited) throw new Error("exited");
          await probeNats(this.url, 1_000);
          return true;
        },
        { timeoutMs: 15_000, intervalMs: 50, what: `nats-server on port ${this.port}` },
      );
    } catch (error) {
      await this.stop();
      throw new Error(
        `nats-server failed to start on port ${this.port}: ${output.join("").trim() || messageOf(error)}`,
      );
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    await stopProcess(child, 5_000);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
