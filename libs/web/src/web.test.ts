import { describe, expect, it } from "vitest";
import { verifyCsrf } from "./csrf.ts";
import { html, raw } from "./html.ts";
import { signIdentity, verifyIdentity } from "./identity.ts";
import { renderPage } from "./layout.ts";
import { requireServiceAccess, requireStaff } from "./staff.ts";

const secret = "a-test-secret-of-at-least-32-characters!";
const agent = { id: "u1", name: "Agent Voirie", roles: ["agent" as const], serviceIds: ["voirie"], allServices: false };

describe("html", () => {
  it("escapes interpolated text but not nested templates or raw markup", () => {
    const name = `<script>alert("x")</script>`;
    expect(html`<p>${name}</p>`.value).toBe("<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>");
    expect(html`<ul>${["a", "b"].map((x) => html`<li>${x}</li>`)}</ul>`.value).toBe("<ul><li>a</li><li>b</li></ul>");
    expect(html`${raw("<br>")}${null}${undefined}${false}`.value).toBe("<br>");
  });
});

describe("identity", () => {
  it("round-trips a signed identity and rejects forged, tampered or expired ones", () => {
    const now = new Date("2026-11-28T10:00:00Z");
    const token = signIdentity(agent, secret, 300, now);
    expect(verifyIdentity(token, secret, now)).toMatchObject(agent);
    expect(verifyIdentity(token, "another-secret-of-at-least-32-characters", now)).toBeNull();
    const [payload, sig] = token.split(".");
    const tampered = Buffer.from(JSON.stringify({ ...agent, roles: ["admin"], exp: 9e9 })).toString("base64url");
    expect(verifyIdentity(`${tampered}.${sig}`, secret, now)).toBeNull();
    expect(verifyIdentity(`${payload}.${sig}`, secret, new Date("2026-11-28T10:06:00Z"))).toBeNull();
    expect(verifyIdentity(undefined, secret)).toBeNull();
  });

  it("requireStaff answers 401 without identity and 403 without the role or the service", () => {
    const request = { headers: { "x-guichet-identity": signIdentity(agent, secret) } };
    expect(() => requireStaff({ headers: {} }, secret)).toThrow(expect.objectContaining({ code: "unauthenticated" }));
    expect(() => requireStaff(request, secret, ["admin"])).toThrow(expect.objectContaining({ code: "forbidden" }));
    const staff = requireStaff(request, secret, ["agent"]);
    expect(() => requireServiceAccess(staff, "urbanisme")).toThrow(expect.objectContaining({ code: "forbidden" }));
    expect(() => requireServiceAccess(staff, "voirie")).not.toThrow();
  });
});

describe("csrf", () => {
  it("accepts the browser's token and refuses a missing or different one", () => {
    const request = { headers: { "x-guichet-csrf": "0123456789abcdef0123" } };
    expect(() => verifyCsrf(request, { _csrf: "0123456789abcdef0123" })).not.toThrow();
    expect(() => verifyCsrf(request, { _csrf: "0123456789abcdef0124" })).toThrow(
      expect.objectContaining({ code: "forbidden" }),
    );
    expect(() => verifyCsrf(request, {})).toThrow();
    expect(() => verifyCsrf({ headers: {} }, { _csrf: "" })).toThrow();
  });
});

describe("renderPage", () => {
  it("renders one layout with language, title, skip link and the navigation the person may use", () => {
    const page = renderPage({
      title: "Faire une demande",
      main: html`<h1>Faire une demande</h1>`,
      town: { name: "Loire-Authion" },
      currentPath: "/demande",
    });
    expect(page).toMatch(/^<!doctype html><html lang="fr">/);
    expect(page).toContain("<title>Faire une demande — Loire-Authion</title>");
    expect(page).toContain('href="#contenu"');
    expect(page).toContain('<a href="/demande" aria-current="page">');
    const staffPage = renderPage({ title: "Bureau", main: html``, town: { name: "X" }, staff: { ...agent, exp: 0 } });
    expect(staffPage).toContain("Demandes de mes services");
    expect(staffPage).not.toContain("/admin/catalogue");
  });
});
