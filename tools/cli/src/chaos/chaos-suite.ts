import { randomBytes } from "node:crypto";
import { ChaosPlatform, type MailLedger, MESSAGE_ID_DOMAIN } from "./chaos-platform.ts";
import type { ChaosProfile, Fault } from "./faults.ts";
import { SteadyLoad, type Submission } from "./load.ts";

/** One line of the table: what a fault under load did to the requests sent meanwhile. */
export interface FaultRow {
  fault: string;
  note: string;
  /** Submissions sent while this row ran. */
  sent: number;
  /** Answered 2xx (possibly after retries with the same Idempotency-Key). */
  accepted: number;
  /** Refused with a final 4xx, or given up after the retry deadline. */
  refused: number;
  /** Accepted requests found in intake's table. */
  stored: number;
  /** Accepted requests whose acknowledgement of receipt reached the SMTP server. */
  acknowledged: number;
  /**
   * A second, different registration receipt or acknowledgement for one request of this row: an
   * extra queue row of one kind in notification's table, or an e-mail to the citizen whose
   * Message-ID is not the request's deterministic one. Never allowed.
   */
  duplicates: number;
  /**
   * Extra SMTP deliveries of one deterministic Message-ID (one queue row) that arrived while this row
   * ran: the same message sent again after a crash between the SMTP server's 250 and the commit
   * (docs/adr/0010). Allowed only after a kill -9 of notification, up to its in-flight bound.
   */
  resent: number;
  /** Accepted but not acknowledged once the platform had recovered and drained. */
  lost: number;
  /** Answers other than 2xx seen before acceptance (the client retried). */
  retries: number;
  /** From injection until ready, backlog acknowledged and new requests acknowledged again. */
  recoverySeconds: number | null;
  /** Processes the supervisor restarted during the row. */
  restarts: number;
  /** Every service ready again without anyone's action. */
  selfRecovered: boolean;
}

export interface RowWindow {
  fault: string;
  /** When the row's load began (before its warm-up). */
  startedAt: number;
  note: string;
  injectedAt: number;
  clearedAt: number;
  readyAt: number | null;
  restarts: number;
  killedRestarted: boolean | undefined;
}

export interface SuiteOptions {
  profile: ChaosProfile;
  faults: Fault[];
  log: (line: string) => void;
  platform?: ConstructorParameters<typeof ChaosPlatform>[0];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function ackId(requestId: string, kind: "registration" | "acknowledgement"): string {
  return `<${kind}-${requestId}@${MESSAGE_ID_DOMAIN}>`;
}

function totalRestarts(platform: ChaosPlatform): number {
  return platform.supervisor.names().reduce((sum, name) => sum + platform.supervisor.restarts(name), 0);
}

/**
 * Runs the faults one after the other on one isolated platform, under one steady load, then waits
 * for every accepted request to be acknowledged (up to the profile's drain time) and counts.
 */
export async function runSuite(options: SuiteOptions): Promise<FaultRow[]> {
  const { profile, log } = options;
  const platform = new ChaosPlatform(options.platform ?? { log });
  const windows: RowWindow[] = [];
  let load: SteadyLoad | undefined;
  // Ctrl-C must not leave PostgreSQL, NATS and five services running.
  const interrupted = () => {
    log("Interruption : arrêt de la plateforme d’essai…");
    void platform.stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    await platform.start();
    load = new SteadyLoad({
      webUrl: platform.url("web"),
      ratePerSecond: profile.ratePerSecond,
      maxInFlight: profile.ratePerSecond * 10,
      retryForMs: Math.max(120_000, profile.smtpOutageMs),
      run: randomBytes(3).toString("hex"),
    });
    load.start();
    for (const fault of options.faults) {
      const startedAt = Date.now();
      load.setRow(fault.label);
      await sleep(profile.warmupMs);
      const restartsBefore = totalRestarts(platform);
      const killedBefore = new Map(platform.supervisor.names().map((n) => [n, platform.supervisor.restarts(n)]));
      log(`Panne : ${fault.label}`);
      const injectedAt = Date.now();
      const injected = await fault.inject({ platform, profile, sleep });
      // Ready "again" only counts once the killed process is really a new one.
      const readyAt = await waitFor(async () => {
        if (injected.killed && platform.supervisor.restarts(injected.killed) === killedBefore.get(injected.killed))
          return false;
        return platform.ready();
      }, 180_000);
      log(readyAt ? `  rétablie après ${((readyAt - injectedAt) / 1000).toFixed(1)} s` : "  NON rétablie");
      await sleep(profile.settleMs);
      windows.push({
        fault: fault.label,
        startedAt,
        note: injected.note ?? "",
        injectedAt,
        clearedAt: injected.clearedAt,
        readyAt,
        restarts: totalRestarts(platform) - restartsBefore,
        killedRestarted: injected.killed
          ? platform.supervisor.restarts(injected.killed) > (killedBefore.get(injected.killed) ?? 0)
          : undefined,
      });
    }
    load.setRow("");
    log("Fin de la charge ; attente des accusés de réception…");
    await load.stop();
    const accepted = load.submissions.filter((s) => s.requestId !== undefined);
    const drained = await waitFor(async () => {
      platform.collectMail();
      return accepted.every((s) => platform.mail.count(ackId(s.requestId ?? "", "acknowledgement")) > 0);
    }, profile.drainMs);
    log(drained ? "Tous les accusés sont arrivés." : "Délai d’attente des accusés dépassé.");
    // A resend would come right after the last send: give it a moment to show up.
    await sleep(2_000);
    platform.collectMail();
    const ids = accepted.map((s) => s.requestId ?? "");
    return countRows(windows, load.submissions, {
      mail: platform.mail,
      stored: await platform.storedIds(ids),
      extraRows: await platform.extraMessageRows(ids),
    });
  } finally {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    await load?.stop();
    await platform.stop();
  }
}

async function waitFor(probe: () => Promise<boolean>, timeoutMs: number): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return Date.now();
    await sleep(250);
  }
  return null;
}

/** What the suite found once the platform drained: the mail received and the two services' tables. */
export interface Evidence {
  mail: MailLedger;
  /** Accepted requests found in intake's table. */
  stored: ReadonlySet<string>;
  /** Per request, notification's queue rows beyond one per kind (registration, acknowledgement). */
  extraRows: ReadonlyMap<string, number>;
}

/** The Message-IDs notification gives this request's messages (messageIdFor), whatever their kind. */
function isDeterministic(messageId: string | null, requestId: string): boolean {
  if (!messageId) return false;
  return messageId.startsWith("<") && messageId.endsWith(`-${requestId}@${MESSAGE_ID_DOMAIN}>`);
}

/**
 * One line per fault. Lost, stored, acknowledged and duplicates belong to the row in which the
 * request was sent; a resend belongs to the row during which the extra copy arrived (a kill -9 of
 * notification resends the message it was sending, whichever row its request came from).
 */
export function countRows(windows: readonly RowWindow[], all: readonly Submission[], evidence: Evidence): FaultRow[] {
  const resentIn = new Map<string, number>();
  const duplicatesIn = new Map<string, number>();
  const add = (counts: Map<string, number>, row: string, n: number) => counts.set(row, (counts.get(row) ?? 0) + n);
  const rowAt = (at: number) => windows.findLast((w) => w.startedAt <= at) ?? windows[0];
  for (const s of all) {
    const requestId = s.requestId;
    if (requestId === undefined) continue;
    add(duplicatesIn, s.row, evidence.extraRows.get(requestId) ?? 0);
    const arrivals = new Map<string, number[]>();
    for (const delivery of evidence.mail.deliveriesTo(s.email)) {
      if (!isDeterministic(delivery.messageId, requestId)) {
        add(duplicatesIn, s.row, 1);
        continue;
      }
      const key = delivery.messageId ?? "";
      arrivals.set(key, [...(arrivals.get(key) ?? []), delivery.at]);
    }
    for (const instants of arrivals.values()) {
      for (const at of instants.sort((x, y) => x - y).slice(1)) {
        const window = rowAt(at);
        if (window) add(resentIn, window.fault, 1);
      }
    }
  }
  return windows.map((window) => {
    const sent = all.filter((s) => s.row === window.fault);
    return countRow(window, sent, evidence, {
      duplicates: duplicatesIn.get(window.fault) ?? 0,
      resent: resentIn.get(window.fault) ?? 0,
    });
  });
}

function countRow(
  window: RowWindow,
  sent: readonly Submission[],
  evidence: Evidence,
  extra: Pick<FaultRow, "duplicates" | "resent">,
): FaultRow {
  const { mail } = evidence;
  const accepted = sent.filter((s) => s.requestId !== undefined);
  const ackAt = (s: Submission) => mail.firstAt(ackId(s.requestId ?? "", "acknowledgement"));
  const acknowledged = accepted.filter((s) => mail.count(ackId(s.requestId ?? "", "acknowledgement")) > 0).length;
  // Recovery: ready again, the backlog of the fault acknowledged, and new requests acknowledged again.
  const backlog = accepted.filter((s) => (s.acceptedAt ?? 0) <= window.clearedAt).map(ackAt);
  const fresh = accepted
    .filter((s) => (s.acceptedAt ?? 0) > window.injectedAt)
    .map(ackAt)
    .filter((t): t is number => t !== undefined);
  const instants = [window.readyAt, ...backlog, fresh.length ? Math.min(...fresh) : undefined];
  const complete = instants.every((t) => t !== undefined && t !== null);
  const recoverySeconds = complete ? (Math.max(...(instants as number[])) - window.injectedAt) / 1000 : null;
  const lost = accepted.length - acknowledged;
  return {
    fault: window.fault,
    note: window.note,
    sent: sent.length,
    accepted: accepted.length,
    refused: sent.length - accepted.length,
    stored: accepted.filter((s) => evidence.stored.has(s.requestId ?? "")).length,
    acknowledged,
    ...extra,
    lost,
    retries: sent.reduce((sum, s) => sum + s.setbacks.length, 0),
    recoverySeconds,
    restarts: window.restarts,
    selfRecovered: window.readyAt !== null && lost === 0 && window.killedRestarted !== false,
  };
}

/** The table as printed by `guichet chaos` and published in docs/operations.md (Markdown). */
export function formatTable(rows: readonly FaultRow[]): string {
  const header = [
    "panne (sous charge)",
    "envoyées",
    "acceptées 2xx",
    "refusées",
    "enregistrées",
    "accusées",
    "accusés en double",
    "renvois du même message",
    "perdues",
    "réessais client",
    "rétablie en",
    "redémarrages",
    "revenue seule",
  ];
  const lines = rows.map((row) => [
    row.note ? `${row.fault} (${row.note})` : row.fault,
    String(row.sent),
    String(row.accepted),
    String(row.refused),
    String(row.stored),
    String(row.acknowledged),
    String(row.duplicates),
    String(row.resent),
    String(row.lost),
    String(row.retries),
    row.recoverySeconds === null ? "—" : `${row.recoverySeconds.toFixed(1)} s`,
    String(row.restarts),
    row.selfRecovered ? "oui" : "NON",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const format = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [format(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...lines.map(format)].join("\n");
}

/**
 * The messages notification's dispatcher has in flight at once (services/notification/src/
 * notification.app.ts: `concurrency: Math.min(config.sendConcurrency, 4)`): a kill -9 can catch at
 * most that many between the SMTP server's 250 and the commit, so at most that many are sent again.
 */
export const NOTIFICATION_IN_FLIGHT = 4;

/** Resends of the same message a row may show (docs/adr/0010): only a kill -9 of notification causes any. */
export function resendsAllowed(fault: string): number {
  return fault === "kill -9 notification" ? NOTIFICATION_IN_FLIGHT : 0;
}

/**
 * The suite passes when no row lost anything, sent a second different acknowledgement, resent a
 * message beyond what its fault allows, or refused anything, and every row came back by itself.
 */
export function verdict(rows: readonly FaultRow[]): string[] {
  const problems: string[] = [];
  for (const row of rows) {
    if (row.lost > 0) problems.push(`${row.fault} : ${row.lost} demande(s) acceptée(s) sans accusé`);
    if (row.duplicates > 0) problems.push(`${row.fault} : ${row.duplicates} accusé(s) en double`);
    const allowed = resendsAllowed(row.fault);
    if (row.resent > allowed)
      problems.push(
        allowed
          ? `${row.fault} : ${row.resent} renvoi(s) du même message, au-delà des ${allowed} envois en cours`
          : `${row.fault} : ${row.resent} renvoi(s) du même message`,
      );
    if (row.stored < row.accepted)
      problems.push(`${row.fault} : ${row.accepted - row.stored} demande(s) non enregistrée(s)`);
    if (row.refused > 0) problems.push(`${row.fault} : ${row.refused} demande(s) jamais acceptée(s)`);
    if (!row.selfRecovered) problems.push(`${row.fault} : la plateforme n’est pas revenue seule`);
  }
  return problems;
}
