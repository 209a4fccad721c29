import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createEvent } from "@guichet/contracts";
import { Messaging } from "@guichet/messaging";
import { createTestDatabase, type TestDatabase, uniqueNamespace, waitFor } from "@guichet/testing";
import { verifyIdentity } from "@guichet/web";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadWebConfig, type RunningWeb, startWeb } from "../src/index.ts";
import { SessionClient } from "./session-client.ts";

const SECRET = "gateway-test-identity-secret-0123456789";
const PASSWORD = "un mot de passe assez long";

/** A stand-in service that answers with what it received (headers, body size and hash). */
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bytes: number;
  sha256: string;
}

let database: TestDatabase;
let upstream: Server;
const seen: Seen[] = [];
let web: RunningWeb;
let namespace: string;

async function startUpstream(): Promise<string> {
  upstream = createServer(async (request, response) => {
    const hash = createHash("sha256");
    let bytes = 0;
    for await (const chunk of request) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    const entry = {
      method: request.method ?? "",
      url: request.url ?? "",
      headers: request.headers,
      bytes,
      sha256: hash.digest("hex"),
    };
    seen.push(entry);
    response.writeHead(200, {
      "content-type": "application/json",
      "set-cookie": "service_cookie=1; Path=/",
      "content-security-policy": "default-src *",
    });
    response.end(JSON.stringify({ bytes, sha256: entry.sha256 }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
}

function envFor(upstreamUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: database.url,
    NATS_URL: inject("natsUrl"),
    GUICHET_NAMESPACE: namespace,
    GUICHET_IDENTITY_SECRET: SECRET,
    LOG_LEVEL: "silent",
    WEB_PORT: "0",
    INTAKE_URL: upstreamUrl,
    ROUTING_URL: upstreamUrl,
    NOTIFICATION_URL: upstreamUrl,
    REPORTING_URL: upstreamUrl,
    RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000",
    RATE_LIMIT_PUBLIC_FORMS_PER_MINUTE: "1000",
    ...extra,
  };
}

let upstreamUrl: string;

beforeAll(async () => {
  database = await createTestDatabase(inject("postgresAdminUrl"));
  namespace = uniqueNamespace();
  upstreamUrl = await startUpstream();
  web = await startWeb(loadWebConfig(envFor(upstreamUrl)));
  const users = [
    { id: "admin", roles: ["admin" as const], serviceIds: [] },
    { id: "agent.voirie", roles: ["agent" as const], serviceIds: ["voirie"] },
    { id: "locked.out", roles: ["agent" as const], serviceIds: ["voirie"] },
  ];
  for (const user of users)
    await web.manageUsers.create({ ...user, name: `Test ${user.id}`, password: PASSWORD }, "test");
});

afterAll(async () => {
  await web?.close();
  await new Promise((resolve) => upstream?.close(resolve));
  await database?.drop();
});

function lastSeen(): Seen {
  const entry = seen.at(-1);
  if (!entry) throw new Error("the upstream saw nothing");
  return entry;
}

describe("one origin in front of the services", () => {
  it("sets the security headers on its own pages and on proxied answers (overriding the service's CSP)", async () => {
    for (const path of ["/accessibilite", "/donnees-personnelles", "/connexion", "/api/triage"]) {
      const response = await fetch(`${web.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-security-policy"), path).toMatch(/^default-src 'self'; script-src 'self'/);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("same-origin");
      expect(response.headers.get("permissions-policy")).toContain("geolocation=()");
      expect(response.headers.get("strict-transport-security")).toBeNull();
    }
    const legal = await (await fetch(`${web.url}/accessibilite`)).text();
    expect(legal).toContain("<h1>Déclaration d’accessibilité</h1>");
    expect(legal).toContain("partiellement conforme");
    expect(await (await fetch(`${web.url}/donnees-personnelles`)).text()).toMatch(/Vos droits[\s\S]*CNIL/);
  });

  it("serves the stylesheet and the town's colours", async () => {
    const css = await fetch(`${web.url}/static/guichet.css`);
    expect(css.headers.get("content-type")).toContain("text/css");
    expect(await css.text()).toContain(":focus-visible");
    expect(await (await fetch(`${web.url}/static/theme.css`)).text()).toContain("--town-primary: #1d4e89");
    expect((await fetch(`${web.url}/nulle-part`)).status).toBe(404);
  });

  it("strips an identity forged by the browser and forwards the CSRF token of the browser's cookie", async () => {
    const browser = new SessionClient(web.url);
    const forged = "eyJpZCI6ImFkbWluIn0.forged";
    await browser.request("/api/desk?x=1", {
      headers: { "x-guichet-identity": forged, "x-guichet-csrf": "mine", "x-guichet-staff": "admin" },
    });
    const request = lastSeen();
    expect(request.url).toBe("/api/desk?x=1");
    expect(request.headers["x-guichet-identity"]).toBeUndefined();
    expect(request.headers["x-guichet-staff"]).toBeUndefined();
    expect(request.headers["x-guichet-csrf"]).toBe(browser.cookies.get("guichet_csrf"));
    expect(request.headers["x-guichet-csrf"]).toMatch(/^[\w-]{43}$/);
  });

  it("forwards the signed-in person's identity, signed, and never the session cookie", async () => {
    const agent = new SessionClient(web.url);
    expect((await agent.signIn("agent.voirie", PASSWORD)).status).toBe(303);
    agent.cookies.set("other", "kept");
    const response = await agent.request("/bureau", { headers: { "x-guichet-identity": "forged" } });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.getSetCookie()).toContain("service_cookie=1; Path=/");
    const identity = verifyIdentity(String(lastSeen().headers["x-guichet-identity"]), SECRET);
    expect(identity).toMatchObject({
      id: "agent.voirie",
      roles: ["agent"],
      serviceIds: ["voirie"],
      allServices: false,
    });
    // The gateway's own cookies (session, CSRF) never reach a service; others pass.
    expect(lastSeen().headers.cookie).toBe("other=kept");
    expect(lastSeen().headers["x-forwarded-for"]).toBe("127.0.0.1");
  });

  it("streams a large upload to the service unchanged", async () => {
    const body = randomBytes(8 * 1024 * 1024);
    const response = await fetch(`${web.url}/api/requests`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      bytes: body.length,
      sha256: createHash("sha256").update(body).digest("hex"),
    });
  });

  it("serves while JetStream cannot create its stream, instead of crashing at boot", async () => {
    // Three replicas on a single server: the stream cannot be created, as when a new cluster under
    // load answers after the request's timeout. The audit consumer is retried in the background.
    const degraded = await startWeb(
      loadWebConfig({ ...envFor(upstreamUrl), GUICHET_NAMESPACE: uniqueNamespace(), NATS_REPLICAS: "3" }),
    );
    try {
      expect((await fetch(`${degraded.url}/healthz`)).status).toBe(200);
    } finally {
      await degraded.close();
    }
  });

  it("answers 502 with a French page when a service is down", async () => {
    const down = await startWeb(
      loadWebConfig({ ...envFor("http://127.0.0.1:9"), GUICHET_NAMESPACE: uniqueNamespace() }),
    );
    try {
      const page = await fetch(`${down.url}/demande`);
      expect(page.status).toBe(502);
      expect(await page.text()).toContain("Service momentanément indisponible");
      expect((await fetch(`${down.url}/api/requests`)).status).toBe(502);
    } finally {
      await down.close();
    }
  });
});

describe("local sign-in", () => {
  it("refuses a form without the browser's CSRF token", async () => {
    const browser = new SessionClient(web.url);
    await browser.page("/connexion");
    const response = await browser.request("/connexion", {
      method: "POST",
      form: { _csrf: "x".repeat(43), identifiant: "admin", mot_de_passe: PASSWORD },
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Le formulaire a expiré");
    expect(browser.cookies.has("guichet_session")).toBe(false);
  });

  it("gives the same answer for an unknown id and a wrong password", async () => {
    const unknown = await new SessionClient(web.url).signIn("personne", PASSWORD);
    const wrong = await new SessionClient(web.url).signIn("admin", "mauvais mot de passe");
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const message = /<a href="#champ-identifiant">([^<]+)<\/a>/;
    expect(message.exec(await unknown.text())?.[1]).toBe(message.exec(await wrong.text())?.[1]);
  });

  it("opens a server-side session in a Strict HttpOnly cookie, rotated at every sign-in", async () => {
    const browser = new SessionClient(web.url);
    const first = await browser.signIn("admin", PASSWORD);
    expect(first.headers.get("location")).toBe("/admin/utilisateurs");
    const cookie = first.headers.getSetCookie().find((c) => c.startsWith("guichet_session="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const firstId = browser.cookies.get("guichet_session") as string;
    expect((await browser.request("/api/users")).status).toBe(200);

    await browser.signIn("admin", PASSWORD);
    const secondId = browser.cookies.get("guichet_session") as string;
    expect(secondId).not.toBe(firstId);
    const stale = new SessionClient(web.url);
    stale.cookies.set("guichet_session", firstId);
    expect((await stale.request("/api/users")).status).toBe(401);
  });

  it("signs out with a POST and revokes the session", async () => {
    const browser = new SessionClient(web.url);
    await browser.signIn("admin", PASSWORD);
    const sessionId = browser.cookies.get("guichet_session") as string;
    const { csrf, html } = await browser.page("/admin/utilisateurs");
    expect(html).toContain('action="/deconnexion"');
    const out = await browser.request("/deconnexion", { method: "POST", form: { _csrf: csrf } });
    expect(out.status).toBe(303);
    const replay = new SessionClient(web.url);
    replay.cookies.set("guichet_session", sessionId);
    expect((await replay.request("/api/users")).status).toBe(401);
  });

  it("locks an account for 15 minutes after 5 wrong passwords, until an administrator unlocks it", async () => {
    for (let i = 0; i < 5; i++)
      expect((await new SessionClient(web.url).signIn("locked.out", "wrong password!")).status).toBe(401);
    expect((await new SessionClient(web.url).signIn("locked.out", PASSWORD)).status).toBe(401);
    const user = await web.users.find("locked.out");
    expect(user?.lockedUntil?.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);

    const admin = new SessionClient(web.url);
    await admin.signIn("admin", PASSWORD);
    const { html, csrf } = await admin.page("/admin/utilisateurs");
    expect(html).toContain("bloqué");
    const unlock = await admin.request("/admin/utilisateurs/locked.out/deverrouiller", {
      method: "POST",
      form: { _csrf: csrf },
    });
    expect(unlock.status).toBe(303);
    expect((await new SessionClient(web.url).signIn("locked.out", PASSWORD)).status).toBe(303);

    const audit = await admin.request("/api/audit?staffId=locked.out");
    const { entries } = (await audit.json()) as { entries: { action: string; detail: string }[] };
    expect(entries.map((e) => e.action)).toEqual(["sign-in", ...Array(6).fill("sign-in-failed")]);
    expect(entries[1]?.detail).toBe("account locked");
    expect(entries[2]?.detail).toBe("wrong password, account locked");
  });

  it("refuses a state-changing request from another site carrying the session", async () => {
    const admin = new SessionClient(web.url);
    await admin.signIn("admin", PASSWORD);
    const response = await admin.request("/api/users", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ id: "intrus", name: "x", roles: ["admin"], password: "aaaaaaaaaaaaaaaa" }),
    });
    expect(response.status).toBe(403);
    expect(await web.users.find("intrus")).toBeNull();
  });
});

describe("accounts administration", () => {
  it("lets only administrators list and create accounts", async () => {
    expect((await fetch(`${web.url}/api/users`)).status).toBe(401);
    const anonymousPage = await fetch(`${web.url}/admin/utilisateurs`);
    expect(anonymousPage.status).toBe(401);
    expect(await anonymousPage.text()).toContain('href="/connexion?retour=%2Fadmin%2Futilisateurs"');
    const agent = new SessionClient(web.url);
    await agent.signIn("agent.voirie", PASSWORD);
    expect((await agent.request("/api/users")).status).toBe(403);
    expect((await agent.request("/admin/audit")).status).toBe(403);

    const admin = new SessionClient(web.url);
    await admin.signIn("admin", PASSWORD);
    const created = await admin.request("/api/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: "accueil.andard",
        name: "Accueil Andard",
        roles: ["reception"],
        password: "accueil andard 2026",
      }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      id: "accueil.andard",
      roles: ["reception"],
      allServices: true,
      source: "local",
    });
    const invalid = await admin.request("/api/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "x", name: "", roles: [], password: "court" }),
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { problems: { field: string }[] }).problems.map((p) => p.field)).toEqual(
      expect.arrayContaining(["id", "name", "roles"]),
    );

    const { csrf } = await admin.page("/admin/utilisateurs");
    const form = await admin.request("/admin/utilisateurs", {
      method: "POST",
      form: {
        _csrf: csrf,
        id: "urba",
        name: "Agent urbanisme",
        roles: "agent",
        services: "urbanisme",
        password: "urbanisme 2026 !",
      },
    });
    expect(form.status).toBe(303);
    const change = await admin.request("/admin/utilisateurs/urba", {
      method: "POST",
      form: { _csrf: csrf, roles: ["agent", "manager"], services: "urbanisme, voirie" },
    });
    expect(change.status).toBe(303);
    expect(await web.users.find("urba")).toMatchObject({
      roles: ["agent", "manager"],
      serviceIds: ["urbanisme", "voirie"],
    });

    // Disabling an account ends its sessions at once.
    const urba = new SessionClient(web.url);
    expect((await urba.signIn("urba", "urbanisme 2026 !")).status).toBe(303);
    await urba.request("/bureau");
    expect(verifyIdentity(String(lastSeen().headers["x-guichet-identity"]), SECRET)?.id).toBe("urba");
    const disabled = await admin.request("/api/users/urba", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ roles: ["agent"], serviceIds: ["urbanisme"], disabled: true }),
    });
    expect(await disabled.json()).toMatchObject({ id: "urba", disabled: true });
    await urba.request("/bureau");
    expect(lastSeen().headers["x-guichet-identity"]).toBeUndefined();
    expect((await new SessionClient(web.url).signIn("urba", "urbanisme 2026 !")).status).toBe(401);
    const audit = (await (await admin.request("/api/audit?staffId=admin")).json()) as { entries: { detail: string }[] };
    expect(audit.entries.map((e) => e.detail)).toEqual(
      expect.arrayContaining([
        "created account accueil.andard (reception)",
        "created account urba (agent)",
        "changed access of urba: roles agent, manager; services urbanisme, voirie; enabled",
      ]),
    );
  });
});

describe("audit trail", () => {
  it("records the services' audit.recorded events once, queryable by reference and date", async () => {
    const messaging = await Messaging.connect({ servers: inject("natsUrl"), namespace, name: "audit-test" });
    try {
      const event = createEvent("auditRecorded", {
        staffId: "agent.voirie",
        action: "view",
        resource: "request",
        requestId: "0195f3a0-0000-7000-8000-000000000001",
        reference: "LA-2026-000042",
        detail: "viewed contact",
        service: "routing",
        at: "2026-11-28T09:15:00.000Z",
      });
      await messaging.publish(event);
      await messaging.publish(event);
    } finally {
      await messaging.close();
    }
    const admin = new SessionClient(web.url);
    await admin.signIn("admin", PASSWORD);
    const found = await waitFor(
      async () => {
        const body = (await (await admin.request("/api/audit?reference=LA-2026-000042")).json()) as {
          total: number;
          entries: unknown[];
        };
        return body.total > 0 ? body : undefined;
      },
      { what: "audit entry recorded", timeoutMs: 15_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const again = (await (await admin.request("/api/audit?reference=LA-2026-000042")).json()) as { total: number };
    expect(again.total).toBe(1);
    expect(found.entries[0]).toMatchObject({
      staffId: "agent.voirie",
      action: "view",
      detail: "viewed contact",
      service: "routing",
    });
    const inRange = (await (
      await admin.request("/api/audit?reference=LA-2026-000042&from=2026-11-28&to=2026-11-28")
    ).json()) as { total: number };
    expect(inRange.total).toBe(1);
    const outOfRange = (await (await admin.request("/api/audit?reference=LA-2026-000042&from=2026-11-29")).json()) as {
      total: number;
    };
    expect(outOfRange.total).toBe(0);
    expect((await admin.request("/api/audit?from=hier")).status).toBe(400);
    const page = await admin.page("/admin/audit?reference=LA-2026-000042");
    expect(page.html).toContain("viewed contact");
    expect(page.html).toContain("1 entrée, page 1 sur 1");
  });

  it("paginates", async () => {
    for (let i = 0; i < 3; i++)
      await web.audit.record({
        staffId: "pager",
        action: "change",
        resource: "request",
        requestId: null,
        reference: `LA-2026-00010${i}`,
        detail: `change ${i}`,
        service: "routing",
        at: new Date(Date.UTC(2026, 10, 28, 10, i)).toISOString(),
      });
    const admin = new SessionClient(web.url);
    await admin.signIn("admin", PASSWORD);
    const second = (await (await admin.request("/api/audit?staffId=pager&pageSize=2&page=2")).json()) as {
      total: number;
      entries: { detail: string }[];
    };
    expect(second.total).toBe(3);
    expect(second.entries.map((e) => e.detail)).toEqual(["change 0"]);
  });

  it("forgets entries past the retention period", async () => {
    const old = {
      staffId: "retention",
      action: "view" as const,
      resource: "request",
      requestId: null,
      reference: null,
      service: "routing" as const,
    };
    await web.audit.record({ ...old, detail: "old", at: "2024-01-01T10:00:00.000Z" });
    await web.audit.record({ ...old, detail: "recent", at: "2026-11-01T10:00:00.000Z" });
    expect(await web.audit.purgeOlderThan(365, new Date("2026-11-28T10:00:00Z"))).toBeGreaterThanOrEqual(1);
    const { entries } = await web.audit.search({ staffId: "retention", page: 1, pageSize: 10 });
    expect(entries.map((e) => e.detail)).toEqual(["recent"]);
  });
});

describe("rate limits and TLS", () => {
  it("answers 429 with Retry-After and a French page past the limit", async () => {
    const limited = await startWeb(
      loadWebConfig({
        ...envFor(upstreamUrl),
        RATE_LIMIT_SIGN_IN_PER_MINUTE: "2",
        RATE_LIMIT_PUBLIC_FORMS_PER_MINUTE: "2",
        GUICHET_NAMESPACE: uniqueNamespace(),
      }),
    );
    try {
      const post = () => fetch(`${limited.url}/connexion`, { method: "POST" });
      await post();
      await post();
      const refused = await post();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await refused.text()).toContain("Trop de tentatives");
      for (let i = 0; i < 2; i++) await fetch(`${limited.url}/api/requests`, { method: "POST", body: "{}" });
      const api = await fetch(`${limited.url}/api/requests`, { method: "POST", body: "{}" });
      expect(api.status).toBe(429);
      expect(await api.json()).toMatchObject({ error: "rate-limited" });
      expect((await fetch(`${limited.url}/api/requests`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("sends HSTS and Secure __Host- cookies when served over TLS", async () => {
    const tls = await startWeb(
      loadWebConfig({
        ...envFor(upstreamUrl),
        GUICHET_PUBLIC_URL: "https://demarches.loire-authion.example",
        GUICHET_NAMESPACE: uniqueNamespace(),
      }),
    );
    const proxied = await startWeb(
      loadWebConfig({ ...envFor(upstreamUrl), GUICHET_TRUST_PROXY: "true", GUICHET_NAMESPACE: uniqueNamespace() }),
    );
    try {
      const response = await fetch(`${tls.url}/connexion`);
      expect(response.headers.get("strict-transport-security")).toContain("max-age=31536000");
      expect(response.headers.getSetCookie()[0]).toMatch(
        /^__Host-guichet_csrf=[\w-]+; Path=\/; SameSite=Lax; HttpOnly; Secure$/,
      );
      const viaProxy = await fetch(`${proxied.url}/connexion`, { headers: { "x-forwarded-proto": "https" } });
      expect(viaProxy.headers.get("strict-transport-security")).toContain("max-age=31536000");
      expect(
        (await fetch(`${web.url}/connexion`, { headers: { "x-forwarded-proto": "https" } })).headers.get(
          "strict-transport-security",
        ),
      ).toBeNull();
    } finally {
      await tls.close();
      await proxied.close();
    }
  });
});
