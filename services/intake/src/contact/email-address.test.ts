import { describe, expect, it } from "vitest";
import { normaliseEmailAddress } from "./email-address.ts";

describe("normaliseEmailAddress", () => {
  it.each([
    ["jean.dupont@courriel.example", "jean.dupont@courriel.example"],
    ["  Jean.Dupont@Courriel.EXAMPLE ", "Jean.Dupont@courriel.example"],
    ["<marie@webmail.example>", "marie@webmail.example"],
    ["mailto:marie@webmail.example", "marie@webmail.example"],
    ["paul+mairie@mail.example", "paul+mairie@mail.example"],
    ["rené@café.example", null],
    ["andre@café.example", "andre@xn--caf-dma.example"],
  ])("%j → %j", (input, address) => {
    const result = normaliseEmailAddress(input);
    if (address === null) expect(result.ok).toBe(false);
    else expect(result).toEqual({ ok: true, address });
  });

  it.each([
    ["", "empty"],
    ["jean.dupont", "missing-at"],
    ["@courriel.example", "missing-at"],
    ["jean@", "missing-at"],
    ["jean@localhost", "invalid-domain"],
    ["jean dupont@courriel.example", "invalid-syntax"],
    [`${"a".repeat(250)}@x.example`, "too-long"],
  ])("%j is refused (%s)", (input, reason) => {
    expect(normaliseEmailAddress(input)).toEqual({ ok: false, error: { code: "invalid-email", reason } });
  });
});
