import { createHash } from "node:crypto";
import { z } from "zod";
import { SendFailure } from "../mail-sender.ts";
import type { OutgoingSms, SmsSender } from "./sms-sender.ts";

/**
 * OVHcloud SMS (`POST /1.0/sms/{serviceName}/jobs`). Chosen because it is a French provider with
 * data hosted in France, bought by many communes through the UGAP catalogue, and billed per SMS
 * without a subscription. Requests are signed with OVH's scheme: X-Ovh-Signature =
 * "$1$" + SHA1(applicationSecret + "+" + consumerKey + "+" + METHOD + "+" + url + "+" + body + "+" + timestamp).
 */
export interface OvhSmsOptions {
  /** https://eu.api.ovh.com/1.0 in production; the fake server's URL in tests. */
  endpoint: string;
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
  /** The SMS account, e.g. sms-ab12345-1. */
  serviceName: string;
  /** Registered alphanumeric sender, e.g. "LoireAuthio" (11 characters at most). */
  sender: string;
  /** Seconds since the epoch; tests pin it. */
  clock?: () => number;
  timeoutMs?: number;
}

const jobResponse = z.object({
  ids: z.array(z.number()),
  invalidReceivers: z.array(z.string()).default([]),
  validReceivers: z.array(z.string()).default([]),
});

export function ovhSignature(parts: {
  applicationSecret: string;
  consumerKey: string;
  method: string;
  url: string;
  body: string;
  timestamp: number;
}): string {
  const { applicationSecret, consumerKey, method, url, body, timestamp } = parts;
  const digest = createHash("sha1")
    .update([applicationSecret, consumerKey, method, url, body, String(timestamp)].join("+"))
    .digest("hex");
  return `$1$${digest}`;
}

export function createOvhSmsSender(options: OvhSmsOptions): SmsSender {
  const url = `${options.endpoint.replace(/\/$/, "")}/sms/${encodeURIComponent(options.serviceName)}/jobs`;
  const clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
  return {
    async send(sms: OutgoingSms) {
      const body = JSON.stringify({
        receivers: [sms.to],
        message: sms.text,
        sender: options.sender,
        charset: "UTF-8",
        coding: "7bit",
        // Information messages of a public service, not marketing: no "STOP" clause, no replies.
        noStopClause: true,
        senderForResponse: false,
        priority: "high",
        tag: sms.messageId.slice(0, 20),
      });
      const timestamp = clock();
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-ovh-application": options.applicationKey,
            "x-ovh-consumer": options.consumerKey,
            "x-ovh-timestamp": String(timestamp),
            "x-ovh-signature": ovhSignature({ ...options, method: "POST", url, body, timestamp }),
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch {
        throw new SendFailure("sms-network", false);
      }
      if (!response.ok) {
        // 400: malformed request or number, will not get better; 401/403 (credentials) and 5xx may.
        throw new SendFailure(`sms-http-${response.status}`, response.status === 400 || response.status === 404);
      }
      const parsed = jobResponse.safeParse(await response.json().catch(() => null));
      if (!parsed.success) throw new SendFailure("sms-bad-response", false);
      if (parsed.data.invalidReceivers.length > 0 || parsed.data.ids.length === 0) {
        throw new SendFailure("sms-invalid-receiver", true);
      }
      return { providerMessageId: `ovh-${parsed.data.ids[0]}` };
    },
  };
}
