import { test } from "@guichet/testing";
import { afterEach, describe, expect } from "vitest";
import {
  CSRF,
  dataOf,
  formBody,
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

const visit = {
  _csrf: CSRF,
  idempotencyKey: "form-counter-000001",
  siteId: "andard",
  subjectId: "etat-civil.acte-naissance",
  asked: "Copie intégrale d’acte de naissance pour un mariage.",
  answeredOnTheSpot: "Liste des pièces remise ; demande transmise à l’état civil.",
  "citizen.name": "Lucie Bernard",
  "citizen.email": "",
  "citizen.phone": "06 11 22 33 44",
  "citizen.postalAddress": "",
  "citizen.preferredChannel": "sms",
};

describe("counter entry /accueil/saisie/guichet", () => {
  test("records a visit (channel counter, enteredBy, answeredOnSpot) and serves the visitor's receipt PDF", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    directory = await startDirectory();
    intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: directory.url });
    const url = `${intake.url}/accueil/saisie/guichet`;

    const page = await fetch(url, { headers: staffHeaders(["reception"]) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Mairie déléguée d&#39;Andard");

    const { body, headers } = formBody(visit);
    const sent = await post(url, body, { ...headers, ...staffHeaders(["agent"]) });
    expect(sent.status).toBe(303);
    expect(sent.location).toMatch(/^\/accueil\/saisie\/guichet\/[0-9a-f-]{36}$/);
    const twice = await post(url, body, { ...headers, ...staffHeaders(["agent"]) });
    expect(twice.location).toBe(sent.location);

    const [received] = await intake.waitForEvents("request.received", 1);
    expect(received?.data).toMatchObject({
      channel: "counter",
      siteId: "andard",
      subjectId: "etat-civil.acte-naissance",
      enteredBy: "agent-42",
      metadata: { answeredOnSpot: "true" },
      citizen: { name: "Lucie Bernard", phone: "+33611223344", preferredChannel: "sms" },
    });
    expect(dataOf<{ body: string }>(received).body).toContain("Réponse apportée au guichet : Liste des pièces remise");

    const done = await fetch(`${intake.url}${sent.location}`, { headers: staffHeaders() });
    const text = await done.text();
    const reference = dataOf<{ reference: string }>(received).reference;
    expect(text).toContain(`Visite enregistrée : demande ${reference}`);
    expect(text).toContain(`${sent.location}/recu.pdf`);
    expect(text).toContain(`/api/requests/${dataOf<{ requestId: string }>(received).requestId}/receipt.pdf`);

    const pdf = await fetch(`${intake.url}${sent.location}/recu.pdf`, { headers: staffHeaders() });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toContain("application/pdf");
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect((await fetch(`${intake.url}${sent.location}/recu.pdf`)).status).toBe(401);
  });

  test("validation errors summarised, values kept; staff only (401, 403) and CSRF checked (403)", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    directory = await startDirectory();
    intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: directory.url });
    const url = `${intake.url}/accueil/saisie/guichet`;
    const { body, headers } = formBody({ ...visit, siteId: "", asked: "", "citizen.phone": "" });
    const refused = await post(url, body, { ...headers, ...staffHeaders() });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<a href="#champ-siteId">Lieu : le lieu de l’accueil est obligatoire</a>');
    expect(refused.text).toContain('<a href="#champ-asked">Demande : ce que le visiteur demande est obligatoire</a>');
    expect(refused.text).toContain(
      '<a href="#champ-citizen-phone">Téléphone : obligatoire pour une réponse par SMS</a>',
    );
    expect(refused.text).toContain('value="Lucie Bernard"');

    for (const path of [
      "/accueil/saisie",
      "/accueil/saisie/guichet",
      "/accueil/saisie/courrier",
      "/accueil/saisie/telephone",
      "/accueil/saisie/appels",
    ]) {
      expect((await fetch(`${intake.url}${path}`)).status, path).toBe(401);
      expect((await fetch(`${intake.url}${path}`, { headers: staffHeaders(["manager"]) })).status, path).toBe(403);
      expect((await fetch(`${intake.url}${path}`, { headers: staffHeaders(["agent"]) })).status, path).toBe(200);
    }
    const valid = formBody(visit);
    expect((await post(url, valid.body, valid.headers)).status).toBe(401);
    expect((await post(url, valid.body, { ...valid.headers, ...staffHeaders(["manager"]) })).status).toBe(403);
    const badCsrf = await post(url, valid.body, {
      ...valid.headers,
      ...staffHeaders(["reception"], "another-token-0123456789"),
    });
    expect(badCsrf.status).toBe(403);
    expect(badCsrf.text).toContain("Le formulaire a expiré");
    const { rows } = await intake.pool.query("SELECT count(*)::int AS n FROM intake.request");
    expect(rows[0].n).toBe(0);
  });
});
