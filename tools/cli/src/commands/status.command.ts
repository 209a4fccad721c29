import { Messaging } from "@guichet/messaging";
import type { Command } from "commander";
import { natsUrlOption, platformNatsUrl } from "../platform.ts";
import { services, serviceUrl } from "../services.ts";

interface ServiceHealth {
  service: string;
  url: string;
  status: string;
  database?: string;
  nats?: string;
}

async function health(name: string, url: string): Promise<ServiceHealth> {
  try {
    const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3_000) });
    const body = (await response.json()) as Omit<ServiceHealth, "service" | "url">;
    return { service: name, url, ...body };
  } catch {
    return { service: name, url, status: "injoignable" };
  }
}

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("santé de chaque service, du flux d’événements et retard des consommateurs")
    .addOption(natsUrlOption())
    .option("--namespace <ns>", "espace de noms des sujets", process.env.GUICHET_NAMESPACE ?? "guichet")
    .option("--json", "sortie JSON")
    .action(async (options: { natsUrl?: string; namespace: string; json?: boolean }) => {
      const checks = await Promise.all(services.map((s) => health(s.name, serviceUrl(s))));
      let stream: Awaited<ReturnType<Messaging["status"]>> | { error: string };
      try {
        const messaging = await Messaging.connect({
          servers: (await platformNatsUrl(options.natsUrl)).split(","),
          namespace: options.namespace,
          name: "guichet-cli",
        });
        try {
          stream = await messaging.status();
        } finally {
          await messaging.close();
        }
      } catch (error) {
        stream = { error: (error as Error).message };
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ services: checks, messaging: stream }, null, 2)}\n`);
      } else {
        console.table(checks);
        if ("error" in stream) console.log(`NATS : ${stream.error}`);
        else {
          console.log(
            `Flux ${stream.stream.name} : ${stream.stream.messages} messages, dernier n° ${stream.stream.lastSeq}`,
          );
          console.table(stream.consumers);
        }
      }
      if (checks.some((c) => c.status !== "ok") || "error" in stream) process.exitCode = 1;
    });
}
