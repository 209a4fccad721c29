import { ConfigError } from "@guichet/runtime";
import { describe, expect, it } from "vitest";
import { loadIntakeConfig } from "../config.ts";

const base = { DATABASE_URL: "postgres://u@127.0.0.1:5432/db" };

describe("e-mail configuration", () => {
  it("is off by default and knows our own sending address", () => {
    const { email } = loadIntakeConfig(base);
    expect(email.smtp).toBeNull();
    expect(email.imap).toBeNull();
    expect(email.ownAddresses).toEqual(["ne-pas-repondre@mairie.loire-authion.example"]);
  });

  it("counts notification's Reply-To among our own addresses", () => {
    const { email } = loadIntakeConfig({ ...base, MAIL_REPLY_TO: "Accueil <Accueil@Loire-Authion.example>" });
    expect(email.ownAddresses).toEqual([
      "ne-pas-repondre@mairie.loire-authion.example",
      "accueil@loire-authion.example",
    ]);
  });

  it("reads the SMTP receiver and the IMAP poller settings", () => {
    const { email } = loadIntakeConfig({
      ...base,
      INTAKE_SMTP_ENABLED: "true",
      INTAKE_SMTP_RECIPIENTS: "Mairie.Example, accueil@autre.example",
      INTAKE_IMAP_HOST: "imap.example",
      INTAKE_IMAP_USER: "guichet",
      INTAKE_IMAP_PASSWORD: "secret",
      INTAKE_IMAP_TLS: "false",
      INTAKE_EMAIL_OWN_ADDRESSES: "Alertes@Mairie.Example",
    });
    expect(email.smtp).toMatchObject({ port: 2525, recipients: ["mairie.example", "accueil@autre.example"] });
    expect(email.imap).toMatchObject({ host: "imap.example", port: 993, tls: false, mailbox: "INBOX" });
    expect(email.ownAddresses).toContain("alertes@mairie.example");
  });

  it("names each missing or wrong variable", () => {
    const attempt = () =>
      loadIntakeConfig({
        ...base,
        INTAKE_SMTP_ENABLED: "true",
        INTAKE_IMAP_HOST: "imap.example",
        INTAKE_IMAP_TLS: "peut-être",
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/INTAKE_IMAP_TLS/);
    const second = () => loadIntakeConfig({ ...base, INTAKE_SMTP_ENABLED: "true", INTAKE_IMAP_HOST: "imap.example" });
    expect(second).toThrow(/INTAKE_SMTP_RECIPIENTS: required/);
    expect(second).toThrow(/INTAKE_IMAP_USER: required/);
    expect(second).toThrow(/INTAKE_IMAP_PASSWORD: required/);
    expect(() => loadIntakeConfig({ ...base, INTAKE_SMTP_RECIPIENTS: "pas un domaine" })).toThrow(
      /INTAKE_SMTP_RECIPIENTS: not a domain or an address: pas un domaine/,
    );
  });
});
