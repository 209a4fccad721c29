import { createServer, type IncomingMessage, type Server } from "node:http";
import { ovhSignature } from "../../src/delivery/sms/ovh-sms.sender.ts";

/** An SMS job as OVHcloud's API received it. */
export interface FakeSmsJob {
  serviceName: string;
  receivers: string[];
  message: string;
  sender: string;
  coding: string;
  noStopClause: boolean;
  receivedAt: Date;
}

export interface FakeOvhSms {
  /** e.g. http://127.0.0.1:port/1.0 — the OVH_ENDPOINT to configure. */
  endpoint: string;
  jobs: FakeSmsJob[];
  /** Numbers the fake reports as invalidReceivers (a permanent failure). */
  invalidNumbers: Set<string>;
  /** Requests refused for a bad signature or unknown credentials. */
  rejected: number;
  close(): Promise<void>;
}

/**
 * A local stand-in for `POST /1.0/sms/{serviceName}/jobs` of the OVHcloud API: checks the
 * application key, consumer key, timestamp window and "$1$" SHA-1 signature exactly as OVH
 * documents them, and answers with the same JSON shape. Tests never call the real provider.
 */
export async function startFakeOvhSms(credentials: {
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
}): Promise<FakeOvhSms> {
  const state: FakeOvhSms = {
    endpoint: "",
    jobs: [],
    invalidNumbers: new Set(),
    rejected: 0,
    close: async () => undefined,
  };
  let nextId = 1000;
  const server: Server = createServer(async (request, response) => {
    const body = await read(request);
    const reply = (status: number, json: unknown) => {
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    };
    const match = /^\/1\.0\/sms\/([^/]+)\/jobs$/.exec(request.url ?? "");
    if (request.method !== "POST" || !match) return reply(404, { message: "Not found" });
    const timestamp = Number(request.headers["x-ovh-timestamp"]);
    const url = `${state.endpoint}/sms/${match[1]}/jobs`;
    const expected = ovhSignature({ ...credentials, method: "POST", url, body, timestamp });
    if (
      request.headers["x-ovh-application"] !== credentials.applicationKey ||
      request.headers["x-ovh-consumer"] !== credentials.consumerKey ||
      request.headers["x-ovh-signature"] !== expected ||
      Math.abs(Date.now() / 1000 - timestamp) > 180
    ) {
      state.rejected += 1;
      return reply(403, { message: "Invalid signature" });
    }
    const job = JSON.parse(body) as Omit<FakeSmsJob, "receivedAt" | "serviceName">;
    const invalid = job.receivers.filter((r) => state.invalidNumbers.has(r));
    const valid = job.receivers.filter((r) => !state.invalidNumbers.has(r));
    if (valid.length > 0)
      state.jobs.push({ ...job, serviceName: decodeURIComponent(match[1] ?? ""), receivedAt: new Date() });
    reply(200, {
      totalCreditsRemoved: valid.length,
      invalidReceivers: invalid,
      validReceivers: valid,
      ids: valid.map(() => nextId++),
      tag: "",
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  state.endpoint = `http://127.0.0.1:${port}/1.0`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}

function read(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
