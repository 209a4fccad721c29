import type { CaughtMessage } from "@guichet/mailcatcher";
import { describe, expect, it } from "vitest";
import { MailLedger } from "./chaos-platform.ts";
import { type FaultRow, formatTable, verdict } from "./chaos-suite.ts";

const row = (overrides: Partial<FaultRow> = {}): FaultRow => ({
  fault: "kill -9 intake",
  note: "",
  sent: 10,
  accepted: 10,
  refused: 0,
  stored: 10,
  acknowledged: 10,
  duplicates: 0,
  lost: 0,
  retries: 3,
  recoverySeconds: 4.25,
  restarts: 1,
  selfRecovered: true,
  ...overrides,
});

const caught = (id: string, messageId: string) =>
  ({ id, messageId, receivedAt: "2026-12-04T20:00:00.000Z" }) as unknown as CaughtMessage;

describe("the chaos table", () => {
  it("passes a row with nothing lost, duplicated or refused, and names every problem otherwise", () => {
    expect(verdict([row()])).toEqual([]);
    expect(
      verdict([row({ lost: 2, acknowledged: 8, duplicates: 1, stored: 9, refused: 1, selfRecovered: false })]),
    ).toEqual([
      "kill -9 intake : 2 demande(s) acceptée(s) sans accusé",
      "kill -9 intake : 1 accusé(s) en double",
      "kill -9 intake : 1 demande(s) non enregistrée(s)",
      "kill -9 intake : 1 demande(s) jamais acceptée(s)",
      "kill -9 intake : la plateforme n’est pas revenue seule",
    ]);
  });

  it("prints one aligned Markdown row per fault", () => {
    const lines = formatTable([
      row(),
      row({ fault: "panne du serveur SMTP", note: "arrêt 20 s", recoverySeconds: null }),
    ]).split("\n");
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[2]).toContain("| 4.3 s ");
    expect(lines[3]).toContain("panne du serveur SMTP (arrêt 20 s)");
    expect(lines[3]).toContain("| —");
  });
});

describe("MailLedger", () => {
  it("counts arrivals per Message-ID across catcher restarts, each caught message once", () => {
    const ledger = new MailLedger();
    ledger.collect([caught("1", "<a@x>"), caught("2", "<b@x>")]);
    ledger.collect([caught("1", "<a@x>"), caught("2", "<b@x>")]);
    // The same Message-ID received again (a resend, caught as a new message): a duplicate.
    ledger.collect([caught("3", "<a@x>")]);
    expect(ledger.count("<a@x>")).toBe(2);
    expect(ledger.count("<b@x>")).toBe(1);
    expect(ledger.count("<c@x>")).toBe(0);
  });
});
