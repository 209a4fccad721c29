import { type DeadLetter, Messaging } from "@guichet/messaging";
import type { Command } from "commander";
import { natsUrlOption, platformNatsUrl } from "../platform.ts";

interface ConnectionOptions {
  natsUrl?: string;
  namespace: string;
  json?: boolean;
}

type Print = (line: string) => void;

async function withMessaging<T>(options: ConnectionOptions, work: (messaging: Messaging) => Promise<T>): Promise<T> {
  const messaging = await Messaging.connect({
    servers: (await platformNatsUrl(options.natsUrl)).split(","),
    namespace: options.namespace,
    name: "guichet-cli-dlq",
  });
  try {
    return await work(messaging);
  } finally {
    await messaging.close();
  }
}

function parseSeq(value: string): number {
  const seq = Number(value);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new Error(`invalid dead-letter id "${value}" (a stream sequence)`);
  return seq;
}

function table(entries: DeadLetter[], print: Print): void {
  if (entries.length === 0) {
    print("Aucune lettre morte.");
    return;
  }
  print(["ID", "DATE", "CONSUMER", "SUBJECT", "DELIVERIES", "EVENT", "ERROR"].join("\t"));
  for (const e of entries) {
    print([e.seq, e.deadLetteredAt, e.consumer, e.originalSubject, e.deliveries, e.eventId ?? "-", e.error].join("\t"));
  }
}

/**
 * `guichet dlq list|show|replay`: the operator's view of the dead-letter subjects. `list` shows no
 * personal data (identity of the event and the error only); `show` prints the payload.
 */
export function registerDlq(program: Command, print: Print = (line) => process.stdout.write(`${line}\n`)): void {
  const dlq = program
    .command("dlq")
    .description("lettres mortes : lister, inspecter, rejouer (dead letters)")
    .addOption(natsUrlOption())
    .option("--namespace <ns>", "espace de noms des sujets", process.env.GUICHET_NAMESPACE ?? "guichet")
    .option("--json", "sortie JSON");

  const connection = (): ConnectionOptions => dlq.opts<ConnectionOptions>();

  dlq
    .command("list")
    .description("liste les lettres mortes, les plus anciennes d’abord")
    .option("--consumer <durable>", "seulement celles d’un consommateur (intake, routing, notification, reporting…)")
    .option("--limit <n>", "nombre maximal", "100")
    .action(async (options: { consumer?: string; limit: string }) => {
      const limit = Number(options.limit);
      if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`invalid --limit "${options.limit}"`);
      const entries = await withMessaging(connection(), (m) => m.deadLetters.list(options.consumer, limit));
      if (connection().json) print(JSON.stringify(entries, null, 2));
      else table(entries, print);
    });

  dlq
    .command("show")
    .argument("<id>", "identifiant (numéro de séquence) de la lettre morte")
    .description("affiche une lettre morte avec son contenu (données personnelles)")
    .action(async (id: string) => {
      const entry = await withMessaging(connection(), (m) => m.deadLetters.show(parseSeq(id)));
      if (connection().json) {
        print(JSON.stringify(entry, null, 2));
        return;
      }
      const { payload, ...meta } = entry;
      for (const [key, value] of Object.entries(meta)) print(`${key}: ${String(value)}`);
      let pretty = payload;
      try {
        pretty = JSON.stringify(JSON.parse(payload), null, 2);
      } catch {
        // not JSON: print as received
      }
      print("payload:");
      print(pretty);
    });

  dlq
    .command("replay")
    .argument("[id]", "identifiant de la lettre morte à rejouer")
    .option("--all", "rejoue toutes les lettres mortes (ou celles de --consumer)")
    .option("--consumer <durable>", "avec --all : seulement celles de ce consommateur")
    .description("republie l’événement d’origine sur son sujet, puis retire la lettre morte")
    .action(async (id: string | undefined, options: { all?: boolean; consumer?: string }) => {
      if (Boolean(options.all) === (id !== undefined)) throw new Error("give either an ID or --all");
      const replayed = await withMessaging(connection(), async (m) => {
        if (id !== undefined) {
          const seq = parseSeq(id);
          await m.deadLetters.replay(seq);
          return [seq];
        }
        const done: number[] = [];
        // Only the entries that exist now: a replay that fails again is dead-lettered anew, with a
        // higher sequence, and must wait for the operator rather than loop.
        const ceiling = (await m.status()).stream.lastSeq;
        for (;;) {
          const batch = (await m.deadLetters.list(options.consumer, 500)).filter((e) => e.seq <= ceiling);
          if (batch.length === 0) break;
          for (const entry of batch) {
            await m.deadLetters.replay(entry.seq);
            done.push(entry.seq);
          }
        }
        return done;
      });
      if (connection().json) print(JSON.stringify({ replayed }));
      else print(replayed.length ? `Rejouées : ${replayed.join(", ")}` : "Aucune lettre morte à rejouer.");
    });
}
