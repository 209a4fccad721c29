import { createEvent } from "@guichet/contracts";
import { test, waitFor } from "@guichet/testing";
import { afterEach, describe, expect } from "vitest";
import { dataOf, startDirectory, startWebIntake, type WebIntakeUnderTest } from "../web/web-test.harness.ts";

let intake: WebIntakeUnderTest | undefined;
let directory: Awaited<ReturnType<typeof startDirectory>> | undefined;
afterEach(async () => {
  await intake?.close();
  await directory?.close();
  intake = undefined;
  directory = undefined;
});

const postForm = (url: string, fields: Record<string, string>) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

describe("Open311 GeoReport v2 requests", () => {
  test("POST requests.json creates a web request; GET requests/{id}.json reads it back; errors as [{code, description}]", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    directory = await startDirectory();
    intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: directory.url });
    const base = `${intake.url}/open311/v2`;

    const created = await postForm(`${base}/requests.json`, {
      api_key: "civic-app",
      service_code: "voirie.chaussee",
      description: "Nid-de-poule profond",
      lat: "47.4562",
      long: "-0.4023",
      address_string: "12 rue des Lilas, Andard",
      first_name: "Jeanne",
      last_name: "Martin",
      email: "jeanne@example.org",
      media_url: "https://photos.example/123.jpg",
    });
    expect(created.status).toBe(200);
    const [answer] = (await created.json()) as { service_request_id: string; service_notice: string }[];
    expect(answer?.service_request_id).toMatch(/^LA-\d{4}-\d{6}$/);
    expect(answer?.service_notice).toMatch(/suivi\/[A-Za-z0-9_-]{43}$/);

    const [received] = await intake.waitForEvents("request.received", 1);
    expect(received?.data).toMatchObject({
      reference: answer?.service_request_id,
      channel: "web",
      subjectId: "voirie.chaussee",
      citizen: { name: "Jeanne Martin", email: "jeanne@example.org", preferredChannel: "email" },
      metadata: { source: "open311", lat: "47.4562", long: "-0.4023", media_url: "https://photos.example/123.jpg" },
    });
    expect(dataOf<{ trackingTokenHash: string }>(received).trackingTokenHash).toMatch(/^[0-9a-f]{64}$/);

    const one = await fetch(`${base}/requests/${answer?.service_request_id}.json`);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual([
      {
        service_request_id: answer?.service_request_id,
        status: "open",
        service_code: "voirie.chaussee",
        requested_datetime: expect.any(String),
        updated_datetime: expect.any(String),
      },
    ]);
    // The desk closes the request: intake's own consumer follows; an older event delivered late
    // (and a redelivery) does not reopen it.
    const requestId = dataOf<{ requestId: string }>(received).requestId;
    const change = (from: "new" | "in-progress", to: "in-progress" | "closed", changedAt: string) =>
      createEvent("requestStatusChanged", {
        requestId,
        reference: answer?.service_request_id as string,
        serviceId: "voirie",
        from,
        to,
        assigneeId: null,
        outcome: to === "closed" ? "answered" : null,
        note: null,
        byStaffId: "agent-7",
        changedAt,
      });
    const closed = change("in-progress", "closed", "2026-11-20T10:00:00.000Z");
    await intake.publish(closed);
    await intake.publish(change("new", "in-progress", "2026-11-19T10:00:00.000Z"));
    await intake.publish(closed);
    const statusOf = async () =>
      (
        (await (await fetch(`${base}/requests/${answer?.service_request_id}.json`)).json()) as {
          status: string;
          updated_datetime: string;
        }[]
      )[0];
    await waitFor(async () => ((await statusOf())?.status === "closed" ? true : undefined), {
      timeoutMs: 20_000,
      what: "closed",
    });
    await intake.waitForEvents("request.status-changed", 2); // the re-published duplicate is dropped by JetStream (same id)
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await statusOf()).toMatchObject({ status: "closed", updated_datetime: "2026-11-20T10:00:00.000Z" });

    const list = await fetch(`${base}/requests.json?service_request_id=${answer?.service_request_id},LA-2026-999999`);
    expect(((await list.json()) as unknown[]).length).toBe(1);

    const missing = await fetch(`${base}/requests/LA-2026-999999.json`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual([{ code: 404, description: 'unknown service_request_id "LA-2026-999999"' }]);

    const unknownService = await postForm(`${base}/requests.json`, {
      service_code: "piscine.horaires",
      description: "?",
    });
    expect(unknownService.status).toBe(400);
    expect(await unknownService.json()).toEqual([
      { code: 400, description: "service_code: service_code inconnu : piscine.horaires" },
    ]);

    const noDescription = await postForm(`${base}/requests.json`, { service_code: "voirie.chaussee", lat: "200" });
    expect(noDescription.status).toBe(400);
    const errors = (await noDescription.json()) as { code: number; description: string }[];
    expect(errors.map((e) => e.description)).toEqual([
      "description: description : obligatoire",
      "lat: lat : latitude invalide",
    ]);
  });
});
