import { describe, expect, it } from "vitest";
import { DEFAULT_TRIAGE_CONFIG } from "../config.ts";
import { triageAcknowledgementDue, triageHandling } from "./triage-deadline.ts";

const oneDay = { acknowledgementBusinessDays: 1, marginMinutes: 180 };

describe("acknowledgement deadline of a request waiting in triage (jours ouvrés, Europe/Paris)", () => {
  it("ends with the next jour ouvré after the day of receipt, the margin before it", () => {
    // Tuesday 1 December 2026, 10:00 Paris → end of Wednesday 2 December (Paris, UTC+1).
    const { deadline, dueAt } = triageAcknowledgementDue(new Date("2026-12-01T09:00:00Z"), oneDay);
    expect(deadline.toISOString()).toBe("2026-12-02T22:59:59.999Z");
    expect(dueAt.toISOString()).toBe("2026-12-02T19:59:59.999Z");
  });

  it("skips week-ends and public holidays, and counts from the Paris day of receipt", () => {
    // Thursday 24 December 2026 → Friday 25 is Christmas → Monday 28 December.
    expect(triageAcknowledgementDue(new Date("2026-12-24T16:00:00Z"), oneDay).deadline.toISOString()).toBe(
      "2026-12-28T22:59:59.999Z",
    );
    // 23:30 UTC on Friday 4 December is already Saturday 5 in Paris: Monday 7 is the first jour ouvré.
    expect(triageAcknowledgementDue(new Date("2026-12-04T23:30:00Z"), oneDay).deadline.toISOString()).toBe(
      "2026-12-07T22:59:59.999Z",
    );
    // Two jours ouvrés from Friday 22 May 2026: Monday 25 May (Pentecost Monday) is a holiday.
    expect(
      triageAcknowledgementDue(new Date("2026-05-22T08:00:00Z"), {
        ...oneDay,
        acknowledgementBusinessDays: 2,
      }).deadline.toISOString(),
    ).toBe("2026-05-27T21:59:59.999Z");
  });

  it("never schedules before the receipt itself", () => {
    const receivedAt = new Date("2026-12-01T09:00:00Z");
    const { dueAt } = triageAcknowledgementDue(receivedAt, { acknowledgementBusinessDays: 1, marginMinutes: 720 * 4 });
    expect(dueAt.getTime()).toBe(receivedAt.getTime());
  });

  it("names the reception service, without a regime nor a commitment before qualification", () => {
    const handling = triageHandling("accueil", DEFAULT_TRIAGE_CONFIG);
    expect(handling.service).toMatchObject({ id: "accueil", name: "Accueil et orientation" });
    expect(handling.subject).toBeNull();
    expect(handling.targets.firstResponseBusinessDays).toBe(0);
  });
});
