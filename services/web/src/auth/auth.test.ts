import { describe, expect, it } from "vitest";
import { accessFromClaims } from "./oidc-claims.ts";
import { hashPassword, passwordProblem, verifyPassword } from "./password.ts";
import { isSessionAlive } from "./session.store.ts";

describe("password hashing", () => {
  it("verifies the right password only, with a different salt every time", async () => {
    const first = await hashPassword("correct horse battery staple");
    const second = await hashPassword("correct horse battery staple");
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword("correct horse battery staple", first)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", first)).toBe(false);
    expect(await verifyPassword("anything", "not-a-hash")).toBe(false);
  });

  it("keeps the parameters with the hash, so older hashes stay valid when they are raised", async () => {
    const weak = await hashPassword("a long enough password", { N: 1024, r: 8, p: 1 });
    expect(weak.startsWith("scrypt$1024$8$1$")).toBe(true);
    expect(await verifyPassword("a long enough password", weak)).toBe(true);
  });

  it("asks for at least 12 characters", () => {
    expect(passwordProblem("short")).toMatch(/12 caractères/);
    expect(passwordProblem("twelve chars")).toBeNull();
  });
});

describe("session expiry", () => {
  const policy = { idleMinutes: 30, absoluteHours: 10 };
  const created = new Date("2026-11-28T08:00:00Z");

  it("ends after 30 idle minutes", () => {
    const session = { userId: "u", createdAt: created, lastSeenAt: new Date("2026-11-28T09:00:00Z") };
    expect(isSessionAlive(session, policy, new Date("2026-11-28T09:29:59Z"))).toBe(true);
    expect(isSessionAlive(session, policy, new Date("2026-11-28T09:30:00Z"))).toBe(false);
  });

  it("ends after 10 hours even when active", () => {
    const session = { userId: "u", createdAt: created, lastSeenAt: new Date("2026-11-28T17:59:00Z") };
    expect(isSessionAlive(session, policy, new Date("2026-11-28T17:59:30Z"))).toBe(true);
    expect(isSessionAlive(session, policy, new Date("2026-11-28T18:00:00Z"))).toBe(false);
  });
});

describe("directory claims", () => {
  const mapping = {
    rolesClaim: "groups",
    servicesClaim: "services",
    roleMap: new Map([
      ["GG-Voirie", "agent" as const],
      ["GG-Accueil", "reception" as const],
      ["admin", "admin" as const],
    ]),
  };

  it("maps groups to roles, ignores unknown groups, and keeps the services", () => {
    const access = accessFromClaims(
      { sub: "42", name: "Léa Martin", groups: ["GG-Voirie", "Tous-Agents"], services: ["voirie"] },
      mapping,
    );
    expect(access).toEqual({
      subject: "42",
      name: "Léa Martin",
      roles: ["agent"],
      serviceIds: ["voirie"],
      allServices: false,
    });
  });

  it("gives access across services for * and for reception", () => {
    expect(accessFromClaims({ sub: "1", groups: "admin", services: "*" }, mapping)).toMatchObject({
      name: "1",
      roles: ["admin"],
      serviceIds: [],
      allServices: true,
    });
    expect(accessFromClaims({ sub: "2", groups: ["GG-Accueil"] }, mapping).allServices).toBe(true);
    expect(accessFromClaims({ sub: "3", groups: ["Tous-Agents"] }, mapping).roles).toEqual([]);
  });
});
