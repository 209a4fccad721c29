import { test, waitFor } from "@guichet/testing";
import pg from "pg";
import { describe, expect } from "vitest";
import { bootRouting, EventProbe, received } from "./routing.harness.ts";

async function decisionRow(databaseUrl: string, requestId: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      "SELECT method, service_id, subject_id, confidence, explanation, catalog_version, model_version, training_terms FROM routing.routing_decision WHERE request_id = $1",
      [requestId],
    );
    return rows[0] as Record<string, unknown> | undefined;
  } finally {
    await client.end();
  }
}

describe("routing a received request over NATS and PostgreSQL", () => {
  test("direct, rule, learned suggestion and triage, each decision stored and explained", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const routing = await bootRouting({ databaseUrl: database.url, natsUrl, namespace });
    const probe = await EventProbe.connect(natsUrl, namespace);
    try {
      // Direct: the citizen chose the subject.
      const direct = received({ subjectId: "voirie.eclairage", body: "La rue est dans le noir." });
      await probe.send(direct);
      const routed = await probe.answerFor(direct.requestId);
      expect(routed.type).toBe("request.routed");
      expect(routed.data).toMatchObject({ serviceId: "voirie", subjectId: "voirie.eclairage", method: "direct" });
      expect(await decisionRow(database.url, direct.requestId)).toMatchObject({
        method: "direct",
        catalog_version: 1,
        model_version: null,
      });

      // Rules: catalogue keyword in the subject line, with a typo and a plural.
      const rule = received({ channel: "email", title: "Nids de poule", body: "Rue des Lilas, c'est dangereux." });
      await probe.send(rule);
      const byRule = await probe.answerFor(rule.requestId);
      expect(byRule.data).toMatchObject({ serviceId: "voirie", subjectId: "voirie.chaussee", method: "rule" });
      expect(byRule.data.explanation).toContain("« nid de poule »");
      expect(byRule.data.explanation).toContain("dans l'objet");
      expect(byRule.data.modelVersion).toBe(1);
      const stored = await decisionRow(database.url, rule.requestId);
      expect(stored).toMatchObject({ method: "rule", service_id: "voirie", catalog_version: 1, model_version: 1 });
      expect(stored?.training_terms).toContain("poule");

      // Triage: nothing to go on, never a guess.
      const vague = received({ body: "Bonjour, j'aurais une question, pouvez-vous me rappeler ?" });
      await probe.send(vague);
      const toTriage = await probe.answerFor(vague.requestId);
      expect(toTriage.type).toBe("request.sent-to-triage");
      expect(toTriage.data).toMatchObject({ triageServiceId: "accueil", catalogVersion: 1 });
      expect(toTriage.data.reason).toContain("seuil");
      expect(await decisionRow(database.url, vague.requestId)).toMatchObject({
        method: "triage",
        service_id: "accueil",
      });

      // Learned suggestion: words no catalogue keyword knows, learned from the town's history.
      const texts = ["Tintamarre des xylophones géants", "xylophones géants et tintamarre place du bourg"];
      for (let i = 0; i < 6; i++) {
        const past = received({ subjectId: "vie-associative.culture", body: texts[i % 2] ?? "" });
        await probe.send(past);
        await probe.answerFor(past.requestId);
      }
      // An agent's correction (the desk's case now says another subject) is what the model learns.
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await waitFor(
          async () =>
            (
              await client.query("SELECT 1 FROM routing.desk_case WHERE request_id = $1 AND queue = 'service'", [
                rule.requestId,
              ])
            ).rowCount === 1,
          { timeoutMs: 20_000 },
        );
        await client.query("UPDATE routing.desk_case SET subject_id = 'voirie.pluvial' WHERE request_id = $1", [
          rule.requestId,
        ]);
      } finally {
        await client.end();
      }
      const history = await routing.models.history();
      expect(history).toContainEqual({ text: expect.stringContaining("poule"), subjectId: "voirie.pluvial" });
      expect(history.some((h) => h.subjectId === "voirie.chaussee")).toBe(false);
      const summary = await routing.models.train(routing.catalogs.current(), "test");
      expect(summary.historyExamples).toBeGreaterThanOrEqual(6);
      expect(summary.version).toBe(2);
      const learned = received({ body: "Encore un tintamarre de xylophones géants ce week-end ?" });
      await probe.send(learned);
      const byModel = await probe.answerFor(learned.requestId);
      expect(byModel.data).toMatchObject({
        serviceId: "vie-associative",
        subjectId: "vie-associative.culture",
        method: "model",
        modelVersion: 2,
      });
      expect(byModel.data.explanation).toContain("le modèle propose vie-associative.culture");
    } finally {
      await probe.close();
      await routing.close();
    }
  });

  test("an unknown chosen subject falls back to the rules and says so", async ({ database, natsUrl, namespace }) => {
    const routing = await bootRouting({ databaseUrl: database.url, natsUrl, namespace });
    const probe = await EventProbe.connect(natsUrl, namespace);
    try {
      const request = received({ subjectId: "voirie.inexistant", body: "Le lampadaire de ma rue est en panne." });
      await probe.send(request);
      const answer = await probe.answerFor(request.requestId);
      expect(answer.data).toMatchObject({ serviceId: "voirie", subjectId: "voirie.eclairage", method: "rule" });
      expect(answer.data.explanation).toContain("« voirie.inexistant » n'existe pas");
    } finally {
      await probe.close();
      await routing.close();
    }
  });
});
