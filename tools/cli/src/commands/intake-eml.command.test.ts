import { describe, expect, it } from "vitest";
import { topReceivedDate } from "./intake-eml.command.ts";

describe("topReceivedDate", () => {
  it("takes the date of the first (most recent) Received header, folded lines included", () => {
    const raw = Buffer.from(
      "Received: from mx1 (mx1 [192.0.2.25])\r\n\tby imap with ESMTPS id 1\r\n\tfor <a@b.example>; Fri, 16 Jan 2026 23:58:41 +0100 (CET)\r\n" +
        "Received: from far by mx1; Fri, 16 Jan 2026 23:50:00 +0100\r\nSubject: x\r\n\r\nReceived: in the body; Sat, 1 Jan 2000 00:00:00 +0000\r\n",
    );
    expect(topReceivedDate(raw)?.toISOString()).toBe("2026-01-16T22:58:41.000Z");
  });

  it("is null without a Received header in the header block, or without a date", () => {
    expect(
      topReceivedDate(Buffer.from("Subject: x\r\n\r\nReceived: from a; Fri, 16 Jan 2026 23:58:41 +0100\r\n")),
    ).toBeNull();
    expect(topReceivedDate(Buffer.from("Received: from a by b\r\nSubject: x\r\n\r\n"))).toBeNull();
  });
});
