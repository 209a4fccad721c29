import { describe, expect, it } from "vitest";
import type { CtiEvent } from "./cti-event.schema.ts";
import { consolidate } from "./record-cti-event.usecase.ts";

const offered: CtiEvent = {
  event: "call.offered",
  callId: "c-1",
  occurredAt: "2026-03-02T09:00:00+01:00",
  siteId: "annexe-andard",
  caller: "02 41 57 30 12",
  queue: "accueil",
};

describe("consolidating CTI events into one call", () => {
  it("measures wait and talk from an answered call's events", () => {
    const answered: CtiEvent = {
      event: "call.answered",
      callId: "c-1",
      occurredAt: "2026-03-02T09:00:25+01:00",
      agent: "m.lefevre",
    };
    const ended: CtiEvent = {
      event: "call.ended",
      callId: "c-1",
      occurredAt: "2026-03-02T09:03:25+01:00",
      cause: "normal",
    };
    expect(consolidate([offered, answered, ended], ended)).toMatchObject({
      key: "cti:annexe-andard:c-1",
      caller: "+33241573012",
      outcome: "answered",
      waitSeconds: 25,
      talkSeconds: 180,
      agentId: "m.lefevre",
      queue: "accueil",
    });
  });

  it("tells an abandoned call from a missed one by the hang-up cause", () => {
    const hangUp: CtiEvent = {
      event: "call.ended",
      callId: "c-1",
      occurredAt: "2026-03-02T09:01:00+01:00",
      cause: "caller-hangup",
      agent: "x",
    };
    expect(consolidate([offered, hangUp], hangUp)).toMatchObject({
      outcome: "abandoned",
      waitSeconds: 60,
      talkSeconds: 0,
      agentId: null,
    });
    const noAnswer: CtiEvent = { ...hangUp, cause: "no-answer" };
    expect(consolidate([offered, noAnswer], noAnswer).outcome).toBe("missed");
  });

  it("makes do with a hang-up alone, the caller withheld", () => {
    const ended: CtiEvent = {
      event: "call.ended",
      callId: "c-2",
      occurredAt: "2026-03-02T09:01:00+01:00",
      caller: "anonymous",
    };
    expect(consolidate([ended], ended)).toMatchObject({
      key: "cti:-:c-2",
      callerStatus: "withheld",
      caller: null,
      outcome: "missed",
      waitSeconds: 0,
    });
  });
});
