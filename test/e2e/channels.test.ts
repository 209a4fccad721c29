import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { createTestDatabase, freePort, type TestDatabase, uniqueNamespace } from "@guichet/testing";
import { signIdentity } from "@guichet/web";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Platform, startPlatform } from "./platform.harness.ts";

/**
 * One request per channel — web, e-mail, phone, counter, postal — through the four real services
 * to its accusé de réception in the mail catcher (real SMTP in, real SMTP out).
 */
const TOWN = "mairie.loire-authion.example";
const IDENTITY_SECRET = "channels-e2e-identity-secret-0123456789";
const CSRF = "channels-e2e-csrf-token-0123456789";

let mail: MailCatcher;
let database: TestDatabase;
let platform: Platform;

beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  database = await createTestDatabase(inject("postgresAdminUrl"));
  const routingPort = await freePort();
  platform = await startPlatform({
    databaseUrl: database.url,
    natsUrl: inject("natsUrl"),
    namespace: uniqueNamespace(),
    smtpUrl: mail.smtpUrl,
    env: {
      GUICHET_IDENTITY_SECRET: IDENTITY_SECRET,
      ROUTING_PORT: String(routingPort),
      ROUTING_URL: `http://127.0.0.1:${routingPort}`,
      INTAKE_SMTP_ENABLED: "true",
      INTAKE_SMTP_PORT: "0",
      INTAKE_SMTP_RECIPIENTS: TOWN,
    },
  });
}, 120_000);
afterAll(async () => {
  await platform?.close();
  await database?.drop();
  await mail?.stop();
});

function staff(): Record<string, string> {
  return {
    "x-guichet-identity": signIdentity(
      { id: "c.moreau", name: "Claire Moreau", roles: ["reception"], serviceIds: [], allServices: true },
      IDENTITY_SECRET,
    ),
    "x-guichet-csrf": CSRF,
  };
}

/** The accusé de réception sent to `to` for `reference` (R112-5), waited for in the mail catcher. */
async function acknowledgementOf(reference: string, to: string) {
  const [ack] = await mail.waitForMessages(
    (m) => m.to.includes(to) && m.subject === `Accusé de réception de votre demande ${reference}`,
    { timeoutMs: 30_000 },
  );
  return ack;
}

async function referenceOfLatest(channel: string): Promise<string> {
  const { rows } = await platform.intake.infrastructure.pool.query<{ reference: string }>(
    "SELECT reference FROM intake.request WHERE channel = $1 ORDER BY received_at DESC LIMIT 1",
    [channel],
  );
  const reference = rows[0]?.reference;
  if (!reference) throw new Error(`no ${channel} request stored`);
  return reference;
}

describe("one request per channel, end to end to its acknowledgement", () => {
  it("web: the JSON API", async () => {
    const response = await fetch(`${platform.intake.url}/api/requests`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        subjectId: "voirie.chaussee",
        body: "Un nid de poule dangereux devant le 12 rue des Lilas.",
        citizen: { name: "Jeanne Martin", email: "jeanne.martin@example.org", preferredChannel: "email" },
      }),
    });
    expect(response.status).toBe(201);
    const { reference } = (await response.json()) as { reference: string };
    const ack = await acknowledgementOf(reference, "jeanne.martin@example.org");
    expect(ack?.text).toContain("services-techniques@mairie.loire-authion.example");
  });

  it("e-mail: a citizen's message delivered over SMTP to the receiver", async () => {
    const port = (platform.intake as typeof platform.intake & { email: { smtpPort: number | null } }).email.smtpPort;
    const transport = nodemailer.createTransport({
      host: "127.0.0.1",
      port: port ?? 0,
      secure: false,
      ignoreTLS: true,
    });
    const info = await transport.sendMail({
      from: "Paul Durand <paul.durand@courriel.example>",
      to: `contact@${TOWN}`,
      subject: "Nid de poule rue de la Loire",
      text: "Bonjour,\n\nUn nid de poule s'est formé rue de la Loire à Brain-sur-l'Authion.\n\nPaul Durand",
    });
    const reference = info.response.split(" ").at(-1) as string;
    expect(reference).toMatch(/^LA-\d{4}-\d{6}$/);
    await acknowledgementOf(reference, "paul.durand@courriel.example");
  });

  it("phone: an agent's note of a call", async () => {
    const response = await fetch(`${platform.intake.url}/api/phone-requests`, {
      method: "POST",
      headers: { "content-type": "application/json", ...staff() },
      body: JSON.stringify({
        subjectId: "etat-civil.acte-naissance",
        asked: "Demande une copie intégrale de son acte de naissance.",
        answeredOnTheSpot: "Pièces à fournir indiquées.",
        citizen: {
          name: "Léa Roux",
          phone: "06 12 34 56 78",
          email: "lea.roux@example.org",
          preferredChannel: "email",
        },
      }),
    });
    expect(response.status).toBe(201);
    const { reference } = (await response.json()) as { reference: string };
    await acknowledgementOf(reference, "lea.roux@example.org");
  });

  it("counter: the agent's visit form", async () => {
    const response = await fetch(`${platform.intake.url}/accueil/saisie/guichet`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", ...staff() },
      body: new URLSearchParams({
        _csrf: CSRF,
        idempotencyKey: "channels-e2e-counter-0001",
        siteId: "andard",
        subjectId: "urbanisme.autorisation",
        asked: "Dépôt d’un permis de construire pour une extension.",
        answeredOnTheSpot: "",
        "citizen.name": "Marc Petit",
        "citizen.email": "marc.petit@example.org",
        "citizen.phone": "",
        "citizen.postalAddress": "",
        "citizen.preferredChannel": "email",
      }),
    });
    expect(response.status).toBe(303);
    await acknowledgementOf(await referenceOfLatest("counter"), "marc.petit@example.org");
  });

  it("postal: a scanned letter recorded by the mail room", async () => {
    const form = new FormData();
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());
    const fields: Record<string, string> = {
      _csrf: CSRF,
      idempotencyKey: "channels-e2e-postal-0001",
      stampDate: today,
      stampTime: "",
      siteId: "siege",
      subjectId: "voirie.eclairage",
      title: "Lampadaire en panne",
      summary: "Le lampadaire devant le 3 chemin des Vignes ne s’allume plus.",
      "citizen.name": "Marcel Petit",
      "citizen.email": "marcel.petit@example.org",
      "citizen.phone": "",
      "citizen.postalAddress": "3 chemin des Vignes, 49140 Bauné",
      "citizen.preferredChannel": "email",
    };
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append(
      "scan",
      new Blob([Buffer.from("%PDF-1.7\n% lettre\n1 0 obj<<>>endobj\n%%EOF\n")], { type: "application/pdf" }),
      "courrier.pdf",
    );
    const response = await fetch(`${platform.intake.url}/accueil/saisie/courrier`, {
      method: "POST",
      redirect: "manual",
      headers: staff(),
      body: form,
    });
    expect(response.status).toBe(303);
    await acknowledgementOf(await referenceOfLatest("postal"), "marcel.petit@example.org");
  });
});
