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
});
