import { describe, expect, it } from "vitest";
import { classifyEmail, type EmailClassificationContext } from "./classify-email.ts";
import { parseEmail } from "./parse-email.ts";

const OWN = "ne-pas-repondre@mairie.loire-authion.example";
const ACK = "ack-LA-2026-000412-1@guichet.loire-authion.example";

function context(overrides: Partial<EmailClassificationContext> = {}): EmailClassificationContext {
  return {
    ownAddresses: [OWN, "accueil@loire-authion.example"],
    ownMessageIdDomain: "guichet.loire-authion.example",
    referencePattern: /\bLA-\d{4}-\d{6,}\b/,
    // Promises on purpose: the real store answers asynchronously.
    findRequestByMessageId: async (id) => (id === ACK ? "LA-2026-000412" : null),
    findRequestByReference: async (reference) => (reference === "LA-2026-000412" ? reference : null),
    isKnownMessageId: async () => false,
    ...overrides,
  };
}

async function classify(headers: string, body = "Bonjour, une demande.", ctx = context()) {
  const raw = Buffer.from(`${headers}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`);
  return classifyEmail(await parseEmail(raw, new Date("2026-01-14T13:00:00Z")), ctx);
}

describe("classifyEmail", () => {
  it("checks duplicates before anything else", async () => {
    const known = context({ isKnownMessageId: (id) => id === "dsn-1@mx.example" });
    const bounce = "Message-ID: <dsn-1@mx.example>\r\nFrom: MAILER-DAEMON@mx.example\r\nSubject: Undelivered";
    expect(await classify(bounce, "x", known)).toEqual({ outcome: "duplicate", reason: "already-ingested" });
  });

  it("recognises a bounce before the own-address loop protection", async () => {
    const headers = `From: ${OWN}\r\nX-Failed-Recipients: jean@dest.example\r\nSubject: Undelivered`;
    const body = `550 5.1.1 unknown user\r\n\r\nMessage-ID: <${ACK}>\r\nFrom: ${OWN}`;
    expect(await classify(headers, body)).toEqual({
      outcome: "bounce",
      reference: "LA-2026-000412",
      originalMessageId: ACK,
      recipientDomainOnly: "dest.example",
      status: "5.1.1",
      permanent: true,
    });
  });

  it("ignores mail from our own address, whatever the case", async () => {
    expect(await classify(`From: NE-PAS-REPONDRE@Mairie.Loire-Authion.example\r\nSubject: AR`)).toEqual({
      outcome: "ignored",
      reason: "own-address",
    });
  });

  it("ignores mail from our Reply-To address and from our Message-ID domain (mail loops)", async () => {
    for (const from of ["Accueil <Accueil@loire-authion.example>", "robot@guichet.loire-authion.example"]) {
      expect(await classify(`From: ${from}\r\nSubject: Demande`)).toEqual({
        outcome: "ignored",
        reason: "own-address",
      });
    }
  });

  it("ignores one of our own messages coming back under another sender, but not a reply to it", async () => {
    const copy = `From: relais@ailleurs.example\r\nMessage-ID: <${ACK}>\r\nSubject: Accusé de réception`;
    expect(await classify(copy)).toEqual({ outcome: "ignored", reason: "own-message" });
    const reply = `From: a@b.example\r\nMessage-ID: <r1@b.example>\r\nIn-Reply-To: <${ACK}>\r\nSubject: Re: AR`;
    expect(await classify(reply)).toEqual({
      outcome: "follow-up",
      reference: "LA-2026-000412",
      matchedBy: "in-reply-to",
    });
  });

  it("ignores an auto-reply even when it threads to our acknowledgement", async () => {
    const headers = `From: a@b.example\r\nIn-Reply-To: <${ACK}>\r\nSubject: Re: LA-2026-000412\r\nAuto-Submitted: auto-replied`;
    expect(await classify(headers)).toEqual({ outcome: "ignored", reason: "auto-reply" });
    expect(await classify("From: a@b.example\r\nAuto-Submitted: no\r\nSubject: Demande")).toEqual({
      outcome: "created",
    });
  });

  it("does not take a subject that merely mentions an absence for an auto-reply", async () => {
    expect(await classify("From: a@b.example\r\nSubject: Absence de ramassage des poubelles")).toEqual({
      outcome: "created",
    });
  });

  it("treats a lone empty return path as a bounce only after the auto-reply checks", async () => {
    const headers = "Return-Path: <>\r\nFrom: a@b.example\r\nSubject: Out of Office: parti";
    expect(await classify(headers)).toEqual({ outcome: "ignored", reason: "auto-reply" });
    expect(await classify("Return-Path: <>\r\nFrom: a@b.example\r\nSubject: ?")).toEqual({
      outcome: "ignored",
      reason: "bounce",
    });
  });

  it("does not ignore a mail with only a List-Unsubscribe header", async () => {
    const headers = "From: a@b.example\r\nList-Unsubscribe: <mailto:u@b.example>\r\nSubject: Demande";
    expect(await classify(headers)).toEqual({ outcome: "created" });
  });

  it("threads by In-Reply-To, then References, then an existing reference in the subject", async () => {
    expect(await classify(`From: a@b.example\r\nIn-Reply-To: <${ACK}>\r\nSubject: Re: AR`)).toMatchObject({
      outcome: "follow-up",
      reference: "LA-2026-000412",
      matchedBy: "in-reply-to",
    });
    expect(await classify(`From: a@b.example\r\nReferences: <${ACK}> <x@y>\r\nSubject: Re`)).toMatchObject({
      matchedBy: "references",
    });
    expect(await classify("From: a@b.example\r\nSubject: Re: LA-2025-000001 et LA-2026-000412")).toMatchObject({
      matchedBy: "subject",
    });
  });

  it("keeps a subject-only mail as a request and ignores a truly empty one", async () => {
    expect(await classify("From: a@b.example\r\nSubject: Demande d'acte de naissance", "")).toEqual({
      outcome: "created",
    });
    expect(await classify("From: a@b.example\r\nSubject: Re: ", "")).toEqual({ outcome: "ignored", reason: "empty" });
  });
});
