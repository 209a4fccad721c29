import { describe, expect, it } from "vitest";
import { waitFor } from "../src/index.ts";

describe("waitFor", () => {
  it("resolves with the first truthy probe result", async () => {
    let calls = 0;
    const value = await waitFor(async () => (++calls >= 3 ? "ready" : undefined), { intervalMs: 1 });
    expect(value).toBe("ready");
    expect(calls).toBe(3);
  });

  it("names what it waited for and the last error on timeout", async () => {
    await expect(
      waitFor(
        async () => {
          throw new Error("connection refused");
        },
        { timeoutMs: 50, intervalMs: 5, what: "the relay to drain" },
      ),
    ).rejects.toThrow(/Timed out after 50 ms waiting for the relay to drain \(last error: connection refused\)/);
  });
});
