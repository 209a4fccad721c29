import { createHash } from "node:crypto";
import { type CallRowResult, parseSeconds, quoted, rowError } from "./call-row.ts";
import { readCaller } from "./caller-number.ts";
import { instantsOfWallTime } from "./local-time.ts";
import { callKey } from "./phone-call.ts";

/**
 * Columns of Asterisk's cdr_csv (Master.csv, no header), in the order cdr_csv.c writes them. The
 * optional trailing columns depend on cdr.conf [csv]: loguniqueid, loguserfield, newcdrcolumns
 * (peeraccount, linkedid, sequence).
 */
export const ASTERISK_BASE_COLUMNS = [
  "accountcode",
  "src",
  "dst",
  "dcontext",
  "clid",
  "channel",
  "dstchannel",
  "lastapp",
  "lastdata",
  "start",
  "answer",
  "end",
  "duration",
  "billsec",
  "disposition",
  "amaflags",
] as const;

type Column =
  | (typeof ASTERISK_BASE_COLUMNS)[number]
  | "uniqueid"
  | "userfield"
  | "peeraccount"
  | "linkedid"
  | "sequence";

const UNIQUEID = /^\d{9,}\.\d+$/;

/** Which optional columns a record of this width carries. */
function layoutOf(record: string[]): Column[] | null {
  const base: Column[] = [...ASTERISK_BASE_COLUMNS];
  switch (record.length) {
    case 16:
      return base;
    case 17:
      // uniqueid or userfield alone: a uniqueid looks like "1711650000.42".
      return [...base, UNIQUEID.test(record[16] ?? "") ? "uniqueid" : "userfield"];
    case 18:
      return [...base, "uniqueid", "userfield"];
    case 19:
      return [...base, "peeraccount", "linkedid", "sequence"];
    case 20:
      return [
        ...base,
        UNIQUEID.test(record[16] ?? "") ? "uniqueid" : "userfield",
        "peeraccount",
        "linkedid",
        "sequence",
      ];
    case 21:
      return [...base, "uniqueid", "userfield", "peeraccount", "linkedid", "sequence"];
    default:
      return null;
  }
}

export interface AsteriskOptions {
  siteId: string | null;
  /** Zone of the switchboard's clock: Europe/Paris, or UTC when cdr.conf says usegmtime=yes. */
  timeZone: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const INTERNAL_EXTENSION = /^\d{2,6}$/;
const MISSED = new Set(["NO ANSWER", "BUSY", "FAILED", "CONGESTION"]);

/**
 * One Master.csv record → one inbound call. Classification:
 * - ANSWERED with a destination channel: an agent took it (talk = billsec, wait = duration − billsec);
 * - ANSWERED without one: the queue or voice menu answered and the caller hung up before an agent → abandoned;
 * - NO ANSWER, BUSY, FAILED, CONGESTION: missed.
 * A record whose source is an internal extension is an outgoing or internal call and is ignored.
 */
export function parseAsteriskRecord(record: string[], options: AsteriskOptions): CallRowResult {
  const layout = layoutOf(record);
  if (!layout) {
    return rowError(null, `${record.length} colonnes au lieu de 16 à 21 (format Master.csv d’Asterisk attendu)`);
  }
  const field = (name: Column) => {
    const index = layout.indexOf(name);
    return index < 0 ? "" : (record[index] ?? "").trim();
  };
  const src = field("src");
  if (INTERNAL_EXTENSION.test(src)) return { kind: "ignored", reason: "appel interne ou sortant" };

  const duration = parseSeconds(field("duration"));
  if (duration === null)
    return rowError("duration", `durée invalide ${quoted(field("duration"))} (secondes attendues)`);
  const billsec = parseSeconds(field("billsec"));
  if (billsec === null)
    return rowError("billsec", `durée facturée invalide ${quoted(field("billsec"))} (secondes attendues)`);
  if (billsec > duration) return rowError("billsec", "durée facturée supérieure à la durée de l’appel");

  const start = readWallTime(field("start"), options.timeZone);
  if (!start.ok) return rowError("start", start.message);
  const end = field("end") === "" ? null : readWallTime(field("end"), options.timeZone);
  if (end && !end.ok) return rowError("end", end.message);
  // The start anchors the call; the end (when unambiguous) picks the right one of two autumn instants.
  let offeredAt = start.instants[0] as number;
  if (start.instants.length > 1 && end?.ok && end.instants.length === 1) {
    const endMs = end.instants[0] as number;
    offeredAt = start.instants.find((s) => Math.abs(endMs - s - duration * 1000) <= 2000) ?? offeredAt;
  }
  const endedAt = offeredAt + duration * 1000;

  const disposition = field("disposition").toUpperCase();
  const dstchannel = field("dstchannel");
  let outcome: "answered" | "abandoned" | "missed";
  if (disposition === "ANSWERED") outcome = dstchannel ? "answered" : "abandoned";
  else if (MISSED.has(disposition)) outcome = "missed";
  else
    return rowError(
      "disposition",
      `statut inconnu ${quoted(field("disposition"))} (ANSWERED, NO ANSWER, BUSY, FAILED ou CONGESTION)`,
    );
  if (outcome === "answered" && field("answer") === "") {
    return rowError("answer", "heure de décroché absente pour un appel répondu");
  }

  const uniqueid = field("uniqueid");
  const sequence = field("sequence");
  // Asterisk ≥ 12 may write several records for one uniqueid (transfers): the sequence tells them apart.
  const id = uniqueid
    ? sequence
      ? `${uniqueid}#${sequence}`
      : uniqueid
    : `row-${createHash("sha256").update(record.join("\u001f")).digest("hex").slice(0, 32)}`;
  const talkSeconds = outcome === "answered" ? billsec : 0;
  return {
    kind: "call",
    call: {
      key: callKey("asterisk-cdr", options.siteId, id),
      sourceCallId: uniqueid || null,
      source: "asterisk-cdr",
      siteId: options.siteId,
      queue:
        field("lastapp").toLowerCase() === "queue"
          ? (field("lastdata").split(",")[0] ?? "").slice(0, 120) || null
          : null,
      ...readCaller(src),
      callee: field("dst") || null,
      offeredAt: new Date(offeredAt),
      answeredAt: outcome === "answered" ? new Date(endedAt - billsec * 1000) : null,
      endedAt: new Date(endedAt),
      outcome,
      waitSeconds: duration - talkSeconds,
      talkSeconds,
      agentId: outcome === "answered" ? agentOfChannel(dstchannel) : null,
      disposition,
    },
  };
}

/** "PJSIP/204-0000002a" → "PJSIP/204": the device, without the per-call suffix. */
function agentOfChannel(channel: string): string | null {
  const agent = channel
    .replace(/-[0-9a-f]{8}$/i, "")
    .replace(/^Local\//, "")
    .replace(/@.*$/, "");
  return agent ? agent.slice(0, 120) : null;
}

function readWallTime(
  text: string,
  timeZone: string,
): { ok: true; instants: number[] } | { ok: false; message: string } {
  const match = DATE.exec(text);
  if (!match) return { ok: false, message: `date invalide ${quoted(text)} (AAAA-MM-JJ HH:MM:SS attendu)` };
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: `date invalide ${quoted(text)} (date ou heure hors limites)` };
  }
  const instants = instantsOfWallTime(timeZone, { year, month, day, hour, minute, second });
  if (instants.length === 0) {
    return {
      ok: false,
      message: `date invalide ${quoted(text)} : heure inexistante dans le fuseau ${timeZone} (passage à l’heure d’été)`,
    };
  }
  return { ok: true, instants };
}

export { readWallTime };
