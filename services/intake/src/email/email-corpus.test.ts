import { readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { InMemoryEmailIntake, requestReceivedOf } from "./in-memory-email-intake.fake.ts";
import { type IngestOutcome, ingestEmail } from "./ingest-email.ts";
import { type ParsedEmail, parseEmail } from "./parse-email.ts";

const corpusDir = new URL("../../test/fixtures/eml/", import.meta.url);
const receivedAt = new Date("2026-01-14T13:00:00.000Z");
const seeded = ["LA-2026-000412", "LA-2026-000413", "LA-2026-000414"];

const expectationSchema = z.strictObject({
  outcome: z.enum(["created", "follow-up", "duplicate", "ignored", "bounce"]),
  reference: z.string().optional(),
  reason: z.string().optional(),
  subject: z.string().optional(),
  from: z.string().optional(),
  fromName: z.string().optional(),
  newTextIncludes: z.string().optional(),
  newTextAlsoIncludes: z.array(z.string()).optional(),
  newTextExcludes: z.string().optional(),
  attachments: z.number().int().optional(),
  inlineAttachments: z.number().int().optional(),
  acceptedAttachments: z.number().int().optional(),
  attachmentNames: z.array(z.string()).optional(),
  refusedAttachments: z.array(z.object({ filename: z.string(), reason: z.string() })).optional(),
  phone: z.string().nullable().optional(),
  messageIdPrefix: z.string().optional(),
  senderDate: z.string().nullable().optional(),
  deliveryFailure: z
    .object({
      originalMessageId: z.string(),
      recipientDomain: z.string().nullable(),
      status: z.string(),
      permanent: z.boolean(),
    })
    .optional(),
});
type Expectation = z.infer<typeof expectationSchema>;

const expected = z
  .record(z.string(), expectationSchema)
  .parse(JSON.parse(readFileSync(new URL("expected.json", corpusDir), "utf8")));
const files = readdirSync(corpusDir)
  .filter((file) => file.endsWith(".eml"))
  .sort();

describe("e-mail corpus", () => {
  const store = new InMemoryEmailIntake(seeded);
  const outcomes = new Map<string, IngestOutcome>();
  const parsed = new Map<string, ParsedEmail>();

  beforeAll(async () => {
    // In order, through one store: the duplicate file relies on an earlier file being ingested.
    for (const file of files) {
      const raw = readFileSync(new URL(file, corpusDir));
      parsed.set(file, await parseEmail(raw, receivedAt));
      outcomes.set(file, await ingestEmail(raw, receivedAt, store));
    }
  });

  it("has at least 30 messages, each with an expectation", () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  it.each(files)("%s", (file) => {
    const expectation = expected[file] as Expectation;
    const outcome = outcomes.get(file);
    const mail = parsed.get(file) as ParsedEmail;
    expect(outcome).toEqual({
      outcome: expectation.outcome,
      ...(expectation.reference === undefined ? {} : { reference: expectation.reference }),
      ...(expectation.reason === undefined ? {} : { reason: expectation.reason }),
    });
    if (expectation.subject !== undefined) expect(mail.subject).toBe(expectation.subject);
    if (expectation.from !== undefined) expect(mail.from?.address).toBe(expectation.from);
    if (expectation.fromName !== undefined) expect(mail.from?.name).toBe(expectation.fromName);
    if (expectation.newTextIncludes !== undefined) expect(mail.newText).toContain(expectation.newTextIncludes);
    for (const part of expectation.newTextAlsoIncludes ?? []) expect(mail.newText).toContain(part);
    if (expectation.newTextExcludes !== undefined) expect(mail.newText).not.toContain(expectation.newTextExcludes);
    if (expectation.attachments !== undefined) expect(mail.attachments).toHaveLength(expectation.attachments);
    if (expectation.inlineAttachments !== undefined)
      expect(mail.attachments.filter((a) => a.inline)).toHaveLength(expectation.inlineAttachments);
    if (expectation.messageIdPrefix !== undefined)
      expect(mail.messageId.startsWith(expectation.messageIdPrefix)).toBe(true);
    if (expectation.senderDate !== undefined) expect(mail.date?.toISOString() ?? null).toBe(expectation.senderDate);
    if (expectation.deliveryFailure !== undefined) {
      const failure = store.deliveryFailures.find((f) => f.bounceMessageId === mail.messageId);
      expect(failure).toMatchObject({ ...expectation.deliveryFailure, reference: expectation.reference ?? null });
    }
    if (expectation.outcome === "created") checkCreatedRequest(expectation, mail);
  });

  function checkCreatedRequest(expectation: Expectation, mail: ParsedEmail): void {
    const request = store.requests.get(expectation.reference ?? "");
    expect(request).toBeDefined();
    if (request === undefined) return;
    // The legal date of receipt is ours, whatever the sender's Date header says.
    expect(request.receivedAt).toEqual(receivedAt);
    expect(request.body).toBe(mail.newText);
    expect(request.evidenceKey).toBe(`eml/${mail.rawSha256}`);
    expect(store.evidence.get(request.evidenceKey)).toBeDefined();
    if (expectation.phone !== undefined) expect(request.citizen.phone).toBe(expectation.phone);
    if (expectation.acceptedAttachments !== undefined)
      expect(request.attachments).toHaveLength(expectation.acceptedAttachments);
    if (expectation.attachmentNames !== undefined)
      expect(request.attachments.map((a) => a.filename)).toEqual(expectation.attachmentNames);
    if (expectation.refusedAttachments !== undefined) {
      expect(request.refusedAttachments).toMatchObject(expectation.refusedAttachments);
      expect(request.metadata.refusedAttachments).toContain(expectation.refusedAttachments[0]?.filename);
    }
    // Everything request.received.v1 needs is there; the store only adds ids and the site.
    const event = requestReceivedOf(expectation.reference ?? "", request);
    expect(event.metadata.messageId).toBe(mail.messageId);
  }

  it("adds follow-ups to the requests the replies thread to", () => {
    expect(store.followUps.map((f) => f.reference)).toEqual([
      "LA-2026-000412",
      "LA-2026-000413",
      "LA-2026-000414",
      "LA-2026-000412",
    ]);
  });

  it("stores no evidence for ignored and duplicate mail", () => {
    const effective = [...outcomes.values()].filter((o) => ["created", "follow-up", "bounce"].includes(o.outcome));
    const distinctRaw = new Set(
      files
        .filter((file) => ["created", "follow-up", "bounce"].includes(outcomes.get(file)?.outcome ?? ""))
        .map((file) => parsed.get(file)?.rawSha256),
    );
    expect(store.evidence.size).toBe(distinctRaw.size);
    expect(effective.length).toBe(distinctRaw.size);
  });
});
