import type { JetStreamClient, JsMsg } from "@nats-io/jetstream";
import { Match, headers as natsHeaders } from "@nats-io/nats-core";
import { deadLetterHeaders } from "./dead-letter.entry.ts";

const traceHeaders = ["traceparent", "tracestate"];

/**
 * Copies a message that will never be processed to the consumer's dead-letter subject, in the
 * same stream so it is durable, listable and replayable. Resolves once JetStream stored it; the
 * caller terminates the original only then, so a failed copy never loses the message.
 */
export async function writeDeadLetter(
  js: JetStreamClient,
  msg: JsMsg,
  target: { subject: string; durable: string; reason: string; timeoutMs: number },
): Promise<void> {
  const headers = natsHeaders();
  headers.set(deadLetterHeaders.originalSubject, msg.subject);
  headers.set(deadLetterHeaders.error, target.reason);
  headers.set(deadLetterHeaders.deliveries, String(msg.info.deliveryCount));
  headers.set(deadLetterHeaders.consumer, target.durable);
  // Kept so a replay continues the original trace.
  for (const name of traceHeaders) {
    if (msg.headers?.has(name, Match.IgnoreCase)) headers.set(name, msg.headers.get(name, Match.IgnoreCase));
  }
  await js.publish(target.subject, msg.data, {
    // The stream sequence identifies this stored message: a crash between this copy and the term
    // of the original is de-duplicated, while a later replay that fails again gets its own entry.
    msgID: `${target.durable}:${msg.seq}`,
    headers,
    timeout: target.timeoutMs,
  });
}
