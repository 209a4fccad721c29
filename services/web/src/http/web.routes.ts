import { readFile } from "node:fs/promises";
import { accessibilityStatement, personalDataNotice } from "../pages/legal.pages.ts";
import { safeReturnPath, signInPage } from "../pages/sign-in.page.ts";
import { themeCss } from "../theme/theme.css.ts";
import { adminRoutes } from "./admin.routes.ts";
import { AppError, type Exchange, send, sendJson, sendPage } from "./exchange.ts";
import { signInRoutes } from "./sign-in.routes.ts";
import type { WebRoutesDeps } from "./web-routes.deps.ts";

const STYLESHEET = new URL("../../static/guichet.css", import.meta.url);

/** The paths the gateway serves itself (see path-table.ts). */
export function createWebRoutes(deps: WebRoutesDeps) {
  const town = deps.config.town;
  const signIn = signInRoutes(deps);
  const admin = adminRoutes(deps);
  let stylesheet: Buffer | undefined;

  async function ready(exchange: Exchange) {
    let database = "ok";
    try {
      await deps.pool.query("SELECT 1");
    } catch {
      database = "unavailable";
    }
    const ok = database === "ok";
    sendJson(exchange, ok ? 200 : 503, {
      status: ok ? "ok" : "unavailable",
      service: "web",
      database,
      nats: deps.messaging.isConnected() ? "ok" : "unavailable",
    });
  }

  return async function routes(exchange: Exchange): Promise<void> {
    const { method, url } = exchange;
    const path = url.pathname;
    const get = method === "GET" || method === "HEAD";
    if (get && path === "/static/guichet.css") {
      stylesheet ??= await readFile(STYLESHEET);
      send(exchange, 200, stylesheet, "text/css; charset=utf-8", { "cache-control": "public, max-age=3600" });
    } else if (get && path === "/static/theme.css") {
      send(exchange, 200, themeCss(town), "text/css; charset=utf-8", { "cache-control": "public, max-age=3600" });
    } else if (get && path === "/healthz") {
      sendJson(exchange, 200, { status: "ok", service: "web" });
    } else if (get && path === "/readyz") {
      await ready(exchange);
    } else if (get && path === "/accessibilite") {
      sendPage(exchange, town, accessibilityStatement(town));
    } else if (get && path === "/donnees-personnelles") {
      sendPage(exchange, town, personalDataNotice(town));
    } else if (get && path === "/connexion") {
      const returnTo = safeReturnPath(url.searchParams.get("retour"));
      sendPage(exchange, town, {
        ...signInPage({ csrfToken: exchange.csrfToken, returnTo, oidc: !!deps.oidc }),
        notice: url.searchParams.has("deconnecte") ? "Vous êtes déconnecté." : undefined,
      });
    } else if (method === "POST" && path === "/connexion") {
      await signIn.signInPost(exchange);
    } else if (method === "POST" && path === "/deconnexion") {
      await signIn.signOut(exchange);
    } else if (get && path === "/oidc/connexion") {
      await signIn.oidcStart(exchange);
    } else if (get && path === "/oidc/callback") {
      await signIn.oidcCallback(exchange);
    } else if (path.startsWith("/admin/utilisateurs")) {
      await admin.adminUsers(exchange);
    } else if (path.startsWith("/api/users")) {
      await admin.apiUsers(exchange);
    } else if (get && path.startsWith("/admin/audit")) {
      await admin.auditView(exchange);
    } else if (get && path.startsWith("/api/audit")) {
      await admin.auditApi(exchange);
    } else {
      throw new AppError("not-found", "Cette page n’existe pas ou a été déplacée.");
    }
  };
}
