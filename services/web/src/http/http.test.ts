import { describe, expect, it } from "vitest";
import { contrastWithWhite } from "../theme/contrast.ts";
import { serializeCookie, stripCookies } from "./cookies.ts";
import { targetOf } from "./path-table.ts";
import { RateLimiter, rateLimitBucket } from "./rate-limit.ts";
import { securityHeaders } from "./security-headers.ts";

describe("path table", () => {
  it.each([
    ["/static/guichet.css", "web"],
    ["/connexion", "web"],
    ["/admin/utilisateurs/alice", "web"],
    ["/api/audit", "web"],
    ["/api/users/alice/unlock", "web"],
    ["/api/requests/0f0e/messages", "notification"],
    ["/api/requests/0f0e/receipt.pdf", "notification"],
    ["/admin/modeles/accuse", "notification"],
    ["/api/requests/LA-2026-000001/timeline", "reporting"],
    ["/suivi", "reporting"],
    ["/tableau-de-bord", "reporting"],
    ["/tableau-de-bord/satisfaction", "reporting"],
    ["/satisfaction/abcdefghijklmnopqrstuvwx", "reporting"],
    ["/api/satisfaction", "reporting"],
    ["/experimentations/annexe-brain", "reporting"],
    ["/api/experiments/annexe-brain/report.pdf", "reporting"],
    ["/volontaires", "reporting"],
    ["/api/volunteers", "reporting"],
    ["/", "routing"],
    ["/qui-fait-quoi/voirie", "routing"],
    ["/accueil/tri", "routing"],
    ["/bureau/LA-2026-000001", "routing"],
    ["/api/triage", "routing"],
    ["/demande", "intake"],
    ["/api/requests", "intake"],
    ["/api/requests/0f0e", "intake"],
    ["/open311/v2/requests.json", "intake"],
    ["/open311/v2/services.json", "routing"],
    ["/accueil/saisie", "intake"],
    ["/api/calls", "intake"],
    ["/rendez-vous/gerer/abc", "appointments"],
    ["/accueil/rendez-vous/planning", "appointments"],
    ["/qui-fait-quoi/permanences", "appointments"],
    ["/salles", "appointments"],
    ["/accueil/salles", "appointments"],
    ["/api/appointments/slots", "appointments"],
  ])("%s → %s", (path, target) => {
    expect(targetOf(path)).toBe(target);
  });

  it("serves nothing else", () => {
    expect(targetOf("/etc/passwd")).toBeNull();
    expect(targetOf("/connexion/x")).toBeNull();
    expect(targetOf("/api/requests/a/b/timeline")).toBe("intake");
  });
});

describe("security headers", () => {
  it("forbid inline code, framing and foreign form targets; HSTS only over TLS", () => {
    const plain = securityHeaders({ tls: false });
    expect(plain["content-security-policy"]).toContain("default-src 'self'");
    expect(plain["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(plain["content-security-policy"]).toContain("form-action 'self'");
    expect(plain["content-security-policy"]).not.toContain("unsafe-inline");
    expect(plain["x-frame-options"]).toBe("DENY");
    expect(plain["x-content-type-options"]).toBe("nosniff");
    expect(plain["referrer-policy"]).toBe("same-origin");
    expect(plain["permissions-policy"]).toContain("camera=()");
    expect(plain["strict-transport-security"]).toBeUndefined();
    expect(securityHeaders({ tls: true })["strict-transport-security"]).toMatch(/max-age=31536000/);
  });
});

describe("rate limits", () => {
  it("counts per key in a window and says how long to wait", () => {
    const limiter = new RateLimiter(60_000);
    for (let i = 0; i < 3; i++) expect(limiter.hit("ip1", 3, 1_000)).toBeNull();
    expect(limiter.hit("ip1", 3, 2_000)).toBe(59);
    expect(limiter.hit("ip2", 3, 2_000)).toBeNull();
    expect(limiter.hit("ip1", 3, 61_000)).toBeNull();
  });

  it("applies to sign-in and anonymous public form posts only", () => {
    expect(rateLimitBucket("POST", "/connexion", false)).toBe("sign-in");
    expect(rateLimitBucket("POST", "/demande", false)).toBe("public-form");
    expect(rateLimitBucket("POST", "/api/requests", false)).toBe("public-form");
    expect(rateLimitBucket("POST", "/open311/v2/requests.json", false)).toBe("public-form");
    expect(rateLimitBucket("POST", "/suivi", false)).toBe("public-form");
    expect(rateLimitBucket("POST", "/satisfaction/abcdefghijklmnopqrstuvwx", false)).toBe("public-form");
    expect(rateLimitBucket("POST", "/volontaires", false)).toBe("public-form");
    expect(rateLimitBucket("POST", "/rendez-vous/reserver", false)).toBe("public-form");
    expect(rateLimitBucket("POST", "/api/appointments", false)).toBe("public-form");
    expect(rateLimitBucket("POST", "/salles/demande", false)).toBe("public-form");
    expect(rateLimitBucket("POST", "/demande", true)).toBeNull();
    expect(rateLimitBucket("GET", "/demande", false)).toBeNull();
    expect(rateLimitBucket("POST", "/api/requests/x/messages", false)).toBeNull();
  });
});

describe("cookies and theme", () => {
  it("marks cookies HttpOnly and SameSite, Secure over TLS", () => {
    expect(serializeCookie("s", "v", { secure: true, sameSite: "Strict", maxAge: 60 })).toBe(
      "s=v; Path=/; SameSite=Strict; HttpOnly; Secure; Max-Age=60",
    );
    expect(stripCookies("a=1; guichet_session=x; b=2", ["guichet_session"])).toBe("a=1; b=2");
    expect(stripCookies("guichet_session=x", ["guichet_session"])).toBeUndefined();
  });

  it("measures the contrast of white text on the town colour", () => {
    expect(contrastWithWhite("#000000")).toBeCloseTo(21, 0);
    expect(contrastWithWhite("#1d4e89")).toBeGreaterThan(4.5);
    expect(contrastWithWhite("#ffcc00")).toBeLessThan(4.5);
  });
});
