import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { createTestDatabase, type TestDatabase, uniqueNamespace } from "@guichet/testing";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { citizenRequest, type Platform, startPlatform } from "../e2e/platform.harness.ts";

/**
 * Bad input through the web gateway, as a script kiddie, a broken client or a confused citizen
 * sends it: every case gets a specific 4xx with a French message, never a 5xx, and the requests
 * accepted before are still intact afterwards.
 */

let database: TestDatabase;
let mail: MailCatcher;
let platform: Platform;
let site: string;
const accepted: { requestId: string; body: string }[] = [];
const tally = new Map<number, number>();

/** A French sentence: accented letters or common French words, and none of the usual English error words. */
const FRENCH = /[éèêàçù]|\b(demande|invalide|attendu|obligatoire|trop|fichier|corps|caractères|au plus)\b/i;
const ENGLISH = /\b(unexpected|token|position|entity|payload too large|bad request|internal server|cannot)\b/i;

interface BadCase {
  name: string;
  path?: string;
  contentType?: string;
  body: NonNullable<RequestInit["body"]>;
  /** The status the case must get. */
  status: number;
  headers?: Record<string, string>;
}

const valid = (overrides: Record<string, unknown> = {}) => JSON.stringify({ ...citizenRequest, ...overrides });
const withCitizen = (citizen: Record<string, unknown>) =>
  JSON.stringify({ ...citizenRequest, citizen: { ...citizenRequest.citizen, ...citizen } });

function multipart(parts: { name: string; filename?: string; type: string; content: Buffer | string }[]) {
  const boundary = "----guichetabuse";
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ""}`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${part.type}\r\n\r\n`),
      Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content),
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const bigUpload = multipart([
  { name: "request", type: "application/json", content: valid() },
  { name: "attachments", filename: "photo.jpg", type: "image/jpeg", content: Buffer.alloc(16 * 1024 * 1024, 0xff) },
]);

const CASES: readonly BadCase[] = [
  { name: "malformed JSON", body: '{"subjectId":', status: 400 },
  { name: "JSON with a trailing comma", body: '{"body":"x",}', status: 400 },
  { name: "JSON array instead of an object", body: "[1,2,3]", status: 400 },
  { name: "JSON string instead of an object", body: '"bonjour"', status: 400 },
  { name: "JSON null", body: "null", status: 400 },
  { name: "empty body", body: "", status: 400 },
  { name: "huge JSON (3 MB)", body: valid({ body: "a".repeat(3 * 1024 * 1024) }), status: 413 },
  { name: "deeply nested JSON", body: `${"[".repeat(50_000)}${"]".repeat(50_000)}`, status: 400 },
  { name: "a number where a text is expected", body: valid({ body: 42 }), status: 400 },
  { name: "unknown field", body: valid({ admin: true }), status: 400 },
  { name: "body over 20,000 characters", body: valid({ body: "é".repeat(20_001) }), status: 400 },
  { name: "no name", body: withCitizen({ name: "   " }), status: 400 },
  { name: "invalid e-mail", body: withCitizen({ email: "jeanne@" }), status: 400 },
  { name: "SQL in the subject id", body: valid({ subjectId: "voirie'; DROP TABLE intake.request;--" }), status: 400 },
  { name: "text/plain", contentType: "text/plain", body: valid(), status: 400 },
  { name: "application/xml", contentType: "application/xml", body: "<demande/>", status: 400 },
  {
    name: "form-urlencoded to the JSON API",
    contentType: "application/x-www-form-urlencoded",
    body: "body=x",
    status: 400,
  },
  {
    name: "JSON declared as ISO-8859-1",
    contentType: "application/json; charset=iso-8859-1",
    body: valid(),
    status: 415,
  },
  {
    name: "invalid UTF-8",
    body: Buffer.concat([Buffer.from('{"body":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]),
    status: 400,
  },
  { name: "NUL byte in the description", body: valid({ body: "Nid de poule\u0000 rue des Lilas" }), status: 400 },
  { name: "NUL byte in the name", body: withCitizen({ name: "Jeanne\u0000Martin" }), status: 400 },
  { name: "RTL override in the name", body: withCitizen({ name: "Jeanne \u202Enitram" }), status: 400 },
  { name: "RTL override in the title", body: valid({ title: "Facture \u202Efdp.exe" }), status: 400 },
  {
    name: "invalid Idempotency-Key",
    body: valid(),
    headers: { "idempotency-key": "é" },
    status: 400,
  },
  {
    name: "oversized upload (16 MB, limit 15 MB)",
    contentType: bigUpload.contentType,
    body: bigUpload.body,
    status: 413,
  },
  {
    name: "multipart without the request part",
    ...multipart([{ name: "attachments", filename: "a.png", type: "image/png", content: "x" }]),
    status: 400,
  },
  {
    name: "multipart with a broken boundary",
    contentType: "multipart/form-data; boundary=nope",
    body: "--autre\r\n\r\nrien\r\n",
    status: 400,
  },
  { name: "Open311: malformed JSON", path: "/open311/v2/requests.json", body: "{", status: 400 },
];

function count(status: number) {
  tally.set(status, (tally.get(status) ?? 0) + 1);
}

async function post(
  path: string,
  body: NonNullable<RequestInit["body"]>,
  contentType: string,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${site}${path}`, {
    method: "POST",
    headers: { "content-type": contentType, ...headers },
    body,
  });
  const text = await response.text();
  count(response.status);
  return { status: response.status, text };
}

function messageOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown; problems?: { message: string }[] };
    return [String(parsed.message ?? ""), ...(parsed.problems ?? []).map((p) => p.message)].join(" ");
  } catch {
    return text;
  }
}

beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  database = await createTestDatabase(inject("postgresAdminUrl"));
  platform = await startPlatform({
    databaseUrl: database.url,
    natsUrl: inject("natsUrl"),
    namespace: uniqueNamespace(),
    smtpUrl: mail.smtpUrl,
    web: true,
    // Every case comes from 127.0.0.1: the per-address limits of public forms would answer 429.
    env: {
      RATE_LIMIT_PUBLIC_FORMS_PER_MINUTE: "100000",
      INTAKE_SUBMISSIONS_BURST: "100000",
      INTAKE_SUBMISSIONS_PER_HOUR: "10000000",
    },
  });
  site = platform.web?.url ?? "";
  for (const body of ["Avant l’essai : trottoir abîmé rue de la Mairie", "Avant l’essai : lampadaire éteint"]) {
    const response = await post("/api/requests", valid({ body }), "application/json");
    expect(response.status).toBe(201);
    accepted.push({ requestId: (JSON.parse(response.text) as { requestId: string }).requestId, body });
  }
});

afterAll(async () => {
  console.info(
    `[abuse] answers by status: ${[...tally]
      .sort()
      .map(([status, n]) => `${status} × ${n}`)
      .join(", ")}`,
  );
  await platform?.close();
  await database?.drop();
  await mail?.stop();
});

describe("bad input to POST /api/requests through the gateway", () => {
  for (const c of CASES) {
    it(`${c.name} → ${c.status}, in French`, async () => {
      const { status, text } = await post(
        c.path ?? "/api/requests",
        c.body,
        c.contentType ?? "application/json",
        c.headers,
      );
      const message = messageOf(text);
      expect({ status, message }).toMatchObject({ status: c.status });
      expect(message).toMatch(FRENCH);
      expect(message).not.toMatch(ENGLISH);
    });
  }

  it("never answers 5xx to arbitrary JSON documents (fast-check), and refuses in French", async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ body: fc.string(), citizen: fc.record({ name: fc.string(), email: fc.string() }) }),
          fc.record({
            subjectId: fc.constantFrom("voirie.chaussee", "inconnu", ""),
            body: fc.string({ unit: "binary", minLength: 1 }),
            citizen: fc.record({ name: fc.string({ unit: "binary", minLength: 1 }), email: fc.emailAddress() }),
          }),
        ),
        async (document) => {
          runs += 1;
          const { status, text } = await post("/api/requests", JSON.stringify(document), "application/json");
          expect(status, text).toBeLessThan(500);
          if (status >= 400) expect(messageOf(text)).toMatch(FRENCH);
        },
      ),
      { numRuns: 60 },
    );
    console.info(`[abuse] fast-check: ${runs} random documents, no 5xx`);
  });

  it("kept every request accepted before the bad input, unchanged", async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      for (const { requestId, body } of accepted) {
        const row = await client.query<{ body: string }>("SELECT body FROM intake.request WHERE id = $1", [requestId]);
        expect(row.rows[0]?.body).toBe(body);
      }
    } finally {
      await client.end();
    }
    const ready = await fetch(`${platform.intake.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});
