import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CitizenContact } from "@guichet/contracts";
import { describe, expect, it } from "vitest";
import {
  chooseChannel,
  DEFAULT_POLICY,
  decideReceipt,
  loadPolicyFile,
  type RequestFacts,
} from "./notification-policy.ts";

const facts = (overrides: Partial<RequestFacts> = {}): RequestFacts => ({
  channel: "web",
  subjectId: "voirie.chaussee",
  regime: "information",
  metadata: {},
  preferredChannel: "email",
  ...overrides,
});

describe("decideReceipt", () => {
  it("sends the registration receipt for electronic submissions only", () => {
    expect(decideReceipt("registration", facts({ channel: "web" }), DEFAULT_POLICY).send).toBe(true);
    expect(decideReceipt("registration", facts({ channel: "email" }), DEFAULT_POLICY).send).toBe(true);
    expect(decideReceipt("registration", facts({ channel: "phone" }), DEFAULT_POLICY).send).toBe(false);
    expect(decideReceipt("registration", facts({ channel: "postal" }), DEFAULT_POLICY).send).toBe(false);
  });

  it("skips the acknowledgement of a phone question answered on the spot", () => {
    const spot = facts({ channel: "phone", metadata: { answeredOnSpot: "true" } });
    expect(decideReceipt("acknowledgement", spot, DEFAULT_POLICY)).toEqual({
      send: false,
      reason: "answered on the spot",
    });
    expect(decideReceipt("acknowledgement", { ...spot, metadata: {} }, DEFAULT_POLICY).send).toBe(true);
    // Only "true" counts: intake writes strings.
    expect(
      decideReceipt("acknowledgement", { ...spot, metadata: { answeredOnSpot: "false" } }, DEFAULT_POLICY).send,
    ).toBe(true);
  });

  it("never suppresses the acknowledgement of a request asking for a decision (legal floor)", () => {
    for (const regime of ["sva", "svr"] as const) {
      const spot = facts({
        channel: "counter",
        regime,
        metadata: { answeredOnSpot: "true" },
        preferredChannel: "none",
      });
      expect(decideReceipt("acknowledgement", spot, DEFAULT_POLICY)).toEqual({
        send: true,
        reason: "legal floor (R112-5, decision requested)",
      });
    }
  });

  it("respects a citizen who asked for no reply when the law does not require one", () => {
    expect(decideReceipt("acknowledgement", facts({ preferredChannel: "none" }), DEFAULT_POLICY).send).toBe(false);
  });

  it("applies the first matching rule of a YAML file, subject families included", () => {
    const dir = mkdtempSync(join(tmpdir(), "policy-"));
    const file = join(dir, "policy.yaml");
    writeFileSync(
      file,
      [
        "registrationChannels: [web, email, counter]",
        "rules:",
        "  - name: voirie signalements",
        "    when: { subjects: ['voirie.*'], channels: [web] }",
        "    send: { acknowledgement: false }",
      ].join("\n"),
    );
    const policy = loadPolicyFile(file);
    expect(decideReceipt("acknowledgement", facts(), policy)).toEqual({ send: false, reason: "voirie signalements" });
    expect(decideReceipt("acknowledgement", facts({ subjectId: "urbanisme.renseignement" }), policy).send).toBe(true);
    expect(decideReceipt("registration", facts({ channel: "counter" }), policy).send).toBe(true);
    // The floor holds against the town's own rule.
    expect(decideReceipt("acknowledgement", facts({ regime: "svr" }), policy).send).toBe(true);
  });

  it("refuses an invalid policy file naming the field", () => {
    const dir = mkdtempSync(join(tmpdir(), "policy-"));
    const file = join(dir, "policy.yaml");
    writeFileSync(file, "rules:\n  - name: x\n    when: { channels: [fax] }\n    send: {}\n");
    expect(() => loadPolicyFile(file)).toThrow(/rules\.0\.when\.channels\.0/);
  });
});

const contact = (overrides: Partial<CitizenContact> = {}): CitizenContact => ({
  name: "Camille Martin",
  email: "camille@example.org",
  phone: "+33612345678",
  postalAddress: "12 rue des Lilas, 49800 Loire-Authion",
  preferredChannel: "email",
  ...overrides,
});

describe("chooseChannel", () => {
  it("uses the preferred channel when the message may go there", () => {
    expect(chooseChannel("status", contact({ preferredChannel: "sms" }), { smsEnabled: true })).toEqual({
      channel: "sms",
      address: "+33612345678",
    });
    // A reply is never cut into an SMS when it can go in full: e-mail, then letter, SMS notice last.
    expect(chooseChannel("reply", contact({ preferredChannel: "sms" }), { smsEnabled: true })?.channel).toBe("email");
    const phoneOnly = contact({ email: null, postalAddress: null, preferredChannel: "sms" });
    expect(chooseChannel("reply", phoneOnly, { smsEnabled: true })?.channel).toBe("sms");
  });

  it("never lets a preference for SMS put the acknowledgement on SMS when a letter can carry it", () => {
    const smsLover = contact({ email: null, preferredChannel: "sms" });
    expect(chooseChannel("acknowledgement", smsLover, { smsEnabled: true })?.channel).toBe("letter");
    expect(chooseChannel("acknowledgement", { ...smsLover, postalAddress: null }, { smsEnabled: true })?.channel).toBe(
      "sms",
    );
  });

  it("falls back to a letter, with the name on the address block, when there is no e-mail", () => {
    expect(chooseChannel("acknowledgement", contact({ email: null }), { smsEnabled: true })).toEqual({
      channel: "letter",
      address: "Camille Martin\n12 rue des Lilas, 49800 Loire-Authion",
    });
  });

  it("skips SMS when no provider is configured and excluded channels", () => {
    const phoneOnly = contact({ email: null, postalAddress: null, preferredChannel: "sms" });
    expect(chooseChannel("status", phoneOnly, { smsEnabled: false })).toBeNull();
    expect(chooseChannel("acknowledgement", contact(), { smsEnabled: true, exclude: ["email"] })?.channel).toBe(
      "letter",
    );
    expect(chooseChannel("registration", contact(), { smsEnabled: true, exclude: ["email"] })?.channel).toBe("sms");
  });
});
