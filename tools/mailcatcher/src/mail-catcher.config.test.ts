import { describe, expect, it } from "vitest";
import { readMailCatcherConfig } from "./mail-catcher.config.ts";

describe("readMailCatcherConfig", () => {
  it("defaults to 1025/1080 on loopback", () => {
    expect(readMailCatcherConfig({})).toEqual({ smtpPort: 1025, httpPort: 1080, host: "127.0.0.1" });
  });

  it("reads ports and host", () => {
    expect(
      readMailCatcherConfig({ MAILCATCHER_SMTP_PORT: "2525", MAILCATCHER_HTTP_PORT: "0", MAILCATCHER_HOST: "0.0.0.0" }),
    ).toEqual({ smtpPort: 2525, httpPort: 0, host: "0.0.0.0" });
  });

  it("rejects an invalid port", () => {
    expect(() => readMailCatcherConfig({ MAILCATCHER_SMTP_PORT: "smtp" })).toThrow(/MAILCATCHER_SMTP_PORT/);
  });
});
