import { events } from "@guichet/contracts";
import { describe, expect, it } from "vitest";
import { backoffDelay, consumerPolicyOf, policyFor } from "./delivery.policy.ts";

const policy = { ackWaitMs: 2_000, maxDeliver: 4, backoffMs: [100, 500] };

describe("backoffDelay", () => {
  it("follows the backoff list, then repeats its last value", () => {
    expect([1, 2, 3, 9].map((count) => backoffDelay(policy, count))).toEqual([100, 500, 500, 500]);
  });

  it("redelivers at once with an empty backoff", () => {
    expect(backoffDelay({ ...policy, backoffMs: [] }, 3)).toBe(0);
  });
});

describe("policyFor", () => {
  it("applies overrides to the catalogue policy", () => {
    expect(policyFor(events.requestRouted, { ackWaitMs: 2_000 })).toEqual({
      ...events.requestRouted.policy,
      ackWaitMs: 2_000,
    });
  });

  it("rejects a policy that could never deliver", () => {
    expect(() => policyFor(events.requestRouted, { maxDeliver: 0 })).toThrow(/maxDeliver/);
  });
});

describe("consumerPolicyOf", () => {
  it("keeps the loosest bounds and one spare delivery for the server", () => {
    const slow = { ...events.requestRouted, policy: { ackWaitMs: 60_000, maxDeliver: 3, backoffMs: [] } };
    const fast = { ...events.requestReceived, policy: { ackWaitMs: 5_000, maxDeliver: 10, backoffMs: [] } };
    expect(consumerPolicyOf([slow, fast])).toEqual({ ackWaitMs: 60_000, maxDeliver: 11 });
  });
});
