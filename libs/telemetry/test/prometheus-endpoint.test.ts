import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMeter, startTelemetry, type TelemetryHandle } from "../src/index.ts";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

describe("Prometheus endpoint", () => {
  let telemetry: TelemetryHandle;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    telemetry = startTelemetry({ serviceName: "notification", prometheusPort: port });
    await telemetry.ready;
  });
  afterAll(() => telemetry.shutdown());

  it("serves a counter incremented through getMeter", async () => {
    const counter = getMeter("notification").createCounter("guichet_acknowledgements_sent", {
      description: "Acknowledgements handed to a delivery channel",
    });
    counter.add(2, { channel: "email" });
    counter.add(1, { channel: "sms" });

    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    const body = await response.text();
    expect(response.status).toBe(200);
    expect(body).toMatch(/guichet_acknowledgements_sent_total\{[^}]*channel="email"[^}]*\} 2/);
    expect(body).toMatch(/guichet_acknowledgements_sent_total\{[^}]*channel="sms"[^}]*\} 1/);
  });
});
