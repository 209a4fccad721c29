import { moveStreamLeader } from "@guichet/testing/servers";
import type { ServiceEntry } from "../services.ts";
import type { ChaosPlatform } from "./chaos-platform.ts";

export interface ChaosProfile {
  name: "ci" | "full";
  ratePerSecond: number;
  /** Load before each fault, and after the platform is ready again. */
  warmupMs: number;
  settleMs: number;
  natsOutageMs: number;
  postgresOutageMs: number;
  smtpOutageMs: number;
  /** How long the NATS store's filesystem stays full. */
  diskFullMs: number;
  /** How long, after the load stopped, every accepted request has to be acknowledged. */
  drainMs: number;
}

export const PROFILES: Record<ChaosProfile["name"], ChaosProfile> = {
  ci: {
    name: "ci",
    ratePerSecond: 4,
    // Short: CI time goes to the faults and recoveries (12.5 min in all at a load average of 20).
    warmupMs: 1_000,
    settleMs: 2_000,
    natsOutageMs: 5_000,
    postgresOutageMs: 3_000,
    smtpOutageMs: 20_000,
    diskFullMs: 10_000,
    drainMs: 180_000,
  },
  full: {
    name: "full",
    ratePerSecond: 20,
    warmupMs: 10_000,
    settleMs: 20_000,
    natsOutageMs: 30_000,
    postgresOutageMs: 15_000,
    smtpOutageMs: 300_000,
    diskFullMs: 60_000,
    drainMs: 1_200_000,
  },
};

export interface FaultContext {
  platform: ChaosPlatform;
  profile: ChaosProfile;
  sleep(ms: number): Promise<void>;
}

/** What a fault did: when its cause was removed, and which supervised process it targeted. */
export interface Injected {
  clearedAt: number;
  killed?: ServiceEntry["name"];
  note?: string;
}

export interface Fault {
  /** The row's label in the table (French, for the town's IT staff). */
  label: string;
  inject(context: FaultContext): Promise<Injected>;
}

function killService(name: ServiceEntry["name"]): Fault {
  return {
    label: `kill -9 ${name}`,
    async inject({ platform }) {
      const pid = platform.supervisor.pid(name);
      if (pid === undefined) throw new Error(`${name} is not running`);
      process.kill(pid, "SIGKILL");
      return { clearedAt: Date.now(), killed: name };
    },
  };
}

const natsRestart: Fault = {
  label: "redémarrage du serveur NATS",
  async inject({ platform, profile, sleep }) {
    const server = platform.nats.server;
    if (!server) throw new Error("the platform does not own its NATS server");
    await server.stop();
    await sleep(profile.natsOutageMs);
    await server.start();
    return { clearedAt: Date.now(), note: `arrêt ${profile.natsOutageMs / 1000} s` };
  },
};

const postgresConnectionsCut: Fault = {
  label: "connexions PostgreSQL coupées",
  async inject({ platform }) {
    const cut = await platform.terminateConnections();
    return { clearedAt: Date.now(), note: `pg_terminate_backend × ${cut}` };
  },
};

const postgresRestart: Fault = {
  label: "redémarrage de PostgreSQL",
  async inject({ platform, profile, sleep }) {
    await platform.stopPostgres();
    await sleep(profile.postgresOutageMs);
    await platform.startPostgres();
    return { clearedAt: Date.now(), note: `arrêt ${profile.postgresOutageMs / 1000} s` };
  },
};

const smtpOutage: Fault = {
  label: "panne du serveur SMTP",
  async inject({ platform, profile, sleep }) {
    await platform.stopMail();
    await sleep(profile.smtpOutageMs);
    await platform.startMail();
    return { clearedAt: Date.now(), note: `arrêt ${profile.smtpOutageMs / 1000} s` };
  },
};

/**
 * The NATS server's JetStream store fills up (a filler file on the tmpfs the platform mounted), then
 * the filler is removed. nats-server 2.9 does not resume JetStream by itself after a write error:
 * when JetStream still does not answer 10 s after the space came back, the server is restarted, as
 * its operator would (said in the row's note). Where no tmpfs could be mounted, the row runs under
 * load without the fault and says why.
 */
const diskFull: Fault = {
  label: "disque plein (magasin JetStream)",
  async inject({ platform, profile, sleep }) {
    const store = platform.natsStore;
    if ("whyNot" in store) return { clearedAt: Date.now(), note: `non simulable ici (${store.whyNot})` };
    const server = platform.nats.server;
    if (!server) throw new Error("the platform does not own its NATS server");
    const filled = platform.fillNatsStore();
    await sleep(profile.diskFullMs);
    platform.freeNatsStore();
    const seconds = profile.diskFullMs / 1000;
    const full = `tmpfs de ${Math.round(filled / 2 ** 20)} Mio plein ${seconds} s`;
    if (await platform.jetStreamAnswers(10_000))
      return { clearedAt: Date.now(), note: `${full}, JetStream reparti seul` };
    await server.stop();
    await server.start();
    return { clearedAt: Date.now(), note: `${full} ; JetStream bloqué, nats-server redémarré` };
  },
};

/** The faults of a platform that owns one NATS server, in the order they are run. */
export function singleServerFaults(): Fault[] {
  return [
    ...(["intake", "routing", "notification", "reporting", "web"] as const).map(killService),
    natsRestart,
    postgresConnectionsCut,
    postgresRestart,
    smtpOutage,
    diskFull,
  ];
}

/**
 * A 3-node cluster loses the node every service is connected to, made leader of the stream first:
 * kill -9, down for the NATS outage time, then started again. Clients fail over to the nodes they
 * learnt from the cluster, the stream elects a new leader.
 */
export const clusterNodeLoss: Fault = {
  label: "perte d’un nœud NATS sur 3",
  async inject({ platform, profile, sleep }) {
    const cluster = platform.cluster;
    const [seed, other] = cluster?.nodes ?? [];
    if (!seed || !other) throw new Error("the platform does not run on a NATS cluster");
    const leader = await moveStreamLeader(other.url, platform.stream, seed.name);
    seed.kill();
    await sleep(profile.natsOutageMs);
    await seed.start();
    return { clearedAt: Date.now(), note: `meneur ${leader ?? "?"} tué, ${profile.natsOutageMs / 1000} s` };
  },
};
