import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "@guichet/testing";
import { signIdentity } from "@guichet/web";
import { describe, expect } from "vitest";
import { adminHeaders, bootRouting, EventProbe, IDENTITY_SECRET, received } from "../routing/routing.harness.ts";

const demo = readFileSync(
  fileURLToPath(new URL("../../../../data/loire-authion/catalog.yaml", import.meta.url)),
  "utf8",
);
/** The demo catalogue plus a snow-clearing subject. */
const withSnow = demo.replace(
  "subjects:\n",
  'subjects:\n  - { id: voirie.neige, service: voirie, label: "Déneigement", regime: information, keywords: [déneigement, chasse-neige] }\n',
);
/** Orphans a subject and breaks a calendar: must be refused, naming both entries. */
const broken = withSnow
  .replace('service: voirie, label: "Déneigement"', 'service: voirie-hiver, label: "Déneigement"')
  .replace('saturday: ["09:00-12:00"]', 'saturday: ["12:00-09:00"]');

describe("catalogue versions", () => {
  test("a valid import is used for the next decision; an invalid one is refused and the previous stays active", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const routing = await bootRouting({ databaseUrl: database.url, natsUrl, namespace });
    const probe = await EventProbe.connect(natsUrl, namespace);
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${routing.url}${path}`, { ...init, headers: { ...adminHeaders(), ...(init.headers ?? {}) } });
    try {
      expect((await fetch(`${routing.url}/api/catalog`)).status).toBe(401);
      const agent = signIdentity(
        { id: "a1", name: "Agent", roles: ["agent"], serviceIds: ["voirie"], allServices: false },
        IDENTITY_SECRET,
      );
      expect((await fetch(`${routing.url}/api/catalog`, { headers: { "x-guichet-identity": agent } })).status).toBe(
        403,
      );

      const first = (await (await api("/api/catalog")).json()) as { version: number; content: string };
      expect(first.version).toBe(1);
      expect(first.content).toContain("voirie.chaussee");

      const saved = await api("/api/catalog", {
        method: "PUT",
        headers: { "content-type": "application/yaml", "x-guichet-comment": "ajout du déneigement" },
        body: withSnow,
      });
      expect(saved.status).toBe(200);
      expect(await saved.json()).toEqual({ version: 2 });

      const snow = received({ body: "Quand passe le chasse-neige dans notre rue ?" });
      await probe.send(snow);
      const routed = await probe.answerFor(snow.requestId);
      expect(routed.data).toMatchObject({ subjectId: "voirie.neige", method: "rule", catalogVersion: 2 });

      const refused = await api("/api/catalog", {
        method: "PUT",
        headers: { "content-type": "application/yaml" },
        body: broken,
      });
      expect(refused.status).toBe(400);
      const problems = ((await refused.json()) as { problems: { field: string; message: string }[] }).problems;
      expect(problems).toEqual(
        expect.arrayContaining([
          {
            field: 'subjects[0] (id "voirie.neige")',
            message: "le service « voirie-hiver » n’existe pas dans le catalogue",
          },
          { field: "calendars.mairie-siege.saturday[0]", message: "la plage « 12:00-09:00 » finit avant de commencer" },
        ]),
      );

      const versions = (await (await api("/api/catalog/versions")).json()) as {
        active: number;
        versions: { version: number; createdBy: string; comment: string }[];
      };
      expect(versions.active).toBe(2);
      expect(versions.versions.map((v) => v.version)).toEqual([2, 1]);
      expect(versions.versions[0]).toMatchObject({ createdBy: "admin-1" });
      expect(versions.versions[0]?.comment).toContain("ajout du déneigement");
      expect(versions.versions[0]?.comment).toContain("subjects: +voirie.neige");

      const after = received({ body: "Le chasse-neige n'est pas passé." });
      await probe.send(after);
      expect((await probe.answerFor(after.requestId)).data).toMatchObject({
        catalogVersion: 2,
        subjectId: "voirie.neige",
      });

      // Validation only, JSON body: a rule that cannot compile is named.
      const check = await api("/api/catalog/validate", {
        method: "POST",
        headers: { "content-type": "application/yaml" },
        body: `${withSnow}\nrules:\n  - { id: annexe-andard, subject: voirie.inconnu, sites: [andard] }\n  - { id: vide, subject: voirie.neige, phrases: ["'"] }\n`,
      });
      expect(check.status).toBe(400);
      const checkProblems = ((await check.json()) as { problems: { field: string; message: string }[] }).problems;
      expect(checkProblems).toEqual(
        expect.arrayContaining([
          {
            field: 'rules[0] (id "annexe-andard")',
            message: "le sujet « voirie.inconnu » n’existe pas dans le catalogue",
          },
          {
            field: 'rules[1] (id "vide").phrases[0]',
            message: "l’expression « ' » ne contient aucun mot (seulement de la ponctuation ou des apostrophes)",
          },
        ]),
      );
      const valid = await api("/api/catalog/validate", {
        method: "POST",
        headers: { "content-type": "application/yaml" },
        body: `${withSnow}\nrules:\n  - { id: courrier-corne, subject: voirie.neige, channels: [postal], communes: ["Corné"], priority: 2 }\n`,
      });
      expect(valid.status).toBe(200);
      expect(routing.catalogs.current().version).toBe(2);
    } finally {
      await probe.close();
      await routing.close();
    }
  });

  test("the admin page validates and saves with CSRF, naming faulty entries", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const routing = await bootRouting({ databaseUrl: database.url, natsUrl, namespace });
    const csrf = "csrf-token-0123456789abcdef";
    const headers = { ...adminHeaders(), "x-guichet-csrf": csrf, "content-type": "application/x-www-form-urlencoded" };
    try {
      const page = await fetch(`${routing.url}/admin/catalogue`, { headers: adminHeaders() });
      expect(page.status).toBe(200);
      const text = await page.text();
      expect(text).toContain('<label for="champ-content">Catalogue (YAML)</label>');
      expect(text).toContain("voirie.chaussee");

      const noCsrf = await fetch(`${routing.url}/admin/catalogue`, {
        method: "POST",
        headers: { ...headers, "x-guichet-csrf": "" },
        body: new URLSearchParams({ content: withSnow, action: "save" }),
      });
      expect(noCsrf.status).toBe(403);

      const bad = await fetch(`${routing.url}/admin/catalogue`, {
        method: "POST",
        headers,
        body: new URLSearchParams({ _csrf: csrf, content: broken, action: "save" }),
      });
      expect(bad.status).toBe(400);
      const badPage = await bad.text();
      expect(badPage).toContain('href="#champ-content"');
      expect(badPage).toContain(
        "subjects[0] (id &quot;voirie.neige&quot;) : le service « voirie-hiver » n’existe pas dans le catalogue",
      );
      expect(routing.catalogs.current().version).toBe(1);

      const ok = await fetch(`${routing.url}/admin/catalogue`, {
        method: "POST",
        headers,
        body: new URLSearchParams({ _csrf: csrf, content: withSnow, comment: "déneigement", action: "save" }),
      });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain("Version 2 enregistrée");
      expect(routing.catalogs.current().version).toBe(2);
    } finally {
      await routing.close();
    }
  });
});
