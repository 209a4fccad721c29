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
  body: "Nid-de-poule devant l'école",
  citizen: { name: "Lise Martin", email: "lise@example.org" },
};

const submit = (url: string, key?: string) =>
  fetch(`${url}/api/requests`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
    body: JSON.stringify(submission),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }));

// The web path writes the reference, the request and its event in one statement (RequestRepository.insertWithEvent).
describe("a web submission written in one statement", () => {
  test("the event carries the request's reference, formatted as the other channels' beyond six digits", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    directory = await startDirectory();
    intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: directory.url });
    const first = await submit(intake.url);
    expect(first.status).toBe(201);
    const year = String(first.body.reference).split("-")[1];
    await intake.pool.query(`SELECT setval('intake.reference_${year}', 999999)`);
    const second = await submit(intake.url);
    expect(second.body.reference).toBe(`LA-${year}-1000000`);

    const events = await intake.waitForEvents("request.received", 2);
    const stored = await intake.pool.query(
      `SELECT r.id::text, r.reference, o.envelope #>> '{data,reference}' AS event_reference, o.event_id
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
    directory = await startDirectory();
    intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: directory.url });
    const url = intake.url;
    const answers = await Promise.all(Array.from({ length: 6 }, () => submit(url, "same-key-000001")));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.body.reference)).size).toBe(1);
    expect(answers.filter((a) => a.body.replayed === false)).toHaveLength(1);
    const rows = await intake.pool.query("SELECT count(*)::int AS n FROM intake.request");
    const outbox = await intake.pool.query("SELECT count(*)::int AS n FROM intake.outbox");
    expect([rows.rows[0].n, outbox.rows[0].n]).toEqual([1, 1]);
  });
});
