import { randomUUID } from "node:crypto";
import { createEvent, type Envelope } from "@guichet/contracts";
import { Messaging, Unprocessable } from "@guichet/messaging";
import { test as base, waitFor } from "@guichet/testing";
import { Command } from "commander";
import { describe, expect } from "vitest";
import { registerDlq } from "../src/commands/dlq.command.ts";

const test = base.extend<{ messaging: Messaging }>({
  messaging: async ({ natsUrl, namespace }, use) => {
    const messaging = await Messaging.connect({ servers: natsUrl, namespace, name: "dlq-cli-test" });
    await messaging.ensureStream();
    await use(messaging);
    await messaging.close();
  },
});

function received(): Envelope {
  return createEvent("requestReceived", {
    requestId: randomUUID(),
    reference: "LA-2026-000042",
    channel: "web",
    siteId: null,
    receivedAt: new Date().toISOString(),
    citizen: { name: "Jeanne Martin", email: null, phone: null, postalAddress: null, preferredChannel: "none" },
    subjectId: null,
    title: null,
    body: "Le lampadaire de la rue est en panne.",
    metadata: {},
  });
}

/** Runs `guichet dlq …` in-process, as the binary would, and returns what it printed. */
async function guichet(natsUrl: string, namespace: string, ...args: string[]): Promise<string> {
  const lines: string[] = [];
  const program = new Command("guichet").exitOverride();
  registerDlq(program, (line) => lines.push(line));
  await program.parseAsync(["dlq", "--nats-url", natsUrl, "--namespace", namespace, ...args], { from: "user" });
  return lines.join("\n");
}

describe("guichet dlq", () => {
  test("lists, shows and replays dead letters, one or all", async ({ messaging, natsUrl, namespace }) => {
    let reject = true;
    const processed: string[] = [];
    await messaging.consume({
      durable: "routing",
      events: ["requestReceived"],
      policy: { ackWaitMs: 2_000, maxDeliver: 2, backoffMs: [50] },
      handler: async (envelope) => {
        if (reject) throw new Unprocessable("catalogue absent");
        processed.push(envelope.id);
      },
    });
    const events = [received(), received(), received()];
    for (const event of events) await messaging.publish(event);
    await waitFor(async () => (await messaging.deadLetters.list("routing")).length === 3, { what: "dead letters" });

    const listed = JSON.parse(await guichet(natsUrl, namespace, "--json", "list", "--consumer", "routing")) as {
      seq: number;
      eventId: string;
      error: string;
    }[];
    expect(listed.map((e) => e.eventId)).toEqual(events.map((e) => e.id));
    expect(listed[0]?.error).toMatch(/catalogue absent$/);
    const text = await guichet(natsUrl, namespace, "list");
    expect(text).toContain("catalogue absent");
    expect(text).not.toContain("Jeanne Martin"); // no personal data in the listing
    expect(await guichet(natsUrl, namespace, "list", "--consumer", "reporting")).toBe("Aucune lettre morte.");

    const [first, ...rest] = listed;
    if (!first) throw new Error("no entry");
    const shown = await guichet(natsUrl, namespace, "show", String(first.seq));
    expect(shown).toContain(`eventId: ${events[0]?.id}`);
    expect(shown).toContain("Jeanne Martin"); // the payload, for the investigation

    reject = false;
    expect(await guichet(natsUrl, namespace, "replay", String(first.seq))).toBe(`Rejouées : ${first.seq}`);
    await waitFor(async () => processed.length === 1, { what: "replayed event processed" });
    expect(processed).toEqual([events[0]?.id]);
    await expect(guichet(natsUrl, namespace, "show", String(first.seq))).rejects.toThrow(/no dead letter/);

    expect(await guichet(natsUrl, namespace, "replay", "--all")).toBe(
      `Rejouées : ${rest.map((e) => e.seq).join(", ")}`,
    );
    await waitFor(async () => processed.length === 3, { what: "all replayed events processed" });
    expect(new Set(processed)).toEqual(new Set(events.map((e) => e.id)));
    expect(await guichet(natsUrl, namespace, "list")).toBe("Aucune lettre morte.");
    await expect(guichet(natsUrl, namespace, "replay")).rejects.toThrow(/either an ID or --all/);
    await expect(guichet(natsUrl, namespace, "show", "abc")).rejects.toThrow(/invalid dead-letter id/);
  });

  test("replay --all does not loop on an event that fails again", async ({ messaging, natsUrl, namespace }) => {
    await messaging.consume({
      durable: "routing",
      events: ["requestReceived"],
      policy: { ackWaitMs: 2_000, maxDeliver: 2, backoffMs: [50] },
      handler: async () => {
        throw new Unprocessable("toujours pas");
      },
    });
    await messaging.publish(received());
    await waitFor(async () => (await messaging.deadLetters.list()).length === 1, { what: "dead letter" });
    expect(await guichet(natsUrl, namespace, "replay", "--all")).toMatch(/^Rejouées : \d+$/);
    await waitFor(async () => (await messaging.deadLetters.list()).length === 1, { what: "dead-lettered again" });
  });
});
