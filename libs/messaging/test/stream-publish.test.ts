import { ContractError } from "@guichet/contracts";
import { describe, expect } from "vitest";
import { requestReceived, test } from "./messaging.fixture.ts";

describe("stream and publishing", () => {
  test("provisions the stream idempotently", async ({ messaging, admin, namespace }) => {
    await messaging.ensureStream();
    await messaging.ensureStream();
    const info = await admin.jsm.streams.info(messaging.streamName);
    expect(info.config).toMatchObject({
      subjects: [`${namespace}.>`],
      storage: "file",
      retention: "limits",
      duplicate_window: 120_000_000_000,
      num_replicas: 1,
    });
  });

  test("de-duplicates by event id", async ({ messaging }) => {
    const event = requestReceived();
    const first = await messaging.publish(event);
    const second = await messaging.publish(event);
    expect(first).toEqual({ seq: 1, duplicate: false });
    expect(second).toEqual({ seq: 1, duplicate: true });
    const { stream } = await messaging.status();
    expect(stream).toMatchObject({ name: messaging.streamName, messages: 1, lastSeq: 1 });
  });

  test("publishes to the event's versioned subject", async ({ messaging, admin, namespace }) => {
    const { seq } = await messaging.publish(requestReceived());
    const stored = await admin.jsm.streams.getMessage(messaging.streamName, { seq });
    expect(stored?.subject).toBe(`${namespace}.request.received.v1`);
  });

  test("refuses an event its consumers would reject", async ({ messaging }) => {
    const event = { ...requestReceived(), data: { requestId: "not-a-uuid" } };
    await expect(messaging.publish(event)).rejects.toBeInstanceOf(ContractError);
  });
});
