import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InMemoryEmailIntake, requestReceivedOf } from "./in-memory-email-intake.fake.ts";
import { ingestEmail } from "./ingest-email.ts";

// Property-based fuzzing of the e-mail path the SMTP receiver, the IMAP poller and
// `guichet intake eml` share (parse, classify, screen attachments). A mail is never refused with an
// error: whatever arrives must end in one of the outcomes, quickly, and what it creates must be
// storable (PostgreSQL text refuses NUL) and valid as request.received.v1 — otherwise the receiver
// would answer 4xx forever and the IMAP poller would fetch the same poison message at every poll.

const corpusDir = new URL("../../test/fixtures/eml/", import.meta.url);
const corpus = readdirSync(corpusDir)
  .filter((file) => file.endsWith(".eml"))
  .sort()
  .map((file) => readFileSync(new URL(file, corpusDir)));
const receivedAt = new Date("2026-01-14T13:00:00.000Z");
const OUTCOMES = ["created", "follow-up", "duplicate", "ignored", "bounce"];

async function ingestChecked(raw: Buffer): Promise<void> {
  const store = new InMemoryEmailIntake(["LA-2026-000412"]);
  const outcome = await ingestEmail(raw, receivedAt, store);
  expect(OUTCOMES).toContain(outcome.outcome);
  const stored = [...store.requests.values(), ...store.followUps.map((f) => f.input), ...store.deliveryFailures];
  for (const item of stored) {
    const { attachments: _files, ...text } = item as { attachments?: unknown };
    expect(JSON.stringify(text)).not.toContain("\\u0000");
  }
  for (const [reference, request] of store.requests) requestReceivedOf(reference, request);
}

/** Splices bytes into a corpus message: the damage a broken MTA, a truncated file or an attacker makes. */
const mutatedMail = fc
  .tuple(
    fc.constantFrom(...corpus),
    fc.nat(),
    fc.oneof(
      fc.constantFrom(
        "\u0000",
        "\r\n\r\n",
        "\n",
        "Content-Type: multipart/mixed; boundary=\r\n",
        "Content-Transfer-Encoding: base64\r\n",
        "=?utf-8?B?AAAA?=",
        "=?x-unknown?Q?=00=FF?=",
        "--",
        "From: <>\r\n",
        "Message-ID: <\u0000@x>\r\n",
        "Content-Type: message/delivery-status\r\n\r\n",
        "<script>alert(1)</script>",
      ),
      fc.string({ maxLength: 60 }),
    ),
    fc.constantFrom("insert", "truncate", "invalid-utf8", "huge-line"),
  )
  .map(([mail, at, junk, how]) => {
    const cut = at % mail.length;
    switch (how) {
      case "truncate":
        return mail.subarray(0, cut);
      case "invalid-utf8":
        return Buffer.concat([mail.subarray(0, cut), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x00]), mail.subarray(cut)]);
      case "huge-line":
        return Buffer.concat([mail.subarray(0, cut), Buffer.from("x".repeat(100_000)), mail.subarray(cut)]);
      default:
        return Buffer.concat([mail.subarray(0, cut), Buffer.from(junk), mail.subarray(cut)]);
    }
  });

/** A mail written from scratch, with hostile headers and body. */
const craftedMail = fc
  .record({
    from: fc.oneof(fc.constant("Jeanne <jeanne@exemple.fr>"), fc.string({ maxLength: 80 })),
    subject: fc.string({ maxLength: 200 }),
    contentType: fc.constantFrom(
      "text/plain; charset=utf-8",
      "text/plain",
      "text/html; charset=iso-8859-1",
      "multipart/alternative; boundary=b",
      "multipart/report; report-type=delivery-status; boundary=b",
      "application/octet-stream",
      "",
    ),
    body: fc.oneof(
      fc.string({ maxLength: 500 }),
      fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.from(b).toString("latin1")),
    ),
  })
  .map(({ from, subject, contentType, body }) =>
    Buffer.from(
      `From: ${from}\r\nTo: mairie@loire-authion.example\r\nSubject: ${subject}\r\nContent-Type: ${contentType}\r\n\r\n${body}\r\n`,
      "latin1",
    ),
  );

describe("e-mail intake under fuzzing", () => {
  it("random bytes end in an outcome, never an exception", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3_000 }), (bytes) => ingestChecked(Buffer.from(bytes))),
      { numRuns: 150 },
    );
  });

  it("corpus mail that is truncated, spliced, invalid UTF-8 or has a huge line ends in an outcome", async () => {
    await fc.assert(fc.asyncProperty(mutatedMail, ingestChecked), { numRuns: 100 });
  });

  it("crafted mail with hostile headers and bodies ends in an outcome whose request is valid", async () => {
    await fc.assert(fc.asyncProperty(craftedMail, ingestChecked), { numRuns: 150 });
  });

  it("regression: NUL bytes in the subject and body never reach the stored request", async () => {
    const store = new InMemoryEmailIntake();
    const raw = Buffer.from(
      "From: Jeanne <jeanne@exemple.fr>\r\nSubject: Lampadaire\u0000 en panne\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nRue des Lilas\u0000, le lampadaire est éteint.\r\n",
    );
    expect(await ingestEmail(raw, receivedAt, store)).toEqual({ outcome: "created", reference: "LA-2026-000001" });
    const request = store.requests.get("LA-2026-000001");
    expect(request?.title).toBe("Lampadaire en panne");
    expect(request?.body).toBe("Rue des Lilas, le lampadaire est éteint.");
  });

  it("regression: a NUL in a part's Content-Type never reaches the refused attachment's note", async () => {
    // Found by the mutated-corpus property (seed 169630556): the header became "Content-Type:\0 text/plain".
    const raw = Buffer.from(
      "From: Gerard <gerard@exemple.fr>\r\nSubject: Déchets verts\r\nMIME-Version: 1.0\r\nContent-Type:\u0000 text/plain; charset=us-ascii\r\n\r\nBonjour,\r\nLes dechets verts n'ont pas ete ramasses.\r\n",
    );
    await ingestChecked(raw);
  });
});
