import type { Server } from "node:http";
import { createTestDatabase, freePort, type TestDatabase, uniqueNamespace } from "@guichet/testing";
import Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadWebConfig, type RunningWeb, startWeb } from "../src/index.ts";
import { SessionClient } from "./session-client.ts";

/**
 * Sign-in through a real OpenID Connect provider (oidc-provider, started here on a free port):
 * authorization code + PKCE, state and nonce checked by openid-client, roles and services taken
 * from the account's claims. The provider's development login form accepts any account id.
 */
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  "lea.martin": { name: "Léa Martin", groups: ["GG-Voirie"], guichet_services: ["voirie"] },
  dgs: { name: "Directrice générale", groups: ["GG-Direction"], guichet_services: ["*"] },
  stagiaire: { name: "Stagiaire", groups: ["Tous-Agents"], guichet_services: [] },
};

let database: TestDatabase;
let provider: Server;
let issuer: string;
let web: RunningWeb;

beforeAll(async () => {
  database = await createTestDatabase(inject("postgresAdminUrl"));
  const providerPort = await freePort();
  issuer = `http://127.0.0.1:${providerPort}`;
  const webPort = await freePort();
  const oidc = new Provider(issuer, {
    clients: [
      {
        client_id: "guichet",
        client_secret: "guichet-test-secret",
        redirect_uris: [`http://127.0.0.1:${webPort}/oidc/callback`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: { openid: ["sub"], profile: ["name"], guichet: ["groups", "guichet_services"] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const account = ACCOUNTS[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });
  provider = oidc.listen(providerPort);
  web = await startWeb(
    loadWebConfig({
      DATABASE_URL: database.url,
      NATS_URL: inject("natsUrl"),
      GUICHET_NAMESPACE: uniqueNamespace(),
      LOG_LEVEL: "silent",
      WEB_PORT: String(webPort),
      GUICHET_PUBLIC_URL: `http://127.0.0.1:${webPort}`,
      OIDC_ISSUER_URL: issuer,
      OIDC_CLIENT_ID: "guichet",
      OIDC_CLIENT_SECRET: "guichet-test-secret",
      OIDC_SCOPES: "openid profile guichet",
      OIDC_ROLES_CLAIM: "groups",
      OIDC_ROLE_MAP: "GG-Voirie:agent,GG-Direction:manager",
      OIDC_ALLOW_HTTP: "true",
    }),
  );
});

afterAll(async () => {
  await web?.close();
  await new Promise((resolve) => provider?.close(resolve));
  await database?.drop();
});

/** Follows the provider's redirects and dev forms until it sends the browser back to the gateway. */
async function signInThroughProvider(browser: SessionClient, account: string): Promise<URL> {
  const idp = new SessionClient(issuer);
  const start = await browser.request("/oidc/connexion?retour=/bureau");
  expect(start.status).toBe(302);
  let location = new URL(start.headers.get("location") as string);
  expect(location.origin).toBe(issuer);
  expect(location.searchParams.get("code_challenge_method")).toBe("S256");
  expect(location.searchParams.get("state")).toBeTruthy();
  expect(location.searchParams.get("nonce")).toBeTruthy();
  for (let hop = 0; hop < 12; hop++) {
    if (location.origin !== issuer) return location;
    const response = await idp.request(location.pathname + location.search);
    if (response.status === 200) {
      const page = await response.text();
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1] as string;
      const submitted = await idp.request(action, {
        method: "POST",
        form: prompt === "login" ? { prompt, login: account, password: "x" } : { prompt: prompt as string },
      });
      location = new URL(submitted.headers.get("location") as string, issuer);
    } else {
      expect([302, 303]).toContain(response.status);
      location = new URL(response.headers.get("location") as string, issuer);
    }
  }
  throw new Error("the provider never redirected back");
}

describe("OpenID Connect sign-in against a real provider", () => {
  it("signs an agent in with the roles and services of the directory's claims", async () => {
    const browser = new SessionClient(web.url);
    const callback = await signInThroughProvider(browser, "lea.martin");
    expect(callback.pathname).toBe("/oidc/callback");
    const landing = await browser.request(callback.pathname + callback.search);
    expect(landing.status).toBe(200);
    expect(landing.headers.get("refresh")).toBe("0;url=/bureau");
    expect(browser.cookies.has("guichet_session")).toBe(true);
    expect(await web.users.find("oidc:lea.martin")).toMatchObject({
      name: "Léa Martin",
      roles: ["agent"],
      serviceIds: ["voirie"],
      allServices: false,
      oidcSubject: "lea.martin",
    });
    // The session works and carries the role: an agent is no administrator.
    expect((await browser.request("/api/users")).status).toBe(403);
    const { entries } = await web.audit.search({ staffId: "oidc:lea.martin", page: 1, pageSize: 10 });
    expect(entries[0]).toMatchObject({ action: "sign-in", detail: "directory account (agent)" });
  });

  it("maps * to every service", async () => {
    const browser = new SessionClient(web.url);
    const callback = await signInThroughProvider(browser, "dgs");
    await browser.request(callback.pathname + callback.search);
    expect(await web.users.find("oidc:dgs")).toMatchObject({ roles: ["manager"], allServices: true });
  });

  it("refuses a directory account without any Guichet role", async () => {
    const browser = new SessionClient(web.url);
    const callback = await signInThroughProvider(browser, "stagiaire");
    const response = await browser.request(callback.pathname + callback.search);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("aucun rôle dans Guichet");
    expect(browser.cookies.has("guichet_session")).toBe(false);
  });

  it("refuses a callback in another browser than the one that started the login (state cookie)", async () => {
    const victim = new SessionClient(web.url);
    const callback = await signInThroughProvider(new SessionClient(web.url), "lea.martin");
    const response = await victim.request(callback.pathname + callback.search);
    expect(response.status).toBe(401);
    expect(victim.cookies.has("guichet_session")).toBe(false);
  });

  it("refuses a replayed code", async () => {
    const browser = new SessionClient(web.url);
    const callback = await signInThroughProvider(browser, "lea.martin");
    const state = browser.cookies.get("guichet_oidc") as string;
    expect((await browser.request(callback.pathname + callback.search)).status).toBe(200);
    browser.cookies.set("guichet_oidc", state);
    expect((await browser.request(callback.pathname + callback.search)).status).toBe(401);
  });
});
