import { describe, expect, it } from "vitest";
import { assertDurableName, assertNamespace, isDeadLetterSubject, streamNameOf } from "./subject.naming.ts";

describe("subject naming", () => {
  it("derives the stream name from the namespace", () => {
    expect(streamNameOf("guichet")).toBe("GUICHET");
    expect(streamNameOf("t-ab_1")).toBe("T_AB_1");
  });

  it("refuses namespaces and durables that would span several subject tokens", () => {
    expect(() => assertNamespace("guichet.prod")).toThrow();
    expect(() => assertNamespace("*")).toThrow();
    expect(() => assertDurableName("routing.v2")).toThrow();
    expect(() => assertDurableName("routing")).not.toThrow();
  });

  it("recognises dead-letter subjects", () => {
    expect(isDeadLetterSubject("guichet", "guichet.dlq.routing")).toBe(true);
    expect(isDeadLetterSubject("guichet", "guichet.request.received.v1")).toBe(false);
  });
});
