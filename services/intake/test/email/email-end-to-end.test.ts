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

describe("e-mail end to end (four services, real SMTP both ways)", () => {
  test("a citizen's mail gets its receipt in the mail catcher; answering it is a follow-up", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const platform = await startPlatform({
      databaseUrl: database.url,
      natsUrl,
      namespace,
      smtpUrl: mail.smtpUrl,
      env: { INTAKE_SMTP_ENABLED: "true", INTAKE_SMTP_PORT: "0", INTAKE_SMTP_RECIPIENTS: TOWN },
    });
    const port = (platform.intake as typeof platform.intake & { email: EmailSources }).email.smtpPort as number;
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
    const send = async (raw: Buffer) =>
      (await transport.sendMail({ envelope: { from: "jean.dupont@courriel.example", to: [`contact@${TOWN}`] }, raw }))
        .response;
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
      transport.close();
      await platform.close();
    }
  });
});
