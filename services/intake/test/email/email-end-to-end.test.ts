import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { test } from "@guichet/testing";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { startPlatform } from "../../../../test/e2e/platform.harness.ts";
import type { EmailSources } from "../../src/mailbox/email-sources.ts";
import { corpus } from "./email-test.harness.ts";

const TOWN = "mairie.loire-authion.example";
let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
});
afterAll(async () => {
  await mail?.stop();
});

/** The four services with intake's SMTP receiver on, and a client that delivers to it as the town's MX would. */
async function startEmailPlatform(
  fixtures: { database: { url: string }; natsUrl: string; namespace: string },
  env: Record<string, string> = {},
) {
  const platform = await startPlatform({
    databaseUrl: fixtures.database.url,
    natsUrl: fixtures.natsUrl,
    namespace: fixtures.namespace,
    smtpUrl: mail.smtpUrl,
    env: { INTAKE_SMTP_ENABLED: "true", INTAKE_SMTP_PORT: "0", INTAKE_SMTP_RECIPIENTS: TOWN, ...env },
  });
  const port = (platform.intake as typeof platform.intake & { email: EmailSources }).email.smtpPort as number;
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  const send = async (raw: Buffer | string, from = "jean.dupont@courriel.example") =>
    (await transport.sendMail({ envelope: { from, to: [`contact@${TOWN}`] }, raw })).response;
  return {
    platform,
    send,
    close: async () => {
      transport.close();
      await platform.close();
    },
  };
}

describe("e-mail end to end (four services, real SMTP both ways)", () => {
  test("a citizen's mail gets its receipt in the mail catcher; answering it is a follow-up", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const { platform, send, close } = await startEmailPlatform({ database, natsUrl, namespace });
    try {
      const reference = (await send(corpus("01-plain-utf8.eml"))).split(" ").at(-1) as string;
      expect(reference).toMatch(/^LA-\d{4}-\d{6}$/);
      const [receipt] = await mail.waitForMessages(
        (m) => m.to.includes("jean.dupont@courriel.example") && m.text.includes(reference),
        { timeoutMs: 20_000 },
      );
      expect(receipt?.messageId).toBeTruthy();

      // The citizen answers the receipt from their mail client: In-Reply-To is notification's Message-ID.
      const reply = [
        "Message-ID: <reponse-accuse-1@courriel.example>",
        `Date: ${new Date().toUTCString()}`,
        "From: Jean Dupont <jean.dupont@courriel.example>",
        `To: contact@${TOWN}`,
        `Subject: Re: ${receipt?.subject}`,
        `In-Reply-To: ${receipt?.messageId}`,
        `References: ${receipt?.messageId}`,
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Je joindrai la copie de mon ancienne carte demain.",
        "",
        "Le ven. a écrit :",
        "> Votre demande a bien été enregistrée.",
        "",
      ].join("\r\n");
      expect(await send(Buffer.from(reply))).toBe(`250 2.0.0 follow-up ${reference}`);
      const { rows } = await platform.intake.infrastructure.pool.query(
        "SELECT f.body FROM intake.follow_up f JOIN intake.request r ON r.id = f.request_id WHERE r.reference = $1",
        [reference],
      );
      expect(rows.map((r) => r.body)).toEqual(["Je joindrai la copie de mon ancienne carte demain."]);
    } finally {
      await close();
    }
  });

  test("our own mail never becomes a request: From, Reply-To, or one of our messages sent back to us", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const { platform, send, close } = await startEmailPlatform(
      { database, natsUrl, namespace },
      {
        MAIL_FROM: `Mairie de Loire-Authion <ne-pas-repondre@${TOWN}>`,
        MAIL_REPLY_TO: `Accueil de la mairie <accueil@${TOWN}>`,
      },
    );
    const plain = (from: string, messageId: string) =>
      [
        `Message-ID: <${messageId}>`,
        `Date: ${new Date().toUTCString()}`,
        `From: ${from}`,
        `To: contact@${TOWN}`,
        "Subject: Demande",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Bonjour, le lampadaire de la rue des Lilas est éteint.",
        "",
      ].join("\r\n");
    const requests = async () =>
      Number((await platform.intake.infrastructure.pool.query("SELECT count(*) FROM intake.request")).rows[0].count);
    try {
      // A real request first, so that its receipt exists and can come back to us.
      const citizen = "alias-de-la-mairie@courriel.example";
      const reference = (await send(plain(`Jeanne <${citizen}>`, "premiere@courriel.example"), citizen))
        .split(" ")
        .at(-1) as string;
      const [receipt] = await mail.waitForMessages((m) => m.to.includes(citizen) && m.text.includes(reference), {
        timeoutMs: 20_000,
      });
      expect(receipt?.headers["reply-to"]).toContain(`accueil@${TOWN}`);
      const receiptRaw = Buffer.from(
        await (await fetch(`${mail.httpUrl}/api/messages/${receipt?.id}/raw`)).arrayBuffer(),
      );

      // The citizen's address forwards to the town's mailbox: our receipt arrives at intake as it was sent.
      expect(await send(receiptRaw, `ne-pas-repondre@${TOWN}`)).toBe("250 2.0.0 ignored");
      // Our From address (whatever the case), our Reply-To address, and our own message under another sender.
      expect(await send(plain(`NE-PAS-REPONDRE@${TOWN.toUpperCase()}`, "a@courriel.example"))).toBe(
        "250 2.0.0 ignored",
      );
      expect(await send(plain(`Accueil <accueil@${TOWN}>`, "b@courriel.example"))).toBe("250 2.0.0 ignored");
      expect(await send(plain("Relais <relais@courriel.example>", receipt?.messageId?.slice(1, -1) ?? ""))).toBe(
        "250 2.0.0 ignored",
      );
      // Nothing was stored or answered: one request, and only its two messages (receipt and acknowledgement).
      expect(await requests()).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(mail.messages().filter((m) => m.to.some((to) => to.endsWith(TOWN) || to === citizen))).toHaveLength(2);
    } finally {
      await close();
    }
  });
});
