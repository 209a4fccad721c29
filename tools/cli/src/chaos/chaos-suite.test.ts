import type { CaughtMessage } from "@guichet/mailcatcher";
import { describe, expect, it } from "vitest";
import { MailLedger, MESSAGE_ID_DOMAIN } from "./chaos-platform.ts";
import {
  countRows,
  type FaultRow,
  formatTable,
  NOTIFICATION_IN_FLIGHT,
  type RowWindow,
  verdict,
} from "./chaos-suite.ts";
import type { Submission } from "./load.ts";

const row = (overrides: Partial<FaultRow> = {}): FaultRow => ({
  fault: "kill -9 intake",
  note: "",
  sent: 10,
  accepted: 10,
  refused: 0,
  stored: 10,
  acknowledged: 10,
  duplicates: 0,
  resent: 0,
  lost: 0,
  retries: 3,
  recoverySeconds: 4.25,
  restarts: 1,
  selfRecovered: true,
  ...overrides,
});

let caughtIds = 0;
const caught = (messageId: string | null, at = 0, to = "x@example.org") =>
  ({
    id: `caught-${++caughtIds}`,
    messageId,
    envelope: { from: "mairie@example.org", to: [to] },
    receivedAt: new Date(at).toISOString(),
  }) as unknown as CaughtMessage;

describe("the chaos verdict", () => {
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

  it("allows a resend of the same message after a kill -9 of notification only, up to its in-flight bound", () => {
    const notification = "kill -9 notification";
    expect(verdict([row({ fault: notification, resent: NOTIFICATION_IN_FLIGHT })])).toEqual([]);
    expect(verdict([row({ fault: notification, resent: NOTIFICATION_IN_FLIGHT + 1 })])).toEqual([
      `kill -9 notification : ${NOTIFICATION_IN_FLIGHT + 1} renvoi(s) du même message, au-delà des ${NOTIFICATION_IN_FLIGHT} envois en cours`,
    ]);
    expect(verdict([row({ fault: "kill -9 routing", resent: 1 })])).toEqual([
      "kill -9 routing : 1 renvoi(s) du même message",
    ]);
    expect(verdict([row({ fault: "panne du serveur SMTP", resent: 1 })])).toHaveLength(1);
    // A second, different acknowledgement is never excused, not even after a kill -9 of notification.
    expect(verdict([row({ fault: notification, duplicates: 1 })])).toEqual([
      "kill -9 notification : 1 accusé(s) en double",
    ]);
  });
});

describe("counting resends and duplicates", () => {
  const windows: RowWindow[] = ["kill -9 routing", "kill -9 notification", "kill -9 reporting"].map((fault, i) => ({
    fault,
    note: "",
    startedAt: i * 100,
    injectedAt: i * 100 + 10,
    clearedAt: i * 100 + 10,
    readyAt: i * 100 + 20,
    restarts: 1,
    killedRestarted: true,
  }));
  const submission = (index: number, row: string): Submission => ({
    index,
    row,
    idempotencyKey: `k${index}`,
    email: `citizen${index}@example.org`,
    attempts: 1,
    setbacks: [],
    acceptedAt: 5 + index,
    requestId: `00000000-0000-4000-8000-00000000000${index}`,
  });
  const id = (kind: string, s: Submission) => `<${kind}-${s.requestId}@${MESSAGE_ID_DOMAIN}>`;
  const delivered = (s: Submission, at: number) => [
    caught(id("registration", s), at, s.email),
    caught(id("acknowledgement", s), at, s.email),
  ];
  const count = (submissions: Submission[], mail: MailLedger, extraRows = new Map<string, number>()) =>
    Object.fromEntries(
      countRows(windows, submissions, {
        mail,
        stored: new Set(submissions.map((s) => s.requestId ?? "")),
        extraRows,
      }).map((r) => [r.fault, { duplicates: r.duplicates, resent: r.resent, lost: r.lost }]),
    );

  it("counts a second copy of one Message-ID as a resend in the row during which it arrived", () => {
    const early = submission(1, "kill -9 routing");
    const mail = new MailLedger();
    mail.collect(delivered(early, 50));
    // The request came from the routing row; notification was killed while sending its acknowledgement.
    mail.collect([caught(id("acknowledgement", early), 150, early.email)]);
    const rows = count([early], mail);
    expect(rows["kill -9 routing"]).toEqual({ duplicates: 0, resent: 0, lost: 0 });
    expect(rows["kill -9 notification"]).toEqual({ duplicates: 0, resent: 1, lost: 0 });
    expect(
      verdict(countRows(windows, [early], { mail, stored: new Set([early.requestId ?? ""]), extraRows: new Map() })),
    ).toEqual([]);
  });

  it("fails a resend that arrives during another fault's row", () => {
    const s = submission(2, "kill -9 notification");
    const mail = new MailLedger();
    mail.collect([...delivered(s, 150), caught(id("registration", s), 250, s.email)]);
    const rows = countRows(windows, [s], { mail, stored: new Set([s.requestId ?? ""]), extraRows: new Map() });
    expect(rows.map((r) => r.resent)).toEqual([0, 0, 1]);
    expect(verdict(rows)).toEqual(["kill -9 reporting : 1 renvoi(s) du même message"]);
  });

  it("counts a second queue row, or a message that is not the deterministic one, as a duplicate", () => {
    const twoRows = submission(3, "kill -9 notification");
    const foreign = submission(4, "kill -9 notification");
    const mail = new MailLedger();
    mail.collect([...delivered(twoRows, 150), ...delivered(foreign, 150)]);
    mail.collect([caught("<another-id@elsewhere.example>", 160, foreign.email), caught(null, 170, foreign.email)]);
    const rows = countRows(windows, [twoRows, foreign], {
      mail,
      stored: new Set([twoRows.requestId ?? "", foreign.requestId ?? ""]),
      extraRows: new Map([[twoRows.requestId ?? "", 1]]),
    });
    expect(rows[1]).toMatchObject({ duplicates: 3, resent: 0, lost: 0 });
    expect(verdict(rows)).toEqual(["kill -9 notification : 3 accusé(s) en double"]);
  });
});

describe("the chaos table", () => {
  it("prints one aligned Markdown row per fault, with duplicates and resends in two columns", () => {
    const lines = formatTable([
      row({ resent: 2 }),
      row({ fault: "panne du serveur SMTP", note: "arrêt 20 s", recoverySeconds: null }),
    ]).split("\n");
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[0]).toContain("| accusés en double | renvois du même message |");
    expect(lines[2]).toMatch(/\| 0 +\| 2 +\|/);
    expect(lines[2]).toContain("| 4.3 s ");
    expect(lines[3]).toContain("panne du serveur SMTP (arrêt 20 s)");
    expect(lines[3]).toContain("| —");
  });
});

describe("MailLedger", () => {
  it("counts arrivals per Message-ID across catcher restarts, each caught message once", () => {
    const ledger = new MailLedger();
    const a = caught("<a@x>", 1);
    const b = caught("<b@x>", 2, "y@example.org");
    ledger.collect([a, b]);
    ledger.collect([a, b]);
    // The same Message-ID received again (a resend, caught as a new message).
    ledger.collect([caught("<a@x>", 3)]);
    expect(ledger.count("<a@x>")).toBe(2);
    expect(ledger.firstAt("<a@x>")).toBe(1);
    expect(ledger.count("<b@x>")).toBe(1);
    expect(ledger.count("<c@x>")).toBe(0);
    expect(ledger.deliveriesTo("X@example.org").map((d) => d.messageId)).toEqual(["<a@x>", "<a@x>"]);
  });
});
