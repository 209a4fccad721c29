import { describe, expect, it } from "vitest";
import { canMoveTo, statusAfterFollowUp } from "./desk-status.ts";

describe("desk statuses", () => {
  it("lets agents move forward, reopen a closed case, but never set new by hand", () => {
    expect(canMoveTo("new", "in-progress")).toBe(true);
    expect(canMoveTo("waiting-citizen", "closed")).toBe(true);
    expect(canMoveTo("closed", "in-progress")).toBe(true);
    expect(canMoveTo("closed", "answered")).toBe(false);
    expect(canMoveTo("in-progress", "new")).toBe(false);
    expect(canMoveTo("in-progress", "in-progress")).toBe(false);
  });

  it("brings a case waiting for the citizen or answered back to in-progress on a follow-up, not a closed one", () => {
    expect(statusAfterFollowUp("waiting-citizen")).toBe("in-progress");
    expect(statusAfterFollowUp("answered")).toBe("in-progress");
    expect(statusAfterFollowUp("closed")).toBe("closed");
    expect(statusAfterFollowUp("new")).toBe("new");
  });
});
