import { type CaughtMessage, type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { test, waitFor } from "@guichet/testing";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { bootNotification, plain, receivedEvent, routedEvent, TestPublisher } from "../support/notification.harness.ts";

let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
});
afterAll(() => mail?.stop());

interface RegimeCase {
  name: string;
  regime: "sva" | "svr" | "information" | "document" | "external";
  /** UTC instant the town received the request. */
  receivedAt: string;
  decisionDelay?: string;
  /** Every line the acknowledgement must contain (no-break spaces read as spaces). */
  expected: string[];
  absent: string[];
}

const SERVICE_FACTS = [
  "Adresse postale : 1 place de la Mairie, Brain-sur-l'Authion, 49800 Loire-Authion",
  "Téléphone : 02 41 00 01 03",
];

// Dates computed by hand: 31 Dec 2026 is a Thursday; 31 Dec + 2 months = 28 Feb 2027 (a Sunday,
// no 31 Feb); 2026-12-31T23:30Z is 00:30 on 1 Jan 2027 in Paris, so the legal day of receipt is
// 1 January and 2 months later is Monday 1 March 2027.
const cases: RegimeCase[] = [
  {
    name: "sva, 31 December + 2 months → end of February",
    regime: "sva",
    receivedAt: "2026-12-31T15:00:00.000Z",
    decisionDelay: "P2M",
    expected: [
      "Date de réception : 31 décembre 2026",
      "Courriel : cimetieres@mairie.loire-authion.example",
      "Service : Cimetières et affaires funéraires",
      "réputée acceptée",
      "dimanche 28 février 2027",
      "attestation de cette décision implicite d’acceptation (article L. 232-3",
      "articles L. 112-3 et R. 112-5",
    ],
    absent: ["Voies et délais de recours", "rejet"],
  },
  {
    name: "svr, received late evening UTC = next day in Paris",
    regime: "svr",
    receivedAt: "2026-12-31T23:30:00.000Z",
    decisionDelay: "P2M",
    expected: [
      "Date de réception : 1er janvier 2027",
      "Service : État civil et formalités",
      "Courriel : etat-civil@mairie.loire-authion.example",
      "Rejet implicite le : lundi 1er mars 2027",
      "réputée rejetée",
      "Voies et délais de recours",
      "dans un délai de deux mois à compter du lundi 1er mars 2027",
      "recours gracieux adressé à Monsieur le Maire de Loire-Authion, 1 place de la Mairie",
      "recours contentieux devant le Tribunal administratif de Nantes, 6 allée de l'Île-Gloriette, 44041 Nantes Cedex 01",
      "https://citoyens.telerecours.fr",
    ],
    absent: ["31 décembre 2026", "réputée acceptée"],
  },
  {
    name: "information request: no implicit decision",
    regime: "information",
    receivedAt: "2026-12-31T22:30:00.000Z",
    expected: [
      "Date de réception : 31 décembre 2026",
      "Service : Urbanisme et droit des sols",
      "Courriel : urbanisme@mairie.loire-authion.example",
      "ne fera donc naître aucune décision implicite",
    ],
    absent: ["réputée", "Voies et délais de recours"],
  },
  {
    name: "document delivered on checking conditions (R112-4)",
    regime: "document",
    receivedAt: "2026-06-15T08:00:00.000Z",
    expected: [
      "Date de réception : 15 juin 2026",
      "Service : État civil et formalités",
      "aucune décision implicite ne naîtra du silence de la mairie (article R. 112-4",
    ],
    absent: ["réputée", "Voies et délais de recours"],
  },
  {
    name: "partner handling (external)",
    regime: "external",
    receivedAt: "2026-03-29T00:30:00.000Z",
    expected: [
      // 00:30 UTC on the DST night is 01:30 in Paris (UTC+1 until 02:00).
      "Date de réception : 29 mars 2026",
      "Votre demande relève de l’organisme suivant : Angers Loire Métropole",
      "article L. 114-2",
    ],
    absent: ["réputée", "Voies et délais de recours"],
  },
];

describe("R112-5 acknowledgement over NATS, PostgreSQL and SMTP, for each legal regime", () => {
  test("states every required fact with the right Paris dates", async ({ database, namespace, natsUrl }) => {
    mail.clear();
    const service = await bootNotification({ databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl });
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    try {
      const sent = cases.map((c) => ({ c, received: receivedEvent({ receivedAt: c.receivedAt }) }));
      for (const { c, received } of sent) {
        await publisher.publish("requestReceived", received);
        await publisher.publish("requestRouted", routedEvent(received, c.regime, { decisionDelay: c.decisionDelay }));
      }
      const acks = await mail.waitForMessages((m) => m.subject.startsWith("Accusé de réception"), {
        count: cases.length,
        timeoutMs: 20_000,
      });
      for (const { c, received } of sent) {
        const ack = acks.filter((m) => m.subject.includes(received.reference));
        expect(ack, c.name).toHaveLength(1);
        const message = ack[0] as CaughtMessage;
        const text = plain(message.text);
        expect(message.to).toEqual(["camille.martin@example.org"]);
        expect(message.headers["auto-submitted"]).toBe("auto-replied");
        expect(message.messageId).toBe(`<acknowledgement-${received.requestId}@guichet.test.example>`);
        expect(message.references).toContain(`<registration-${received.requestId}@guichet.test.example>`);
        expect(text, c.name).toContain(`Référence : ${received.reference}`);
        for (const line of [...SERVICE_FACTS, ...c.expected]) expect(text, `${c.name}: ${line}`).toContain(line);
        for (const line of c.absent) expect(text, `${c.name}: not ${line}`).not.toContain(line);
        // The HTML part says the same thing (the accessible alternative, not a different message).
        expect(plain(message.html ?? "")).toContain(received.reference);
      }
      // The proof kept: the stored content is exactly what left.
      const stored = await waitFor(
        async () => {
          const result = await service.infrastructure.pool.query(
            `SELECT reference, text_body, status FROM notification.message WHERE kind = 'acknowledgement'`,
          );
          return result.rows.every((row) => row.status === "sent") ? result : undefined;
        },
        { what: "acknowledgements marked sent" },
      );
      expect(stored.rows).toHaveLength(cases.length);
      for (const row of stored.rows) {
        expect(row.status).toBe("sent");
        const caught = acks.find((m) => m.subject.includes(row.reference));
        expect(caught?.text.trim()).toBe(String(row.text_body).trim());
      }
    } finally {
      await publisher.close();
      await service.close();
    }
  });
});
