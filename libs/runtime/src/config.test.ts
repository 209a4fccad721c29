import { describe, expect, it } from "vitest";
import { z } from "zod";
import { baseEnvSchema, ConfigError, parseEnv } from "./config.ts";

const schema = baseEnvSchema.extend({ INTAKE_PORT: z.coerce.number().int().min(1).max(65535) });

describe("parseEnv", () => {
  it("applies defaults and coerces", () => {
    const env = parseEnv(schema, { DATABASE_URL: "postgres://localhost/x", INTAKE_PORT: "3001" });
    expect(env.INTAKE_PORT).toBe(3001);
    expect(env.GUICHET_NAMESPACE).toBe("guichet");
    expect(env.NATS_URL).toBe("nats://127.0.0.1:4222");
  });

  it("names every wrong or missing variable", () => {
    try {
      parseEnv(schema, { INTAKE_PORT: "http", GUICHET_NAMESPACE: "Bad Name" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toMatch(/DATABASE_URL: .*\(not set\)/);
      expect(message).toMatch(/INTAKE_PORT: /);
      expect(message).toMatch(/GUICHET_NAMESPACE: lower-case letters/);
    }
  });

  it("refuses a database URL that is not PostgreSQL", () => {
    expect(() => parseEnv(schema, { DATABASE_URL: "mysql://localhost/x", INTAKE_PORT: "1" })).toThrow(/DATABASE_URL/);
  });

  it("refuses default or example secrets and demo accounts in production, names each", () => {
    const base = { DATABASE_URL: "postgres://localhost/x", INTAKE_PORT: "1" };
    expect(() => parseEnv(schema, { ...base, NODE_ENV: "production" })).toThrow(
      /GUICHET_IDENTITY_SECRET: the development default/,
    );
    const example = "change-me-to-64-hex-characters-0000000000000000000000000000000000";
    expect(() => parseEnv(schema, { ...base, GUICHET_ENV: "production", GUICHET_IDENTITY_SECRET: example })).toThrow(
      /GUICHET_IDENTITY_SECRET/,
    );
    const secret = "4f1c9a0e7b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c";
    expect(() =>
      parseEnv(schema, { ...base, NODE_ENV: "production", GUICHET_IDENTITY_SECRET: secret, GUICHET_DEMO: "true" }),
    ).toThrow(/GUICHET_DEMO/);
    expect(parseEnv(schema, { ...base, NODE_ENV: "production", GUICHET_IDENTITY_SECRET: secret }).INTAKE_PORT).toBe(1);
    // Development keeps its defaults; GUICHET_ENV overrides NODE_ENV.
    expect(() => parseEnv(schema, { ...base, NODE_ENV: "production", GUICHET_ENV: "development" })).not.toThrow();
  });
});
