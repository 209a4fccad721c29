import { createHash } from "node:crypto";
import type { CallMapping } from "./call-mapping.schema.ts";
import { type CallRowResult, parseSeconds, quoted, rowError } from "./call-row.ts";
import { readCaller } from "./caller-number.ts";
import { instantsOfWallTime } from "./local-time.ts";
import { type CallOutcome, callKey } from "./phone-call.ts";

type MappedColumn = keyof CallMapping["columns"];

/** Resolves the mapping's columns against the header line (or positions) once per file. */
export function columnIndexes(mapping: CallMapping, header: string[] | null): Map<MappedColumn, number> {
  const indexes = new Map<MappedColumn, number>();
  for (const [name, ref] of Object.entries(mapping.columns) as [MappedColumn, string | number | undefined][]) {
    if (ref === undefined) continue;
    if (typeof ref === "number") {
      indexes.set(name, ref - 1);
      continue;
    }
    if (!header)
      throw new Error(`colonne '${name}' : un numéro de colonne est attendu quand le fichier n’a pas d’en-tête`);
    const index = header.findIndex((h) => h.trim().toLowerCase() === ref.toLowerCase());
    if (index < 0) throw new Error(`colonne '${name}' : en-tête « ${ref} » introuvable dans la première ligne`);
    indexes.set(name, index);
  }
  return indexes;
}

type DateReader = (text: string) => { ok: true; ms: number } | { ok: false; message: string };

/** Compiles "dd/MM/yyyy HH:mm:ss" (or "iso") into a reader of local times in the mapping's zone. */
export function dateReader(format: string, timeZone: string): DateReader {
  if (format === "iso") {
    return (text) => {
      const withOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(text);
      const local = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
      if (withOffset) {
        const ms = Date.parse(text);
        return Number.isNaN(ms)
          ? { ok: false, message: `date invalide ${quoted(text)} (ISO 8601 attendu)` }
          : { ok: true, ms };
      }
      if (!local) return { ok: false, message: `date invalide ${quoted(text)} (ISO 8601 attendu)` };
      return fromParts(
        text,
        local.slice(1).map((v) => Number(v ?? 0)),
        timeZone,
      );
    };
  }
  const order: number[] = [];
  const tokens: Record<string, number> = { yyyy: 0, MM: 1, dd: 2, HH: 3, mm: 4, ss: 5 };
  const source = format.replace(/yyyy|MM|dd|HH|mm|ss|[.*+?^${}()|[\]\\]/g, (token) => {
    const slot = tokens[token];
    if (slot === undefined) return `\\${token}`;
    order.push(slot);
    return slot === 0 ? "(\\d{4})" : "(\\d{1,2})";
  });
  const pattern = new RegExp(`^${source}$`);
  return (text) => {
    const match = pattern.exec(text);
    if (!match) return { ok: false, message: `date invalide ${quoted(text)} (format ${format} attendu)` };
    const parts = [0, 1, 1, 0, 0, 0];
    order.forEach((slot, i) => {
      parts[slot] = Number(match[i + 1]);
    });
    return fromParts(text, parts, timeZone);
  };
}

function fromParts(
  text: string,
  parts: number[],
  timeZone: string,
): { ok: true; ms: number } | { ok: false; message: string } {
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = parts;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: `date invalide ${quoted(text)} (date ou heure hors limites)` };
  }
  const instants = instantsOfWallTime(timeZone, { year, month, day, hour, minute, second });
  // Without a duration to tell the two autumn instants apart, the first occurrence is taken.
  if (instants[0] === undefined) {
    return {
      ok: false,
      message: `date invalide ${quoted(text)} : heure inexistante dans le fuseau ${timeZone} (passage à l’heure d’été)`,
    };
  }
  return { ok: true, ms: instants[0] };
}

export type GenericCsvParser = (record: string[]) => CallRowResult;

export function genericCsvParser(
  mapping: CallMapping,
  indexes: Map<MappedColumn, number>,
  siteId: string | null,
): GenericCsvParser {
  const readDate = dateReader(mapping.dateFormat, mapping.timeZone);
  const dispositions = new Map<string, CallOutcome>();
  for (const outcome of ["answered", "abandoned", "missed"] as const) {
    for (const value of mapping.dispositions?.[outcome] ?? []) dispositions.set(value.trim().toLowerCase(), outcome);
  }
  return (record) => {
    const field = (name: MappedColumn) => {
      const index = indexes.get(name);
      return index === undefined ? "" : (record[index] ?? "").trim();
    };
    const width = Math.max(...indexes.values()) + 1;
    if (record.length < width) return rowError(null, `${record.length} colonnes, ${width} au moins attendues`);

    const start = readDate(field("start"));
    if (!start.ok) return rowError("start", start.message);
    const optionalDate = (name: "answer" | "end") => (field(name) === "" ? null : readDate(field(name)));
    const answer = optionalDate("answer");
    if (answer && !answer.ok) return rowError("answer", answer.message);
    const end = optionalDate("end");
    if (end && !end.ok) return rowError("end", end.message);
    if (end?.ok && end.ms < start.ms) return rowError("end", "fin d’appel antérieure au début");
    if (answer?.ok && answer.ms < start.ms) return rowError("answer", "décroché antérieur au début de l’appel");

    let waitSeconds = answer?.ok ? Math.round((answer.ms - start.ms) / 1000) : null;
    let talkSeconds = answer?.ok && end?.ok ? Math.round((end.ms - answer.ms) / 1000) : null;
    for (const name of ["waitSeconds", "talkSeconds"] as const) {
      if (field(name) === "") continue;
      const seconds = parseSeconds(field(name));
      if (seconds === null) return rowError(name, `durée invalide ${quoted(field(name))} (secondes attendues)`);
      if (name === "waitSeconds") waitSeconds = seconds;
      else talkSeconds = seconds;
    }

    const rawDisposition = field("disposition");
    let outcome: CallOutcome;
    if (rawDisposition !== "" && dispositions.size > 0) {
      const mapped = dispositions.get(rawDisposition.toLowerCase());
      if (!mapped)
        return rowError(
          "disposition",
          `statut ${quoted(rawDisposition)} absent de la table des statuts du fichier de correspondance`,
        );
      outcome = mapped;
    } else {
      outcome = answer?.ok ? "answered" : "missed";
    }
    const endMs = end?.ok ? end.ms : null;
    const answeredMs = outcome === "answered" ? (answer?.ok ? answer.ms : start.ms + (waitSeconds ?? 0) * 1000) : null;
    const totalSeconds = endMs === null ? null : Math.round((endMs - start.ms) / 1000);
    const talk = outcome === "answered" ? (talkSeconds ?? 0) : 0;
    const wait = outcome === "answered" ? (waitSeconds ?? 0) : (waitSeconds ?? totalSeconds ?? 0);

    const callId = field("callId");
    const id = callId || `row-${createHash("sha256").update(record.join("\u001f")).digest("hex").slice(0, 32)}`;
    return {
      kind: "call",
      call: {
        key: callKey("generic-csv", siteId, id),
        sourceCallId: callId || null,
        source: "generic-csv",
        siteId,
        queue: field("queue").slice(0, 120) || null,
        ...readCaller(field("caller")),
        callee: field("callee").slice(0, 40) || null,
        offeredAt: new Date(start.ms),
        answeredAt: answeredMs === null ? null : new Date(answeredMs),
        endedAt: endMs === null ? null : new Date(endMs),
        outcome,
        waitSeconds: Math.max(0, wait),
        talkSeconds: Math.max(0, talk),
        agentId: outcome === "answered" ? field("agent").slice(0, 120) || null : null,
        disposition: rawDisposition.slice(0, 40) || null,
      },
    };
  };
}
