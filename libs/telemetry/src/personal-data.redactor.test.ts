import { describe, expect, it } from "vitest";
import { personalDataQueryParams } from "./personal-data.keys.ts";
import { REDACTED, redactPersonalData } from "./personal-data.redactor.ts";

describe("redactPersonalData", () => {
  it("redacts personal keys at any depth and in any spelling", () => {
    const entry = {
      requestId: "LA-2026-000123",
      email: "jeanne@example.fr",
      payload: { contact: { first_name: "Jeanne", "Last-Name": "Martin", channel: "email" } },
      citizen: { phone: "0601020304" },
      recipients: [{ emailAddress: "a@example.fr", role: "to" }],
    };
    expect(redactPersonalData(entry)).toEqual({
      requestId: "LA-2026-000123",
      email: REDACTED,
      payload: { contact: { first_name: REDACTED, "Last-Name": REDACTED, channel: "email" } },
      citizen: REDACTED,
      recipients: [{ emailAddress: REDACTED, role: "to" }],
    });
  });

  it("keeps look-alike technical keys such as serviceName or hostname", () => {
    expect(redactPersonalData({ serviceName: "intake", hostname: "srv-1" })).toEqual({
      serviceName: "intake",
      hostname: "srv-1",
    });
  });

  it("copies class instances and survives cycles without mutating the input", () => {
    class Citizen {
      constructor(
        readonly id: string,
        readonly lastName: string,
      ) {}
    }
    const cyclic: Record<string, unknown> = { citizenRef: new Citizen("c-1", "Martin") };
    cyclic.self = cyclic;
    expect(redactPersonalData(cyclic)).toEqual({
      citizenRef: { id: "c-1", lastName: REDACTED },
      self: "[circular]",
    });
    expect((cyclic.citizenRef as Citizen).lastName).toBe("Martin");
  });

  it("lists snake_case variants for query-string redaction", () => {
    expect(personalDataQueryParams()).toEqual(expect.arrayContaining(["email", "firstName", "first_name"]));
  });
});
