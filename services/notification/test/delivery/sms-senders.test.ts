import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SendFailure } from "../../src/delivery/mail-sender.ts";
import { createOvhSmsSender, ovhSignature } from "../../src/delivery/sms/ovh-sms.sender.ts";
import { createWebhookSmsSender } from "../../src/delivery/sms/webhook-sms.sender.ts";
import { type FakeOvhSms, startFakeOvhSms } from "../support/fake-ovh-sms.server.ts";

const credentials = { applicationKey: "ak", applicationSecret: "secret-as", consumerKey: "ck" };
let ovh: FakeOvhSms;
beforeAll(async () => {
  ovh = await startFakeOvhSms(credentials);
});
afterAll(() => ovh?.close());

describe("OVHcloud SMS sender", () => {
  it("signs as OVH documents: $1$ + SHA-1 of secret+consumer+method+url+body+timestamp", () => {
    // Reference value computed independently: printf 'AS+CK+POST+https://eu.api.ovh.com/1.0/sms/x/jobs+{}+1700000000' | sha1sum
    expect(
      ovhSignature({
        applicationSecret: "AS",
        consumerKey: "CK",
        method: "POST",
        url: "https://eu.api.ovh.com/1.0/sms/x/jobs",
        body: "{}",
        timestamp: 1_700_000_000,
      }),
    ).toBe("$1$821baf024c1a451af7d849b872a5eeeab06bd6a8");
  });

  it("posts a job the API accepts, and returns the provider's id", async () => {
    const sender = createOvhSmsSender({
      endpoint: ovh.endpoint,
      serviceName: "sms-x-1",
      sender: "Mairie",
      ...credentials,
    });
    const { providerMessageId } = await sender.send({ to: "+33611111111", text: "Bonjour", messageId: "<a@b>" });
    expect(providerMessageId).toMatch(/^ovh-\d+$/);
    expect(ovh.jobs.at(-1)).toMatchObject({ receivers: ["+33611111111"], message: "Bonjour", noStopClause: true });
  });

  it("is refused with wrong credentials (transient: fix the config, the SMS waits) and fails permanently on an invalid number", async () => {
    const wrong = createOvhSmsSender({
      endpoint: ovh.endpoint,
      serviceName: "sms-x-1",
      sender: "Mairie",
      ...credentials,
      applicationSecret: "wrong",
    });
    await expect(wrong.send({ to: "+33611111111", text: "x", messageId: "m" })).rejects.toMatchObject({
      code: "sms-http-403",
      permanent: false,
    });
    ovh.invalidNumbers.add("+33600000000");
    const sender = createOvhSmsSender({
      endpoint: ovh.endpoint,
      serviceName: "sms-x-1",
      sender: "Mairie",
      ...credentials,
    });
    const failure = await sender.send({ to: "+33600000000", text: "x", messageId: "m" }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SendFailure);
    expect(failure).toMatchObject({ code: "sms-invalid-receiver", permanent: true });
  });
});

describe("generic webhook SMS sender", () => {
  it("posts signed JSON the receiver can verify", async () => {
    const secret = "a-webhook-secret-of-at-least-32-chars!!";
    const seen: { body: string; signature: string; timestamp: string }[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (c: Buffer) => chunks.push(c));
      request.on("end", () => {
        seen.push({
          body: Buffer.concat(chunks).toString(),
          signature: String(request.headers["x-guichet-signature"]),
          timestamp: String(request.headers["x-guichet-timestamp"]),
        });
        response.writeHead(seen.length === 1 ? 202 : 422, { "content-type": "application/json" }).end('{"id":"gw-42"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const sender = createWebhookSmsSender({ url: `http://127.0.0.1:${port}/sms`, secret });
      expect(await sender.send({ to: "+33611111111", text: "Bonjour", messageId: "<m@x>" })).toEqual({
        providerMessageId: "webhook-gw-42",
      });
      const [call] = seen;
      const expected = `sha256=${createHmac("sha256", secret).update(`${call?.timestamp}.${call?.body}`).digest("hex")}`;
      expect(call?.signature).toBe(expected);
      expect(JSON.parse(call?.body ?? "{}")).toEqual({ to: "+33611111111", text: "Bonjour", messageId: "<m@x>" });
      await expect(sender.send({ to: "+33611111111", text: "x", messageId: "m" })).rejects.toMatchObject({
        code: "sms-http-422",
        permanent: true,
      });
    } finally {
      server.close();
    }
  });
});
