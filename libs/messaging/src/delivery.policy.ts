import { type DeliveryPolicy, type EventDefinition, events } from "@guichet/contracts";

/** The catalogue's standard policy, used when a consumer handles no catalogued event at all. */
const fallback: DeliveryPolicy = events.requestReceived.policy;

/** An event's policy with the consumer's overrides applied (tests shorten ackWait and backoff). */
export function policyFor(def: EventDefinition | undefined, overrides: Partial<DeliveryPolicy> = {}): DeliveryPolicy {
  const policy = { ...(def?.policy ?? fallback), ...overrides };
  if (!Number.isInteger(policy.maxDeliver) || policy.maxDeliver < 1) {
    throw new Error(`maxDeliver must be a positive integer, got ${policy.maxDeliver}`);
  }
  if (!(policy.ackWaitMs > 0)) throw new Error(`ackWaitMs must be positive, got ${policy.ackWaitMs}`);
  return policy;
}

/**
 * What the server-side consumer is configured with when it serves several events. Retry decisions
 * are taken per message with that event's own policy, so the server only needs bounds loose enough
 * for all of them: the longest ack wait (a slow event is not redelivered while still in progress)
 * and the highest delivery count (we dead-letter each event ourselves at its own limit).
 */
export function consumerPolicyOf(
  defs: readonly EventDefinition[],
  overrides: Partial<DeliveryPolicy> = {},
): { ackWaitMs: number; maxDeliver: number } {
  const policies = defs.length > 0 ? defs.map((def) => policyFor(def, overrides)) : [policyFor(undefined, overrides)];
  return {
    ackWaitMs: Math.max(...policies.map((p) => p.ackWaitMs)),
    // One spare delivery so that, should the handler hang or the process die on the last attempt,
    // the server still hands the message back once and we can dead-letter it instead of dropping it.
    maxDeliver: Math.max(...policies.map((p) => p.maxDeliver)) + 1,
  };
}

/** Delay before redelivery after the `deliveryCount`-th failed attempt; the last value repeats. */
export function backoffDelay(policy: DeliveryPolicy, deliveryCount: number): number {
  const { backoffMs } = policy;
  if (backoffMs.length === 0) return 0;
  const index = Math.min(Math.max(deliveryCount, 1), backoffMs.length) - 1;
  return backoffMs[index] ?? 0;
}
