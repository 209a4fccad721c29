import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { freePort } from "./free-port.ts";
import { findNatsServerBinary, probeNats } from "./nats-server.ts";
import { stopProcess } from "./stop-process.ts";
import { waitFor } from "./wait-for.ts";

export interface ClusterNode {
  name: string;
  url: string;
  running(): boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGKILL, no clean shutdown (a node lost). */
  kill(): void;
}

export interface NatsCluster {
  nodes: ClusterNode[];
  /** Every client URL, for clients that should know all seeds. */
  urls: string[];
  stop(): Promise<void>;
}

/**
 * Three (or `size`) nats-server processes forming one JetStream cluster on 127.0.0.1: a cluster
 * name, routes between every pair, a store directory each, free ports. Resolves once the JetStream
 * meta group has a leader (JetStream API answers on every node).
 */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const binary = findNatsServerBinary();
  if (!binary) throw new Error("nats-server not found (apt-get install nats-server)");
  const root = mkdtempSync(path.join(tmpdir(), "guichet-nats-cluster-"));
  const clientPorts = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routePorts = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routes = routePorts.map((port) => `nats-route://127.0.0.1:${port}`);
  const nodes = clientPorts.map((port, i) => {
    const name = `n${i + 1}`;
    const store = path.join(root, name);
    mkdirSync(store);
    const config = path.join(root, `${name}.conf`);
    writeFileSync(
      config,
      [
        `server_name: ${name}`,
        `listen: 127.0.0.1:${port}`,
        `jetstream { store_dir: "${store}", max_memory_store: 64MB, max_file_store: 1GB }`,
        "cluster {",
        "  name: guichet-test",
        `  listen: 127.0.0.1:${routePorts[i]}`,
        `  routes: [${routes.filter((_, j) => j !== i).join(", ")}]`,
        "}",
        "",
      ].join("\n"),
    );
    return new ClusterProcess(binary, name, port, config);
  });
  const cluster: NatsCluster = {
    nodes,
    urls: nodes.map((n) => n.url),
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
      rmSync(root, { recursive: true, force: true });
    },
  };
  process.once("exit", () => {
    for (const node of nodes) node.kill();
  });
  try {
    await Promise.all(nodes.map((n) => n.start()));
    await waitForJetStream(cluster.urls);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/** The cluster's JetStream is usable once every node answers account info (meta leader elected). */
export async function waitForJetStream(urls: string[], timeoutMs = 30_000): Promise<void> {
  await waitFor(
    async () => {
      for (const url of urls) await probeNats(url, 1_000);
      return true;
    },
    { what: "JetStream meta leader in the NATS cluster", timeoutMs, intervalMs: 250 },
  );
}

/** Name of the server leading a stream's RAFT group. */
export async function streamLeader(url: string, stream: string): Promise<string | undefined> {
  const nc = await connect({ servers: url, reconnect: false });
  try {
    const info = await (await jetstreamManager(nc, { timeout: 20_000 })).streams.info(stream);
    return info.cluster?.leader;
  } finally {
    await nc.close();
  }
}

class ClusterProcess implements ClusterNode {
  readonly url: string;
  readonly name: string;
  readonly port: number;
  private readonly binary: string;
  private readonly config: string;
  private child: ChildProcess | undefined;
  private readonly output: string[] = [];

  constructor(binary: string, name: string, port: number, config: string) {
    this.binary = binary;
    this.name = name;
    this.port = port;
    this.config = config;
    this.url = `nats://127.0.0.1:${port}`;
  }

  running(): boolean {
    return this.child !== undefined;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn(this.binary, ["-c", this.config], { stdio: ["ignore", "pipe", "pipe"] });
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString("utf8"));
      if (this.output.length > 60) this.output.shift();
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.once("exit", () => {
      if (this.child === child) this.child = undefined;
    });
    this.child = child;
    // Listening is enough here: JetStream answers only once a quorum of nodes is up.
    await waitFor(
      async () => {
        if (!this.child) throw new Error(`exited: ${this.output.join("").slice(-2_000)}`);
        const nc = await connect({ servers: this.url, reconnect: false, timeout: 1_000 });
        await nc.close();
        return true;
      },
      { what: `nats-server ${this.name} on port ${this.port}`, timeoutMs: 15_000, intervalMs: 100 },
    );
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    await stopProcess(child, 5_000);
  }

  kill(): void {
    this.child?.kill("SIGKILL");
  }
}

/**
 * Asks the stream's leader to step down until `wanted` leads (the next leader is elected at random
 * among the others), so a test can stop precisely the leader. Returns the final leader.
 */
export async function moveStreamLeader(url: string, stream: string, wanted: string): Promise<string | undefined> {
  let leader = await streamLeader(url, stream);
  for (let attempt = 0; attempt < 8 && leader !== wanted; attempt += 1) {
    const nc = await connect({ servers: url, reconnect: false });
    try {
      await nc.request(`$JS.API.STREAM.LEADER.STEPDOWN.${stream}`, undefined, { timeout: 10_000 });
    } finally {
      await nc.close();
    }
    leader = await waitFor(
      async () => {
        const next = await streamLeader(url, stream);
        return next && next !== leader ? next : undefined;
      },
      { what: `a new leader for ${stream}`, timeoutMs: 15_000, intervalMs: 200 },
    );
  }
  return leader;
}
