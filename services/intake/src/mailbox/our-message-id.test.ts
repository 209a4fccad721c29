import { describe, expect, it } from "vitest";
import { requestIdOfOurMessageId } from "./our-message-id.ts";

const id = "0b7c3d3e-8a55-4d0e-9a43-5d8e2f0c1a2b";

describe("requestIdOfOurMessageId", () => {
  it("reads the request id of notification's Message-IDs, with or without brackets", () => {
    expect(requestIdOfOurMessageId(`acknowledgement-${id}@guichet.example`, "guichet.example")).toBe(id);
    expect(requestIdOfOurMessageId(`<registration-${id}@Guichet.Example>`, "guichet.example")).toBe(id);
    expect(requestIdOfOurMessageId(`letter-fallback-${id.toUpperCase()}@guichet.example`, "guichet.example")).toBe(id);
  });

  it("ignores other domains and other shapes", () => {
    expect(requestIdOfOurMessageId(`acknowledgement-${id}@elsewhere.example`, "guichet.example")).toBeNull();
    expect(requestIdOfOurMessageId("CAF=abc123@mail.gmail.com", "guichet.example")).toBeNull();
    expect(requestIdOfOurMessageId(`${id}@guichet.example`, "guichet.example")).toBeNull();
  });
});
