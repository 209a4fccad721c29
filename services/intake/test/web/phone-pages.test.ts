import { readFileSync } from "node:fs";
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
} from "./web-test.harness.ts";

let intake: WebIntakeUnderTest | undefined;
let directory: Awaited<ReturnType<typeof startDirectory>> | undefined;
afterEach(async () => {
  await intake?.close();
  await directory?.close();
  intake = undefined;
  directory = undefined;
});

const masterCsv = readFileSync(new URL("../fixtures/calls/Master.csv", import.meta.url));

describe("agent pages of the phone channel", () => {
  test("call-note form → phone request entered by the agent; unknown call id shown next to its field", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    directory = await startDirectory();
    intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: directory.url });
    const url = `${intake.url}/accueil/saisie/telephone`;
    const note = {
      _csrf: CSRF,
      idempotencyKey: "form-phone-note-0001",
      callId: "",
      siteId: "siege",
      subjectId: "etat-civil.acte-naissance",
      asked: "Demande un extrait d’acte de naissance.",
      answeredOnTheSpot: "",
      "citizen.name": "Hugo Leroy",
      "citizen.email": "hugo@example.org",
      "citizen.phone": "",
      "citizen.postalAddress": "",
      "citizen.preferredChannel": "email",
    };
    const unknown = formBody({ ...note, callId: "cti-inconnu" });
    const refused = await post(url, unknown.body, { ...unknown.headers, ...staffHeaders() });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<a href="#champ-callId">Identifiant de l’appel : appel inconnu : cti-inconnu</a>');
    expect(refused.text).toContain('value="Hugo Leroy"');

    const { body, headers } = formBody(note);
    const sent = await post(url, body, { ...headers, ...staffHeaders(["agent"]) });
    expect(sent.status).toBe(303);
    expect(sent.location).toMatch(/^\/accueil\/saisie\/telephone\?enregistre=LA-\d{4}-\d{6}$/);
    const [received] = await intake.waitForEvents("request.received", 1);
    expect(received?.data).toMatchObject({
      channel: "phone",
      enteredBy: "agent-42",
      subjectId: "etat-civil.acte-naissance",
      citizen: { name: "Hugo Leroy", email: "hugo@example.org" },
    });
    const done = await fetch(`${intake.url}${sent.location}`, { headers: staffHeaders() });
    expect(await done.text()).toContain(
      `Appel enregistré : demande ${dataOf<{ reference: string }>(received).reference}`,
    );
  });

  test("call-log upload page shows the import report with the broken lines' numbers; a second upload creates nothing", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    directory = await startDirectory();
    intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: directory.url });
    const url = `${intake.url}/accueil/saisie/appels`;
    const upload = () => {
      const form = new FormData();
      form.append("_csrf", CSRF);
      form.append("format", "asterisk");
      form.append("siteId", "siege");
      form.append("mapping", "");
      form.append("file", new Blob([masterCsv], { type: "text/csv" }), "Master.csv");
      return post(url, form, staffHeaders(["reception"]));
    };
    const first = await upload();
    expect(first.status).toBe(200);
    expect(first.text).toContain("Rapport d’import du journal d’appels");
    const lines = [...first.text.matchAll(/<tr><td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(lines).toEqual([6, 11, 15, 16, 25, 29]);
    expect(first.text).toMatch(/Lignes en erreur : 6/);
    const imported = Number(/Appels importés : (\d+)/.exec(first.text)?.[1]);
    const duplicates = Number(/Déjà importés \(doublons\) : (\d+)/.exec(first.text)?.[1]);
    expect(imported).toBeGreaterThan(0);

    const second = await upload();
    expect(second.text).toContain("Appels importés : 0");
    expect(second.text).toContain(`Déjà importés (doublons) : ${imported + duplicates}`);

    const generic = new FormData();
    generic.append("_csrf", CSRF);
    generic.append("format", "generic");
    generic.append("mapping", "{pas du json");
    generic.append("file", new Blob([masterCsv], { type: "text/csv" }), "calls.csv");
    const refused = await post(url, generic, staffHeaders());
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("correspondance des colonnes obligatoire pour le format générique");
  });
});
