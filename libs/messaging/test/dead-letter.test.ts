import type { Envelope } from "@guichet/contracts";
import { describe, expect } from "vitest";
import { Unprocessable } from "../src/index.ts";
import { fastPolicy, requestReceived, test, waitFor, waitUntilSettled } from "./messaging.fixture.ts";

describe("dead letters", () => {
  test("lists, shows and replays an entry to its original consumer", async ({ messaging }) => {
    const event = requestReceived();
    let reject = true;
    const processed: Envelope[] = [];
    await messaging.consume({
      durable: "routing",
      events: ["requestReceived"],
      policy: fastPolicy,
      handler: async (envelope) => {
        if (reject) throw new Unprocessable("service catalogue not loaded");
        processed.push(envelope);
      },
    });
    await messaging.publish(event);
    const entry = await waitFor(async () => (await messaging.deadLetters.list("routing"))[0], {
      what: "dead letter",
    });
    expect(await messaging.deadLetters.list("reporting")).toEqual([]);
    const shown = await messaging.deadLetters.show(entry.seq);
    expect(JSON.parse(shown.payload)).toEqual(event);

    reject = false;
    await messaging.deadLetters.replay(entry.seq);
    await waitFor(async () => processed.length === 1, { what: "replayed event processed" });
    expect(processed[0]).toEqual(event);
    expect(await messaging.deadLetters.list()).toEqual([]);
    await waitUntilSettled(messaging, "routing");
    const { stream } = await messaging.status();
    expect(stream.lastSeq).toBe(3); // event, dead letter, replay
    await expect(messaging.deadLetters.replay(1)).rejects.toThrow(/no dead letter/);
  });

  test("limits the listing, oldest first", async ({ messaging }) => {
    await messaging.consume({
      durable: "routing",
      events: ["requestReceived"],
      policy: fastPolicy,
      handler: async () => {
        throw new Unprocessable("no");
      },
    });
    const events = [requestReceived(), requestReceived(), requestReceived()];
    for (const event of events) await messaging.publish(event);
    await waitFor(async () => (await messaging.deadLetters.list("routing")).length === 3, { what: "dead letters" });
    const firstTwo = await messaging.deadLetters.list("routing", 2);
    expect(firstTwo.map((e) => e.eventId)).toEqual(events.slice(0, 2).map((e) => e.id));
  });
});
