import { createHash } from "node:crypto";
import { test } from "@guichet/testing";
import { afterEach, describe, expect } from "vitest";
import { formBody, post, startDirectory, startWebIntake, type WebIntakeUnderTest } from "./web-test.harness.ts";

let intake: WebIntakeUnderTest | undefined;
let directory: Awaited<ReturnType<typeof startDirectory>> | undefined;
afterEach(async () => {
  await intake?.close();
  await directory?.close();
  intake = undefined;
  directory = undefined;
});

const valid = {
  subjectId: "voirie.chaussee",
  body: "Nid-de-poule dangereux devant le 12 rue des Lilas.",
  siteId: "andard",
  "citizen.name": "Jeanne Martin",
  "citizen.email": "Jeanne.Martin@example.org",
  "citizen.phone": "02 41 00 00 99",
  "citizen.postalAddress": "",
  "citizen.preferredChannel": "email",
  site_web: "",
};

function hiddenKey(page: string): string {
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(page)?.[1];
  if (!key) throw new Error("no idempotency key in the form");
  return key;
}

async function requestCount(): Promise<number> {
  const { rows } = await (intake as WebIntakeUnderTest).pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM intake.request",
  );
  return Number(rows[0]?.n);
}

describe("citizen form /demande over real HTTP, PostgreSQL and NATS", () => {
  test("works without JavaScript: form, POST, redirect, confirmation with reference and tracking link", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    directory = await startDirectory();
    intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: directory.url });

    const form = await fetch(`${intake.url}/demande`);
    expect(form.status).toBe(200);
    expect(form.headers.get("cache-control")).toBe("no-store");
    const page = await form.text();
    expect(page).toContain("Je ne sais pas / autre");
    expect(page).toContain('<optgroup label="Services techniques"><option value="voirie.chaussee">');
    expect(page).toContain("Mairie déléguée d&#39;Andard");
    expect(Buffer.byteLength(page)).toBeLessThan(100_000);
    const key = hiddenKey(page);

    const { body, headers } = formBody({ ...valid, idempotencyKey: key });
    const sent = await post(`${intake.url}/demande`, body, headers);
    expect(sent.status).toBe(303);
    const location = sent.location as string;
    expect(location).toMatch(/^\/demande\/confirmation\?reference=LA-\d{4}-\d{6}&suivi=[A-Za-z0-9_-]{43}$/);
    const token = new URL(location, intake.url).searchParams.get("suivi") as string;

    // A double click: same key, same request, same confirmation.
    const again = await post(`${intake.url}/demande`, body, headers);
    expect(again.location).toBe(location);
    expect(await requestCount()).toBe(1);

    // Back button, edit, send again with the same page: no dead end, a fresh key and the values kept.
    const edited = formBody({ ...valid, body: "Autre chose", idempotencyKey: key });
    const conflict = await post(`${intake.url}/demande`, edited.body, edited.headers);
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain("cette page a déjà servi à envoyer une autre demande");
    expect(conflict.text).toContain(">Autre chose</textarea>");
    expect(hiddenKey(conflict.text)).not.toBe(key);
    expect(await requestCount()).toBe(1);

    const confirmation = await fetch(`${intake.url}${location}`);
    expect(confirmation.status).toBe(200);
    expect(confirmation.headers.get("cache-control")).toBe("no-store");
    const text = await confirmation.text();
    const reference = new URL(location, intake.url).searchParams.get("reference") as string;
    expect(text).toContain(reference);
    expect(text).toContain(`https://demarches.loire-authion.example/suivi/${token}`);
    expect(text).toMatch(/Reçue le \p{L}+ \d{1,2} \p{L}+ \d{4} à \d{2}:\d{2} \(heure de Paris\)/u);
    expect(text).toContain("02 41 00 00 00");
    // Without the private token nobody sees the confirmation of a reference.
    // (one character changed — never to itself, which would make this test pass by luck 1 time in 64)
    const forged = `${token.startsWith("x") ? "y" : "x"}${token.slice(1)}`;
    expect((await fetch(`${intake.url}/demande/confirmation?reference=${reference}&suivi=${forged}`)).status).toBe(404);

    const [received] = await intake.waitForEvents("request.received", 1);
    expect(received?.data).toMatchObject({
      reference,
      channel: "web",
      subjectId: "voirie.chaussee",
      siteId: "andard",
      citizen: {
        name: "Jeanne Martin",
        email: "jeanne.martin@example.org",
        phone: "+33241000099",
        preferredChannel: "email",
      },
      trackingTokenHash: createHash("sha256").update(token).digest("hex"),
      enteredBy: null,
      attachments: [],
    });
    expect(JSON.stringify(received)).not.toContain(token);
  });

  test("shows errors in a summary linked to the fields, keeps the values; honeypot stores nothing", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    directory = await startDirectory();
    intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: directory.url });

    const { body, headers } = formBody({
      ...valid,
      body: "",
      "citizen.email": "pas-une-adresse",
      idempotencyKey: "form-abcdefghijkl",
    });
    const refused = await post(`${intake.url}/demande`, body, headers);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('class="error-summary"');
    expect(refused.text).toContain(
      '<a href="#champ-body">Description : la description de la demande est obligatoire</a>',
    );
    expect(refused.text).toContain('<a href="#champ-citizen-email">Adresse e-mail : adresse e-mail invalide</a>');
    expect(refused.text).toMatch(/id="champ-citizen-email"[^>]*value="pas-une-adresse"[^>]*aria-invalid="true"/);
    expect(refused.text).toContain('value="Jeanne Martin"');
    expect(refused.text).toContain('<option value="voirie.chaussee" selected>');
    expect(refused.text).toContain('name="idempotencyKey" value="form-abcdefghijkl"');

    const sms = formBody({ ...valid, "citizen.preferredChannel": "letter" });
    const noAddress = await post(`${intake.url}/demande`, sms.body, sms.headers);
    expect(noAddress.status).toBe(400);
    expect(noAddress.text).toContain("obligatoire pour une réponse par courrier");

    const bot = formBody({ ...valid, site_web: "http://spam.example" });
    const decoy = await post(`${intake.url}/demande`, bot.body, bot.headers);
    expect(decoy.status).toBe(200);
    expect(decoy.text).toContain("Votre demande a bien été envoyée");
    expect(await requestCount()).toBe(0);
  });

  test("multipart form with a file: attachment stored and referenced; forbidden file refused with its name", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    directory = await startDirectory();
    intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: directory.url });

    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    const form = new FormData();
    for (const [name, value] of Object.entries(valid)) form.append(name, value);
    form.append("idempotencyKey", "form-multipart-0001");
    form.append("attachments", new Blob([pdf], { type: "application/pdf" }), "photo-trou.pdf");
    const sent = await post(`${intake.url}/demande`, form);
    expect(sent.status).toBe(303);
    const [received] = await intake.waitForEvents("request.received", 1);
    expect(received?.data).toMatchObject({
      channel: "web",
      attachments: [
        {
          filename: "photo-trou.pdf",
          contentType: "application/pdf",
          size: pdf.length,
          sha256: createHash("sha256").update(pdf).digest("hex"),
        },
      ],
    });
    const { rows } = await intake.pool.query("SELECT content FROM intake.attachment");
    expect(Buffer.compare(rows[0].content, pdf)).toBe(0);

    const bad = new FormData();
    for (const [name, value] of Object.entries(valid)) bad.append(name, value);
    bad.append(
      "attachments",
      new Blob([Buffer.from("MZ not really")], { type: "application/octet-stream" }),
      "virus.exe",
    );
    const refused = await post(`${intake.url}/demande`, bad);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("virus.exe : type de fichier non accepté");
    expect(refused.text).toContain('value="Jeanne Martin"');
  });

  test("rate limit per client IP: 429 French page; X-Forwarded-For believed only from a trusted proxy", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    directory = await startDirectory();
    intake = await startWebIntake({
      databaseUrl: database.url,
      natsUrl,
      namespace,
      routingUrl: directory.url,
      env: { INTAKE_SUBMISSIONS_BURST: "2", INTAKE_SUBMISSIONS_PER_HOUR: "1", INTAKE_TRUSTED_PROXIES: "127.0.0.1" },
    });
    const { body, headers } = formBody({ ...valid, body: "" }); // invalid: nothing stored, the limit still counts
    const from = (ip: string) =>
      post(`${intake?.url}/demande`, body, { ...headers, "x-forwarded-for": `203.0.113.9, ${ip}` });
    expect((await from("198.51.100.1")).status).toBe(400);
    expect((await from("198.51.100.1")).status).toBe(400);
    const limited = await from("198.51.100.1");
    expect(limited.status).toBe(429);
    expect(limited.text).toContain("Trop de demandes ont été envoyées depuis votre connexion");
    expect((await from("198.51.100.2")).status).toBe(400);
    const api = await fetch(`${intake.url}/api/requests`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.1" },
      body: "{}",
    });
    expect(api.status).toBe(429);
  });

  test("routing unreachable: the form still works with « Je ne sais pas » only", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: "http://127.0.0.1:9" });
    const page = await (await fetch(`${intake.url}/demande`)).text();
    expect(page).toContain("Je ne sais pas / autre");
    expect(page).not.toContain("<optgroup");
    const { subjectId: _s, siteId: _site, ...rest } = valid;
    const { body, headers } = formBody({ ...rest, idempotencyKey: hiddenKey(page) });
    expect((await post(`${intake.url}/demande`, body, headers)).status).toBe(303);
    const [received] = await intake.waitForEvents("request.received", 1);
    expect(received?.data).toMatchObject({ subjectId: null, siteId: null });
  });
});
