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
