import { createHash } from "node:crypto";
import { test } from "@guichet/testing";
import { afterEach, describe, expect } from "vitest";
import {
  CSRF,
  dataOf,
  post,
  staffHeaders,
  startDirectory,
  startWebIntake,
  type WebIntakeUnderTest,
} from "../web/web-test.harness.ts";

let intake: WebIntakeUnderTest | undefined;
let directory: Awaited<ReturnType<typeof startDirectory>> | undefined;
afterEach(async () => {
  await intake?.close();
  await directory?.close();
  intake = undefined;
  directory = undefined;
});

const scan = Buffer.from("%PDF-1.7\n% lettre numérisée\n1 0 obj<<>>endobj\n%%EOF\n");

function parisDate(daysAgo: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(
    new Date(Date.now() - daysAgo * 86_400_000),
  );
}

function letter(
  fields: Record<string, string>,
  file: { content: Buffer; name: string } | null = { content: scan, name: "courrier.pdf" },
) {
  const form = new FormData();
  const all: Record<string, string> = {
    _csrf: CSRF,
    idempotencyKey: `form-postal-${fields.stampDate ?? "x"}-${fields.summary?.length ?? 0}`,
    stampDate: parisDate(3),
    stampTime: "",
    siteId: "siege",
    subjectId: "",
    title: "Demande d’élagage",
    summary: "Le voisin demande l’élagage des platanes du chemin communal.",
    "citizen.name": "Marcel Petit",
    "citizen.email": "",
    "citizen.phone": "",
    "citizen.postalAddress": "3 chemin des Vignes, 49140 Bauné",
    "citizen.preferredChannel": "letter",
    ...fields,
  };
  for (const [name, value] of Object.entries(all)) form.append(name, value);
  if (file) form.append("scan", new Blob([file.content], { type: "application/pdf" }), file.name);
  return form;
}

describe("postal mail entry /accueil/saisie/courrier", () => {
  test("records a scanned letter dated by its arrival stamp (00:00 Europe/Paris), scan kept as evidence", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    directory = await startDirectory();
    intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: directory.url });
    const url = `${intake.url}/accueil/saisie/courrier`;
    const stampDate = parisDate(3);

    const sent = await post(url, letter({ stampDate }), staffHeaders(["reception"]));
    expect(sent.status).toBe(303);
    expect(sent.location).toMatch(/^\/accueil\/saisie\/courrier\?enregistre=LA-\d{4}-\d{6}$/);
    const [received] = await intake.waitForEvents("request.received", 1);
    const data = received?.data as { receivedAt: string; evidenceId: string };
    expect(received?.data).toMatchObject({
      channel: "postal",
      enteredBy: "agent-42",
      siteId: "siege",
      subjectId: null,
      citizen: { name: "Marcel Petit", postalAddress: "3 chemin des Vignes, 49140 Bauné", preferredChannel: "letter" },
    });
    // 00:00 in Paris on the stamp date.
    const local = new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Europe/Paris",
      dateStyle: "short",
      timeStyle: "short",
    }).format(new Date(data.receivedAt));
    expect(local).toBe(`${stampDate} 00:00`);
    const { rows } = await intake.pool.query("SELECT media_type, sha256 FROM intake.evidence WHERE id = $1", [
      data.evidenceId,
    ]);
    expect(rows[0]).toEqual({ media_type: "application/pdf", sha256: createHash("sha256").update(scan).digest("hex") });

    const done = await fetch(`${intake.url}${sent.location}`, { headers: staffHeaders() });
    expect(await done.text()).toContain("Date légale de réception");

    const withTime = await post(
      url,
      letter({ stampDate, stampTime: "09:30", summary: "Autre courrier." }),
      staffHeaders(),
    );
    expect(withTime.status).toBe(303);
    const events = await intake.waitForEvents("request.received", 2);
    const second = new Date(dataOf<{ receivedAt: string }>(events[1]).receivedAt);
    expect(new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Paris", timeStyle: "short" }).format(second)).toBe(
      "09:30",
    );
  });

  test("refuses a future stamp, an old one without confirmation, a missing or non-PDF/JPEG/PNG scan", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    directory = await startDirectory();
    intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: directory.url });
    const url = `${intake.url}/accueil/saisie/courrier`;

    const future = await post(url, letter({ stampDate: parisDate(-2) }), staffHeaders());
    expect(future.status).toBe(400);
    expect(future.text).toContain("la date du cachet d’arrivée ne peut pas être dans le futur");
    expect(future.text).toContain('value="Marcel Petit"');

    const old = await post(url, letter({ stampDate: parisDate(90) }), staffHeaders());
    expect(old.status).toBe(400);
    expect(old.text).toContain("la date du cachet a plus de 60 jours");
    const confirmed = await post(url, letter({ stampDate: parisDate(90), confirmOldStamp: "oui" }), staffHeaders());
    expect(confirmed.status).toBe(303);

    const noScan = await post(url, letter({ summary: "x" }, null), staffHeaders());
    expect(noScan.status).toBe(400);
    expect(noScan.text).toContain("le courrier numérisé (PDF, JPEG ou PNG) est obligatoire");
    const notPdf = await post(
      url,
      letter({ summary: "y" }, { content: Buffer.from("hello"), name: "lettre.pdf" }),
      staffHeaders(),
    );
    expect(notPdf.status).toBe(400);
    expect(notPdf.text).toContain("lettre.pdf : seuls les fichiers PDF, JPEG et PNG sont acceptés");

    expect((await post(url, letter({}), {})).status).toBe(401);
    expect((await post(url, letter({}), staffHeaders(["manager"]))).status).toBe(403);
    expect((await post(url, letter({ _csrf: "wrong-token-0123456789abc" }), staffHeaders())).status).toBe(403);
    const { rows } = await intake.pool.query("SELECT count(*)::int AS n FROM intake.request");
    expect(rows[0].n).toBe(1);
  });
});
