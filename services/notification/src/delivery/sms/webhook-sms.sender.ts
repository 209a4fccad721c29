import { createHmac } from "node:crypto";
import { z } from "zod";
import { SendFailure } from "../mail-sender.ts";
import type { OutgoingSms, SmsSender } from "./sms-sender.ts";

/**
 * Any other gateway (the town's own, an aggregator): POST JSON {to, text, messageId} to a URL,
 * signed X-Guichet-Signature: sha256=HMAC-SHA256(secret, timestamp + "." + body), with
 * X-Guichet-Timestamp, so the receiver can reject forged or replayed calls. 2xx means accepted;
 * an optional JSON {id} is kept as the provider's id.
 */
export interface WebhookSmsOptions {
  url: string;
  secret: string;
  clock?: () => number;
  timeoutMs?: number;
}

export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

const accepted = z.object({ id: z.union([z.string(), z.number()]).optional() }).passthrough();

export function createWebhookSmsSender(options: WebhookSmsOptions): SmsSender {
  const clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
  return {
    async send(sms: OutgoingSms) {
      const body = JSON.stringify({ to: sms.to, text: sms.text, messageId: sms.messageId });
      const timestamp = clock();
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-guichet-timestamp": String(timestamp),
            "x-guichet-signature": webhookSignature(options.secret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch {
        throw new SendFailure("sms-network", false);
      }
      if (!response.ok) {
        const permanent =
          response.status >= 400 && response.status < 500 && ![401, 403, 408, 429].includes(response.status);
        throw new SendFailure(`sms-http-${response.status}`, permanent);
      }
      const parsed = accepted.safeParse(await response.json().catch(() => ({})));
      const id = parsed.success && parsed.data.id !== undefined ? String(parsed.data.id) : sms.messageId;
      return { providerMessageId: `webhook-${id}` };
    },
  };
}
