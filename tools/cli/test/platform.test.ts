import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "@guichet/testing";
import { afterAll, describe, expect } from "vitest";
import { forgetPlatform, platformDatabaseUrl, platformNatsUrl, recordPlatform } from "../src/platform.ts";

const dir = mkdtempSync(join(tmpdir(), "guichet-platform-"));
const record = join(dir, "platform.json");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A server nobody listens on: port 9 (discard) on loopback refuses at once.
const DEAD_POSTGRES = "postgres://postgres@127.0.0.1:9/postgres";

describe("finding the platform the way `guichet start` does", () => {
  test("the option, then DATABASE_URL, then what `guichet start` recorded", async ({ database, natsUrl }) => {
    recordPlatform({ databaseUrl: database.url, natsUrl }, record);
    expect(await platformDatabaseUrl("postgres://explicit/db", { DATABASE_URL: "postgres://env/db" }, record)).toBe(
      "postgres://explicit/db",
    );
    expect(await platformDatabaseUrl(undefined, { DATABASE_URL: "postgres://env/db" }, record)).toBe(
      "postgres://env/db",
    );
    expect(await platformDatabaseUrl(undefined, {}, record)).toBe(database.url);
    expect(await platformNatsUrl(undefined, {}, record)).toBe(natsUrl);
    expect(await platformNatsUrl(undefined, { NATS_URL: "nats://elsewhere:4222" }, record)).toBe(
      "nats://elsewhere:4222",
    );
    await expect(platformDatabaseUrl("", {}, record)).rejects.toThrow("--database-url is empty");
    forgetPlatform(record);
  });

  test("a record whose server is gone is passed over; with nothing found, the error says what to do", async () => {
    recordPlatform({ databaseUrl: DEAD_POSTGRES, natsUrl: "nats://127.0.0.1:9" }, record);
    await expect(platformDatabaseUrl(undefined, { GUICHET_POSTGRES_ADMIN_URL: DEAD_POSTGRES }, record)).rejects.toThrow(
      /aucune base Guichet trouvée : démarrez la plateforme \(`npm start`/,
    );
    expect(await platformNatsUrl(undefined, {}, record)).toBe("nats://127.0.0.1:4222");
    forgetPlatform(record);
  });
});
