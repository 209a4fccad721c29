import { test } from "@guichet/testing";
import { afterEach, describe, expect } from "vitest";
import { CALLBACK_TITLE } from "../../src/phone/record-calls/callback-request.ts";
import { fixture, type IntakeUnderTest, staffHeaders, startIntakeUnderTest } from "./phone-test.harness.ts";

let intake: IntakeUnderTest | undefined;
afterEach(async () => {
  await intake?.close();
  intake = undefined;
});

async function upload(url: string, file: string, query: Record<string, string>) {
  const response = await fetch(`${url}/api/calls/imports?${new URLSearchParams(query)}`, {
    method: "POST",
    headers: { "content-type": "text/csv", ...staffHeaders("c.moreau") },
    body: fixture(file),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { errors: { line: number; message: string }[] },
  };
}

async function count(sql: string): Promise<number> {
  const result = await intake?.pool.query<{ n: number }>(sql);
  return result?.rows[0]?.n ?? -1;
}

describe("call-log import over real HTTP, PostgreSQL and NATS", () => {
  test("imports an Asterisk Master.csv once, reports broken lines, creates one callback per number and day", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    intake = await startIntakeUnderTest({ databaseUrl: database.url, natsUrl, namespace });
    const first = await upload(intake.url, "Master.csv", {
      format: "asterisk",
      siteId: "mairie-siege",
      fileName: "Master.csv",
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      format: "asterisk",
      rows: 32,
      imported: 23,
      duplicates: 1,
      ignored: 2,
      callbacks: 7,
    });
    expect(first.body.errors.map((e) => e.line)).toEqual([6, 11, 15, 16, 25, 29]);
    expect(first.body.errors[1]?.message).toBe(
      "ligne 11 : colonne 'start' : date invalide « 2026-02-30 10:00:00 » (date ou heure hors limites)",
    );
    expect(first.body.errors[4]?.message).toContain(
      "ligne 25 : colonne 'start' : date invalide « 2026-03-29 02:30:00 » : heure inexistante",
    );
    // Reports never quote a phone number.
    expect(JSON.stringify(first.body.errors)).not.toMatch(/0[67]\d{8}|\+33/);

    const recorded = await intake.waitForEvents("call.recorded", 23);
    const callbacks = await intake.waitForEvents("request.received", 7);
    expect(callbacks.every((e) => (e.data as { channel: string }).channel === "phone")).toBe(true);
    expect(callbacks.every((e) => (e.data as { title: string }).title === CALLBACK_TITLE)).toBe(true);
    const phones = callbacks.map((e) => (e.data as { citizen: { phone: string } }).citizen.phone).sort();
    // 06 98 76 54 32 called twice on 2 March: one callback. Withheld and foreign numbers: none.
    expect(phones).toEqual([
      "+33240111213",
      "+33241573012",
      "+33241885566",
      "+33623456789",
      "+33678901234",
      "+33687654321",
      "+33698765432",
    ]);
    const mobile = callbacks.find((e) => (e.data as { citizen: { phone: string } }).citizen.phone === "+33698765432");
    expect(mobile?.data).toMatchObject({
      receivedAt: "2026-03-02T11:14:03.000Z",
      citizen: { preferredChannel: "sms" },
    });
    // Statistics travel without the caller's number, and point at the callback request.
    // (ids left out: a random UUID can hold ten digits in a row that look like a number)
    const statistics = recorded.map(({ data }) => {
      const { callId: _callId, requestId: _requestId, ...rest } = data as Record<string, unknown>;
      return rest;
    });
    expect(JSON.stringify(statistics)).not.toMatch(/\+33|0[1-9]\d{8}/);
    const withCallback = recorded.filter((e) => (e.data as { requestId: string | null }).requestId !== null);
    expect(withCallback).toHaveLength(7);
    expect(recorded.map((e) => (e.data as { outcome: string }).outcome).sort()).toEqual(
      expect.arrayContaining(["abandoned", "answered", "missed"]),
    );

    const again = await upload(intake.url, "Master.csv", { format: "asterisk", siteId: "mairie-siege" });
    expect(again.body).toMatchObject({ rows: 32, imported: 0, duplicates: 24, ignored: 2, callbacks: 0 });
    expect(again.body.errors).toHaveLength(6);
    expect(await count("SELECT count(*)::int AS n FROM intake.call")).toBe(23);
    expect(await count("SELECT count(*)::int AS n FROM intake.request WHERE channel = 'phone'")).toBe(7);
    expect(await count("SELECT count(*)::int AS n FROM intake.outbox WHERE type = 'call.recorded'")).toBe(23);
    expect(await count("SELECT count(*)::int AS n FROM intake.call_import WHERE finished_at IS NOT NULL")).toBe(2);
    const stored = await intake.pool.query<{ errors: { line: number }[] }>(
      "SELECT errors FROM intake.call_import ORDER BY started_at LIMIT 1",
    );
    expect(stored.rows[0]?.errors.map((e) => e.line)).toEqual([6, 11, 15, 16, 25, 29]);

    // Another source the same day: 06 98 76 54 32 already has its callback for 2 March.
    const generic = await upload(intake.url, "generic-calls.csv", {
      format: "generic",
      siteId: "mairie-siege",
      mapping: fixture("generic-mapping.json").toString("utf8"),
    });
    expect(generic.body).toMatchObject({ format: "generic", rows: 10, imported: 6, duplicates: 1, callbacks: 1 });
    expect(generic.body.errors.map((e) => e.message)).toEqual([
      "ligne 6 : colonne 'start' : date invalide « 31/02/2026 12:20:00 » (date ou heure hors limites)",
      "ligne 8 : colonne 'disposition' : statut « Transféré » absent de la table des statuts du fichier de correspondance",
      "ligne 9 : colonne 'start' : date invalide « 29/03/2026 02:15:00 » : heure inexistante dans le fuseau Europe/Paris (passage à l’heure d’été)",
    ]);
  });

  test("refuses an upload without format, a generic file without mapping, and a bad mapping", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    intake = await startIntakeUnderTest({ databaseUrl: database.url, natsUrl, namespace });
    const noFormat = await upload(intake.url, "Master.csv", {});
    expect(noFormat.status).toBe(400);
    expect(JSON.stringify(noFormat.body)).toContain("format");
    const noMapping = await upload(intake.url, "generic-calls.csv", { format: "generic" });
    expect(noMapping.status).toBe(400);
    expect(JSON.stringify(noMapping.body)).toContain("mapping");
    const badMapping = await upload(intake.url, "generic-calls.csv", {
      format: "generic",
      mapping: JSON.stringify({ delimiter: ";", columns: { caller: "Inconnu", start: "Date début" } }),
    });
    expect(badMapping.status).toBe(400);
    expect(JSON.stringify(badMapping.body)).toContain("colonne 'caller' : en-tête « Inconnu » introuvable");
    expect(await count("SELECT count(*)::int AS n FROM intake.call")).toBe(0);
  });
});
