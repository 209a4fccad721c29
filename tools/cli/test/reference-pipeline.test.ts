import { test } from "@guichet/testing";
import { describe, expect } from "vitest";
import { saturate } from "../src/bench/load.ts";
import { startReference } from "../src/bench/systems.ts";
import { benchInfrastructure } from "./bench-infrastructure.ts";

// The bench's yardstick must itself be right: every request it accepts goes through the four hops
// (one e-mail each to the catcher) and is counted once, with a receipt→acknowledgement delay.
describe("bench reference pipeline", () => {
  // The batched variant: the one the targets are measured against, and the one with more code.
  for (const variant of ["batched"] as const) {
    test(`${variant}: every accepted request is acknowledged end to end, once`, { timeout: 180_000 }, async ({
      natsUrl,
    }) => {
      const { infra, mail } = await benchInfrastructure(natsUrl);
      const reference = await startReference(infra, variant);
      try {
        const invalid = await fetch(`${reference.intakeUrls[0]}/api/requests`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ subjectId: "voirie.eclairage", body: "", citizen: { name: "A", email: "nope" } }),
        });
        expect(invalid.status).toBe(400);

        const phase = await saturate(reference, { run: "t", requests: 20, concurrency: 4, drainTimeoutMs: 60_000 });
        expect(phase).toMatchObject({ sent: 20, accepted: 20, failures: 0, completed: 20, complete: true });
        expect(phase.delays).toHaveLength(20);
        expect(phase.delays.every((ms) => ms >= 0)).toBe(true);
        const caught = (await (await fetch(`${mail.httpUrl}/api/messages`)).json()) as unknown[];
        expect(caught).toHaveLength(20);
      } finally {
        await reference.stop();
        await mail.process.stop();
      }
    });
  }
});
