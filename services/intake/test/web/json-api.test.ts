import { createHash } from "node:crypto";
import { test } from "@guichet/testing";
import { afterEach, describe, expect } from "vitest";
import { startDirectory, startWebIntake, type WebIntakeUnderTest } from "./web-test.harness.ts";

let intake: WebIntakeUnderTest | undefined;
let directory: Awaited<ReturnType<typeof startDirectory>> | undefined;
afterEach(async () => {
  await intake?.close();
  await directory?.close();
  intake = undefined;
  directory = undefined;
});

const submission = {
  subjectId: "voirie.chaussee",
  body: "Lampadaire éteint rue des Écoles",
  citizen: { name: "Paul Durand", email: "paul@example.org" },
};

describe("JSON API POST /api/requests", () => {
  test("answers the reference and a private tracking link; accepts multipart with attachments; OpenAPI 3.1", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    directory = await startDirectory();
    intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: directory.url });

    const json = await fetch(`${intake.url}/api/requests`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "api-key-000001" },
      body: JSON.stringify(submission),
    });
    expect(json.status).toBe(201);
    const answer = (await json.json()) as { reference: string; trackingUrl: string; replayed: boolean };
    expect(answer.trackingUrl).toMatch(/^https:\/\/demarches\.loire-authion\.example\/suivi\/[A-Za-z0-9_-]{43}$/);
    const replay = await fetch(`${intake.url}/api/requests`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "api-key-000001" },
      body: JSON.stringify(submission),
    });
    expect(await replay.json()).toMatchObject({
      reference: answer.reference,
      trackingUrl: answer.trackingUrl,
      replayed: true,
    });

    const photo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    const form = new FormData();
    form.append("request", new Blob([JSON.stringify(submission)], { type: "application/json" }));
    form.append("attachments", new Blob([photo], { type: "image/png" }), "lampadaire.png");
    const multipart = await fetch(`${intake.url}/api/requests`, { method: "POST", body: form });
    expect(multipart.status).toBe(201);
    const second = (await multipart.json()) as { reference: string; trackingUrl: string };

    const events = await intake.waitForEvents("request.received", 2);
    const token = answer.trackingUrl.split("/suivi/")[1] as string;
    expect(events.find((e) => (e.data as { reference: string }).reference === answer.reference)?.data).toMatchObject({
      trackingTokenHash: createHash("sha256").update(token).digest("hex"),
    });
    expect(events.find((e) => (e.data as { reference: string }).reference === second.reference)?.data).toMatchObject({
      attachments: [{ filename: "lampadaire.png", contentType: "image/png", size: photo.length }],
    });

    const invalid = await fetch(`${intake.url}/api/requests`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...submission, citizen: { name: "" } }),
    });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(await invalid.json())).toContain("le nom est obligatoire");

    const openapi = (await (await fetch(`${intake.url}/api/requests/openapi.json`)).json()) as Record<string, never>;
    expect(openapi).toMatchObject({
      openapi: "3.1.0",
      paths: { "/api/requests": { post: { operationId: "submitRequest" } } },
    });
  });
});

const submit = (url: string, key?: string) =>
  fetch(`${url}/api/requests`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
    body: JSON.stringify(submission),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }));

async function boot({
  database,
  natsUrl,
  namespace,
}: {
  database: { url: string };
  natsUrl: string;
  namespace: string;
}) {
  directory = await startDirectory();
  intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: directory.url });
  return intake;
}

// Without files, the web path writes the reference, the request and its event in one statement
// (RequestRepository.insertWithEvent).
describe("JSON API POST /api/requests, written in one statement", () => {
  test("the event carries the request's reference, formatted as the other channels' beyond six digits", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const { url, pool, waitForEvents } = await boot({ database, natsUrl, namespace });
    const first = await submit(url);
    expect(first.status).toBe(201);
    const year = String(first.body.reference).split("-")[1];
    await pool.query(`SELECT setval('intake.reference_${year}', 999999)`);
    const second = await submit(url);
    expect(second.body.reference).toBe(`LA-${year}-1000000`);

    const events = await waitForEvents("request.received", 2);
    const stored = await pool.query(
      `SELECT r.id::text, r.reference, o.envelope #>> '{data,reference}' AS event_reference
         FROM intake.request r JOIN intake.outbox o ON o.envelope #>> '{data,requestId}' = r.id::text
        ORDER BY r.created_at`,
    );
    expect(stored.rows.map((r) => [r.id, r.reference, r.event_reference])).toEqual(
      [first, second].map(({ body }) => [body.requestId, body.reference, body.reference]),
    );
    expect(events.map((e) => (e.data as { reference: string }).reference).sort()).toEqual(
      [first.body.reference, second.body.reference].sort(),
    );
  });

  test("concurrent submissions with one Idempotency-Key answer with one request", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const { url, pool } = await boot({ database, natsUrl, namespace });
    const answers = await Promise.all(Array.from({ length: 6 }, () => submit(url, "same-key-000001")));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.body.reference)).size).toBe(1);
    expect(answers.filter((a) => a.body.replayed === false)).toHaveLength(1);
    const rows = await pool.query("SELECT count(*)::int AS n FROM intake.request");
    const outbox = await pool.query("SELECT count(*)::int AS n FROM intake.outbox");
    expect([rows.rows[0].n, outbox.rows[0].n]).toEqual([1, 1]);
  });
});
