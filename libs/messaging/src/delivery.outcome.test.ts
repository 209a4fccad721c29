import { ContractError } from "@guichet/contracts";
import { describe, expect, it } from "vitest";
import { RetryLater, Unprocessable } from "./delivery.errors.ts";
import { describeError, outcomeOf } from "./delivery.outcome.ts";

const policy = { ackWaitMs: 2_000, maxDeliver: 3, backoffMs: [100, 400] };

describe("outcomeOf", () => {
  it("retries an ordinary failure with the backoff of its delivery", () => {
    expect(outcomeOf(new Error("db down"), 2, policy)).toEqual({
      kind: "retry",
      delayMs: 400,
      reason: "Error: db down",
    });
  });

  it("honours the delay a handler asks for", () => {
    expect(outcomeOf(new RetryLater("quota", 7_000), 1, policy)).toMatchObject({ kind: "retry", delayMs: 7_000 });
    expect(outcomeOf(new RetryLater("quota"), 1, policy)).toMatchObject({ kind: "retry", delayMs: 100 });
  });

  it("dead-letters at the last delivery", () => {
    expect(outcomeOf(new RetryLater("still down"), 3, policy)).toMatchObject({
      kind: "dead-letter",
      reason: "gave up after 3 deliveries: RetryLater: still down",
    });
  });

  it("dead-letters unprocessable and invalid events at once", () => {
    expect(outcomeOf(new Unprocessable("unknown service"), 1, policy).kind).toBe("dead-letter");
    expect(outcomeOf(new ContractError("invalid"), 1, policy).kind).toBe("dead-letter");
  });
});

describe("describeError", () => {
  it("lists the failing paths of a contract error, never the values", () => {
    const error = new ContractError("invalid request.received v1", [
      { path: "data.citizen.email", message: "Invalid email address" },
    ]);
    expect(describeError(error)).toBe("invalid request.received v1 at data.citizen.email");
  });

  it("keeps to one bounded line", () => {
    const text = describeError(new Error(`a\r\nb${"x".repeat(1_000)}`));
    expect(text).not.toMatch(/[\r\n]/);
    expect(text).toHaveLength(500);
  });

  it("reads the message of the objects Nest substitutes for errors", () => {
    expect(describeError({ status: "error", message: "Internal server error" })).toBe("Internal server error");
  });
});
