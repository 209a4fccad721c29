import { describe, expect, it } from "vitest";
import { CaughtMessageStore, type StoredMessage } from "./caught-message.store.ts";

function stored(id: string, to = "agent@loire-authion.fr"): StoredMessage {
  return {
    raw: Buffer.from(`Subject: ${id}\r\n\r\nbody`),
    summary: {
      id,
      receivedAt: new Date().toISOString(),
      envelope: { from: "mairie@loire-authion.fr", to: [to] },
      from: "mairie@loire-authion.fr",
      to: [to],
      subject: id,
      messageId: null,
      inReplyTo: null,
      references: [],
      headers: {},
      text: "body",
      html: null,
      attachments: [],
    },
  };
}

describe("CaughtMessageStore", () => {
  it("keeps only the newest maxMessages, in arrival order", () => {
    const store = new CaughtMessageStore(3);
    for (const id of ["m1", "m2", "m3", "m4", "m5"]) store.add(stored(id));
    expect(store.messages().map((message) => message.id)).toEqual(["m3", "m4", "m5"]);
    expect(store.find("m1")).toBeUndefined();
  });

  it("rejects a non-positive bound", () => {
    expect(() => new CaughtMessageStore(0)).toThrow(RangeError);
  });

  it("resolves a wait with messages already there and ones arriving later", async () => {
    const store = new CaughtMessageStore();
    store.add(stored("m1"));
    const waiting = store.waitFor((message) => message.to.includes("agent@loire-authion.fr"), { count: 2 });
    store.add(stored("m2", "other@example.fr"));
    store.add(stored("m3"));
    expect((await waiting).map((message) => message.id)).toEqual(["m1", "m3"]);
  });

  it("rejects a wait on timeout, saying how many matched", async () => {
    const store = new CaughtMessageStore();
    store.add(stored("m1"));
    await expect(store.waitFor(() => true, { count: 2, timeoutMs: 20 })).rejects.toThrow(/1 matched out of 1/);
  });

  it("rejects pending waits when closed", async () => {
    const store = new CaughtMessageStore();
    const waiting = store.waitFor(() => true);
    store.close();
    await expect(waiting).rejects.toThrow(/stopped/);
  });
});
