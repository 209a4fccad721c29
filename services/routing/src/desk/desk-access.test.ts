import type { StaffIdentity } from "@guichet/web";
import { describe, expect, it } from "vitest";
import { canRead, canTransfer, canWork } from "./desk-access.ts";

const person = (roles: StaffIdentity["roles"], serviceIds: string[] = [], allServices = false): StaffIdentity => ({
  id: "u",
  name: "U",
  roles,
  serviceIds,
  allServices,
  exp: 0,
});

describe("desk access", () => {
  it("lets an agent read and work only the requests of their services", () => {
    const agent = person(["agent"], ["voirie"]);
    expect(canRead(agent, "voirie")).toBe(true);
    expect(canWork(agent, "voirie")).toBe(true);
    expect(canRead(agent, "urbanisme")).toBe(false);
    expect(canWork(agent, "urbanisme")).toBe(false);
    expect(canTransfer(agent, "urbanisme")).toBe(false);
  });

  it("lets reception read everything and transfer, but not work a service's case", () => {
    const reception = person(["reception"], [], true);
    expect(canRead(reception, "urbanisme")).toBe(true);
    expect(canTransfer(reception, "urbanisme")).toBe(true);
    expect(canWork(reception, "urbanisme")).toBe(false);
  });

  it("lets a manager read their services only, and never work", () => {
    const manager = person(["manager"], ["voirie"]);
    expect(canRead(manager, "voirie")).toBe(true);
    expect(canRead(manager, "ccas")).toBe(false);
    expect(canWork(manager, "voirie")).toBe(false);
    expect(canRead(person(["manager"], [], true), "ccas")).toBe(true);
  });
});
