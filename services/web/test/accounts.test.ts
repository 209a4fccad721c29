import { createTestDatabase, type TestDatabase } from "@guichet/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyPassword } from "../src/auth/password.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadWebConfig, openAccounts } from "../src/index.ts";

let database: TestDatabase;
let accounts: Awaited<ReturnType<typeof openAccounts>>;

beforeAll(async () => {
  database = await createTestDatabase(inject("postgresAdminUrl"));
  accounts = await openAccounts(database.url);
});
afterAll(async () => {
  await accounts?.close();
  await database?.drop();
});

describe("accounts without the server (guichet users, guichet start)", () => {
  it("creates the demo accounts only in demo mode, once", async () => {
    await expect(accounts.seedDemoUsers({ demo: false })).rejects.toThrow(/GUICHET_DEMO=true/);
    expect(await accounts.users.list()).toEqual([]);
    expect(await accounts.seedDemoUsers({ demo: true })).toEqual(DEMO_ACCOUNTS.map((a) => a.id));
    expect(await accounts.seedDemoUsers({ demo: true })).toEqual([]);
    const reception = await accounts.users.find("accueil");
    expect(reception).toMatchObject({ roles: ["reception"], allServices: true });
    expect(await verifyPassword(DEMO_PASSWORD, reception?.passwordHash ?? "")).toBe(true);
  });

  it("refuses short passwords, duplicate ids and unknown roles", async () => {
    await expect(
      accounts.manageUsers.create({ id: "court", name: "Court", roles: ["agent"], password: "court" }, "test"),
    ).rejects.toMatchObject({ code: "validation" });
    await expect(
      accounts.manageUsers.create(
        { id: "admin", name: "Autre", roles: ["admin"], password: "un mot de passe long" },
        "test",
      ),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(
      accounts.manageUsers.create(
        { id: "maire", name: "Maire", roles: ["mayor" as never], password: "un mot de passe long" },
        "test",
      ),
    ).rejects.toMatchObject({ code: "validation" });
  });

  it("changes a password and unlocks", async () => {
    await accounts.users.recordFailure("voirie", 1, 15, new Date());
    expect((await accounts.users.find("voirie"))?.lockedUntil).not.toBeNull();
    await accounts.manageUsers.unlock("voirie", "test");
    expect((await accounts.users.find("voirie"))?.lockedUntil).toBeNull();
    await accounts.manageUsers.setPassword("voirie", "nouveau mot de passe 2026", "test");
    expect(
      await verifyPassword("nouveau mot de passe 2026", (await accounts.users.find("voirie"))?.passwordHash ?? ""),
    ).toBe(true);
  });
});

describe("configuration", () => {
  const base = { DATABASE_URL: "postgres://localhost/x" };

  it("refuses a town colour that white text cannot be read on", () => {
    expect(() => loadWebConfig({ ...base, GUICHET_TOWN_PRIMARY_COLOR: "#ffcc00" })).toThrow(
      /GUICHET_TOWN_PRIMARY_COLOR/,
    );
    expect(loadWebConfig({ ...base, GUICHET_TOWN_PRIMARY_COLOR: "#8B0000" }).town.primaryColor).toBe("#8b0000");
  });

  it("enables OpenID Connect only with a complete client and a valid role map", () => {
    expect(loadWebConfig(base).oidc).toBeNull();
    expect(() => loadWebConfig({ ...base, OIDC_ISSUER_URL: "https://sso.example" })).toThrow(/OIDC_CLIENT_ID/);
    const oidc = { ...base, OIDC_ISSUER_URL: "https://sso.example", OIDC_CLIENT_ID: "g", OIDC_CLIENT_SECRET: "s" };
    expect(() => loadWebConfig({ ...oidc, OIDC_ROLE_MAP: "GG-X:mayor" })).toThrow(/OIDC_ROLE_MAP/);
    expect(loadWebConfig({ ...oidc, OIDC_ROLE_MAP: "GG-Voirie:agent" }).oidc?.roleMap.get("GG-Voirie")).toBe("agent");
  });
});
