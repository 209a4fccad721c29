import { createHash } from "node:crypto";
import type { Envelope } from "@guichet/contracts";
import { test } from "@guichet/testing";
import nodemailer from "nodemailer";
import { describe, expect } from "vitest";
import { corpus, corpusAbout, type IntakeUnderTest, ourMessageId, startIntakeUnderTest } from "./email-test.harness.ts";

const TOWN = "mairie.loire-authion.example";
const CONTACT = `contact@${TOWN}`;

async function withReceiver(
  fixtures: { database: { url: string }; natsUrl: string; namespace: string },
  work: (
    intake: IntakeUnderTest,
    send: (raw: Buffer, envelope?: { from?: string; to?: string[] }) => Promise<string>,
  ) => Promise<void>,
  env: Record<string, string> = {},
): Promise<void> {
  const intake = await startIntakeUnderTest({
    databaseUrl: fixtures.database.url,
    natsUrl: fixtures.natsUrl,
    namespace: fixtures.namespace,
    env: {
      INTAKE_SMTP_ENABLED: "true",
      INTAKE_SMTP_PORT: "0",
      INTAKE_SMTP_RECIPIENTS: `${TOWN},accueil@autre-domaine.example`,
      INTAKE_SMTP_MAX_BYTES: String(256 * 1024),
      ...env,
    },
  });
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port: intake.intake.email.smtpPort as number,
    secure: false,
    ignoreTLS: true,
  });
  const send = async (raw: Buffer, envelope: { from?: string; to?: string[] } = {}) => {
    const info = await transport.sendMail({
      envelope: { from: envelope.from ?? "expediteur@courriel.example", to: envelope.to ?? [CONTACT] },
      raw,
    });
    return info.response;
  };
  try {
    await work(intake, send);
  } finally {
    transport.close();
    await intake.close();
  }
}

function data(event: Envelope): Record<string, unknown> {
  return event.data as Record<string, unknown>;
}

describe("SMTP receiver (real SMTP client, PostgreSQL and NATS)", () => {
  test("delivers corpus mail: created with evidence and attachments, ignored, duplicate", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    await withReceiver({ database, natsUrl, namespace }, async (intake, send) => {
      const before = Date.now();
      expect(await send(corpus("01-plain-utf8.eml"))).toMatch(/^250 2\.0\.0 created LA-\d{4}-000001$/);
      expect(await send(corpus("10-pdf-attachment.eml"))).toMatch(/^250 2\.0\.0 created LA-\d{4}-000002$/);
      expect(await send(corpus("15-auto-submitted.eml"))).toBe("250 2.0.0 ignored");
      expect(await send(corpus("18-precedence-bulk-newsletter.eml"))).toBe("250 2.0.0 ignored");
      expect(await send(corpus("24-duplicate-of-01.eml"))).toBe("250 2.0.0 duplicate");
      expect(await send(corpus("01-plain-utf8.eml"))).toBe("250 2.0.0 duplicate");

      const { rows: requests } = await intake.pool.query(
        "SELECT id, reference, channel, received_at, metadata FROM intake.request ORDER BY reference",
      );
      expect(requests.map((r) => r.channel)).toEqual(["email", "email"]);
      // The legal date is our receipt, not the sender's Date header (14 January 2026).
      expect(new Date(requests[0].received_at).getTime()).toBeGreaterThanOrEqual(before - 1000);

      const received = await intake.waitForEvent(
        "request.received",
        (e) => data(e).reference === requests[1].reference,
      );
      const payload = data(received);
      expect(payload.channel).toBe("email");
      expect(payload.receivedAt).toBe(new Date(requests[1].received_at).toISOString());
      const attachments = payload.attachments as Array<{ id: string; filename: string; sha256: string; size: number }>;
      expect(attachments).toHaveLength(1);
      const { rows: stored } = await intake.pool.query(
        "SELECT id, filename, sha256, content FROM intake.attachment WHERE request_id = $1",
        [requests[1].id],
      );
      expect(stored).toHaveLength(1);
      expect(stored[0].id).toBe(attachments[0]?.id);
      expect(createHash("sha256").update(stored[0].content).digest("hex")).toBe(attachments[0]?.sha256);

      // Evidence: the raw message as received, Return-Path prepended, found by the event's id.
      const { rows: evidence } = await intake.pool.query("SELECT sha256, content FROM intake.evidence WHERE id = $1", [
        payload.evidenceId,
      ]);
      const raw = evidence[0].content as Buffer;
      expect(raw.toString("latin1")).toMatch(/^Return-Path: <expediteur@courriel\.example>\r\n/);
      expect(createHash("sha256").update(raw).digest("hex")).toBe(evidence[0].sha256);

      const { rows: ledger } = await intake.pool.query("SELECT outcome FROM intake.inbound_email ORDER BY created_at");
      expect(ledger.map((r) => r.outcome)).toEqual(["created", "created"]);
      // Ignored and duplicate mail publish nothing, and no evidence of them is kept.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(intake.events.filter((e) => e.type === "request.received")).toHaveLength(2);
      const { rows: count } = await intake.pool.query("SELECT count(*)::int AS n FROM intake.evidence");
      expect(count[0].n).toBe(2);
    });
  });

  test("a reply to our acknowledgement and a reference in the subject are follow-ups", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    await withReceiver({ database, natsUrl, namespace }, async (intake, send) => {
      const created = await send(corpus("02-iso-8859-1-qp.eml"));
      const reference = created.split(" ").at(-1) as string;
      const { rows } = await intake.pool.query("SELECT id FROM intake.request WHERE reference = $1", [reference]);
      const requestId = rows[0].id as string;

      const reply = corpusAbout("13-outlook-reply-in-reply-to.eml", {
        "ack-LA-2026-000413-1@guichet.loire-authion.example": ourMessageId("acknowledgement", requestId),
      });
      expect(await send(reply)).toBe(`250 2.0.0 follow-up ${reference}`);
      const followUp = await intake.waitForEvent("request.follow-up-received");
      expect(data(followUp)).toMatchObject({ requestId, reference, channel: "email" });
      expect(data(followUp).body).toContain("Je confirme ma présence au rendez-vous du 20 janvier.");
      expect(data(followUp).body).not.toContain("Envoyé");

      const bySubject = corpusAbout("12-gmail-reply-subject-reference.eml", { "LA-2026-000412": reference });
      expect(await send(bySubject)).toBe(`250 2.0.0 follow-up ${reference}`);
      const { rows: followUps } = await intake.pool.query(
        "SELECT count(*)::int AS n FROM intake.follow_up WHERE request_id = $1",
        [requestId],
      );
      expect(followUps[0].n).toBe(2);
      expect(await send(reply)).toBe("250 2.0.0 duplicate");

      // The citizen writes again in the thread of their own first mail: same request.
      const again = corpus("08-multipart-alternative.eml")
        .toString("latin1")
        .replace(
          /^Message-ID:.*$/im,
          "Message-ID: <relance-1@webmail.example>\r\nIn-Reply-To: <a1b2c3@webmail.example>",
        );
      expect(await send(Buffer.from(again, "latin1"))).toBe(`250 2.0.0 follow-up ${reference}`);
    });
  });

  test("a bounce of our acknowledgement becomes message.bounced, without the address", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    await withReceiver({ database, natsUrl, namespace }, async (intake, send) => {
      const reference = (await send(corpus("04-base64-body.eml"))).split(" ").at(-1) as string;
      const { rows } = await intake.pool.query("SELECT id FROM intake.request WHERE reference = $1", [reference]);
      const ackId = ourMessageId("acknowledgement", rows[0].id);
      const bounce = corpusAbout("20-dsn-permanent-5-1-1.eml", {
        "ack-LA-2026-000414-1@guichet.loire-authion.example": ackId,
        "Return-Path: <>\n": "",
      });
      expect(await send(bounce, { from: "", to: [`ne-pas-repondre@${TOWN}`] })).toBe(`250 2.0.0 bounce ${reference}`);
      const bounced = await intake.waitForEvent("message.bounced");
      expect(data(bounced)).toMatchObject({ messageId: ackId, reference, status: "5.1.1", permanent: true });
      expect(JSON.stringify(bounced.data)).not.toContain("p.marchand");
      // A bounce is never a request, and the MTA sees it accepted.
      const { rows: requests } = await intake.pool.query("SELECT count(*)::int AS n FROM intake.request");
      expect(requests[0].n).toBe(1);
    });
  });

  test("the same mail delivered twice at the same time is stored once", async ({ database, natsUrl, namespace }) => {
    await withReceiver({ database, natsUrl, namespace }, async (intake, send) => {
      const raw = corpus("10-pdf-attachment.eml");
      const answers = await Promise.all([send(raw), send(raw), send(raw)]);
      expect(answers.map((answer) => answer.split(" ")[2]).sort()).toEqual(["created", "duplicate", "duplicate"]);
      const { rows } = await intake.pool.query(
        `SELECT (SELECT count(*) FROM intake.request)::int AS requests, (SELECT count(*) FROM intake.evidence)::int AS evidence,
                (SELECT count(*) FROM intake.attachment)::int AS attachments, (SELECT count(*) FROM intake.outbox)::int AS events`,
      );
      expect(rows[0]).toEqual({ requests: 1, evidence: 1, attachments: 1, events: 1 });
    });
  });

  test("refuses unknown recipients and oversized mail with 5xx and a reason", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    await withReceiver({ database, natsUrl, namespace }, async (_intake, send) => {
      await expect(send(corpus("01-plain-utf8.eml"), { to: ["quelquun@ailleurs.example"] })).rejects.toMatchObject({
        responseCode: 550,
        response: expect.stringContaining("Destinataire inconnu"),
      });
      // An address listed on its own is accepted even though its domain is not.
      expect(await send(corpus("01-plain-utf8.eml"), { to: ["accueil@autre-domaine.example"] })).toMatch(/^250 /);
      const huge = Buffer.concat([corpus("05-encoded-word-b.eml"), Buffer.alloc(300 * 1024, "a\r\n")]);
      await expect(send(huge)).rejects.toMatchObject({
        responseCode: 552,
        response: expect.stringContaining("trop volumineux"),
      });
    });
  });

  test("answers 451 while the mail cannot be stored, and stores it on the sender's retry", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    await withReceiver({ database, natsUrl, namespace }, async (intake, send) => {
      await intake.pool.query("ALTER TABLE intake.inbound_email RENAME TO inbound_email_away");
      await expect(send(corpus("03-windows-1252-8bit.eml"))).rejects.toMatchObject({ responseCode: 451 });
      const { rows: none } = await intake.pool.query(
        "SELECT (SELECT count(*) FROM intake.request)::int + (SELECT count(*) FROM intake.evidence)::int AS n",
      );
      // Nothing half-stored: the evidence commits with its request or not at all.
      expect(none[0].n).toBe(0);
      await intake.pool.query("ALTER TABLE intake.inbound_email_away RENAME TO inbound_email");
      expect(await send(corpus("03-windows-1252-8bit.eml"))).toMatch(/^250 2\.0\.0 created /);
    });
  });
});
