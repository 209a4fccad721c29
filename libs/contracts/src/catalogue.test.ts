import { describe, expect, it } from "vitest";
import { ContractError, createEvent, events, isEvent, parseEvent, subjectOf } from "./index.ts";

const received = {
  requestId: "0193a3c0-7a1e-7cc0-9a55-1b2c3d4e5f60",
  reference: "LA-2026-000123",
  channel: "web" as const,
  siteId: null,
  receivedAt: "2026-11-28T10:00:00.000Z",
  citizen: {
    name: "Jeanne Martin",
    email: "jeanne@example.org",
    phone: null,
    postalAddress: null,
    preferredChannel: "email" as const,
  },
  subjectId: "voirie.chaussee",
  title: "Nid de poule",
  body: "Un trou rue des Lilas",
  metadata: {},
};

describe("event catalogue", () => {
  it("names subjects as versioned, past-tense dot hierarchies", () => {
    expect(subjectOf("guichet", events.requestReceived)).toBe("guichet.request.received.v1");
    expect(subjectOf("t1", events.acknowledgementSent)).toBe("t1.acknowledgement.sent.v1");
  });

  it("round-trips an event through bytes and narrows it", () => {
    const event = createEvent("requestReceived", received);
    const parsed = parseEvent(JSON.stringify(event));
    expect(parsed).toEqual(event);
    expect(isEvent(parsed, "requestReceived")).toBe(true);
    expect(isEvent(parsed, "requestRouted")).toBe(false);
  });

  it("chains correlation and causation", () => {
    const first = createEvent("requestReceived", received);
    const next = createEvent(
      "requestSentToTriage",
      {
        requestId: received.requestId,
        reference: received.reference,
        triageServiceId: "accueil",
        reason: "no subject",
        catalogVersion: 1,
        queuedAt: received.receivedAt,
      },
      { cause: first },
    );
    expect(next.correlationId).toBe(first.id);
    expect(next.causationId).toBe(first.id);
  });

  it("refuses a payload that does not match its schema, naming the field", () => {
    const bad = { ...createEvent("requestReceived", received), data: { ...received, reference: "nope" } };
    try {
      parseEvent(JSON.stringify(bad));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ContractError);
      expect((error as ContractError).issues.map((i) => i.path)).toContain("reference");
    }
  });

  it("refuses unknown types and versions", () => {
    const unknown = { ...createEvent("requestReceived", received), version: 9 };
    expect(() => parseEvent(JSON.stringify(unknown))).toThrow(/unknown event request.received v9/);
    expect(() => parseEvent("{")).toThrow(/not valid JSON/);
  });
});
