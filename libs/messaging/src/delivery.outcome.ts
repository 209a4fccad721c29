import { ContractError, type DeliveryPolicy } from "@guichet/contracts";
import { RetryLater, Unprocessable } from "./delivery.errors.ts";
import { backoffDelay } from "./delivery.policy.ts";

export type DeliveryOutcome =
  | { kind: "retry"; delayMs: number; reason: string }
  | { kind: "dead-letter"; reason: string };

/** Header values travel to dashboards and operators: bounded, single line. */
const maxReasonLength = 500;

/**
 * The message edge's error mapping: what a handler failure means for the message. Pure, so the
 * rules are unit-tested without a broker.
 */
export function outcomeOf(error: unknown, deliveryCount: number, policy: DeliveryPolicy): DeliveryOutcome {
  const reason = describeError(error);
  if (error instanceof Unprocessable || error instanceof ContractError) return { kind: "dead-letter", reason };
  if (deliveryCount >= policy.maxDeliver) {
    return { kind: "dead-letter", reason: truncate(`gave up after ${deliveryCount} deliveries: ${reason}`) };
  }
  const delayMs =
    error instanceof RetryLater && error.delayMs !== undefined ? error.delayMs : backoffDelay(policy, deliveryCount);
  return { kind: "retry", delayMs, reason };
}

/**
 * A short, single-line description. Only the error's own text is used: callers must not put
 * payload data in error messages, and for contract errors only the failing paths are listed,
 * never the values.
 */
export function describeError(error: unknown): string {
  let text: string;
  if (error instanceof ContractError) {
    const paths = [...new Set(error.issues.map((issue) => issue.path || "(root)"))];
    text = paths.length > 0 ? `${error.message} at ${paths.join(", ")}` : error.message;
  } else if (error instanceof Error) {
    text = `${error.name}: ${error.message}`;
  } else if (typeof error === "object" && error !== null && typeof Reflect.get(error, "message") === "string") {
    // Nest turns unknown handler errors into `{ status: "error", message }` objects.
    text = String(Reflect.get(error, "message"));
  } else {
    text = String(error);
  }
  return truncate(text.replace(/[\r\n]+/g, " "));
}

function truncate(text: string): string {
  return text.length > maxReasonLength ? `${text.slice(0, maxReasonLength - 3)}...` : text;
}
