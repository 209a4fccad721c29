import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, httpStatusOf } from "@guichet/runtime";
import { html, renderPage, type SafeHtml, type StaffIdentity } from "@guichet/web";
import type { StaffUser } from "../users/user.repository.ts";

/** One request through the gateway: what it authenticated, and what it will send back. */
export interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  method: string;
  /** Normalised URL (dot segments resolved). */
  url: URL;
  clientIp: string;
  cookies: Map<string, string>;
  /** The browser's CSRF token (from its cookie, or just issued). */
  csrfToken: string;
  sessionId: string | undefined;
  user: StaffUser | null;
  staff: StaffIdentity | null;
  /** Set-Cookie values and security headers added to whatever is sent. */
  setCookies: string[];
  securityHeaders: Record<string, string>;
}

export interface Town {
  name: string;
}

function baseHeaders(exchange: Exchange, extra: Record<string, string>): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = { ...exchange.securityHeaders, ...extra };
  if (exchange.setCookies.length) headers["set-cookie"] = exchange.setCookies;
  return headers;
}

export function send(
  exchange: Exchange,
  status: number,
  body: string | Buffer,
  contentType: string,
  extra: Record<string, string> = {},
): void {
  const buffer = typeof body === "string" ? Buffer.from(body) : body;
  exchange.response.writeHead(
    status,
    baseHeaders(exchange, { "content-type": contentType, "content-length": String(buffer.length), ...extra }),
  );
  exchange.response.end(exchange.method === "HEAD" ? undefined : buffer);
}

export function sendJson(exchange: Exchange, status: number, body: unknown): void {
  send(exchange, status, JSON.stringify(body), "application/json; charset=utf-8", { "cache-control": "no-store" });
}

/** 303 See Other after a form post; only local paths. */
export function redirect(exchange: Exchange, location: string): void {
  exchange.response.writeHead(
    303,
    baseHeaders(exchange, { location, "content-length": "0", "cache-control": "no-store" }),
  );
  exchange.response.end();
}

export function sendPage(
  exchange: Exchange,
  town: Town,
  page: { title: string; main: SafeHtml; status?: number; notice?: string },
  extra: Record<string, string> = {},
): void {
  const body = renderPage({
    title: page.title,
    main: page.main,
    town,
    staff: exchange.staff,
    currentPath: exchange.url.pathname,
    notice: page.notice,
    csrfToken: exchange.csrfToken,
  });
  send(exchange, page.status ?? 200, body, "text/html; charset=utf-8", {
    "cache-control": exchange.staff ? "no-store" : "no-cache",
    ...extra,
  });
}

const TITLES: Record<number, string> = {
  400: "Demande incorrecte",
  401: "Connexion requise",
  403: "Accès refusé",
  404: "Page introuvable",
  413: "Envoi trop volumineux",
  429: "Trop de tentatives",
  502: "Service momentanément indisponible",
  503: "Service momentanément indisponible",
};

/** Error answer: JSON for /api/*, a French page otherwise. */
export function sendError(exchange: Exchange, town: Town, error: AppError, extra: Record<string, string> = {}): void {
  const status = httpStatusOf[error.code];
  if (exchange.url.pathname.startsWith("/api/")) {
    send(
      exchange,
      status,
      JSON.stringify({ error: error.code, message: error.message, problems: error.problems }),
      "application/json; charset=utf-8",
      extra,
    );
    return;
  }
  const title = TITLES[status] ?? "Erreur";
  const signIn =
    status === 401
      ? html`<p><a href="/connexion?retour=${encodeURIComponent(exchange.url.pathname + exchange.url.search)}">Se connecter</a></p>`
      : html`<p><a href="/">Retour à l’accueil</a></p>`;
  sendPage(exchange, town, { title, status, main: html`<h1>${title}</h1><p>${error.message}</p>${signIn}` }, extra);
}

export function badGateway(exchange: Exchange, town: Town): void {
  const title = TITLES[502] as string;
  const message = "Ce service ne répond pas pour le moment. Réessayez dans quelques minutes.";
  if (exchange.url.pathname.startsWith("/api/")) {
    send(exchange, 502, JSON.stringify({ error: "unavailable", message }), "application/json; charset=utf-8");
    return;
  }
  sendPage(exchange, town, { title, status: 502, main: html`<h1>${title}</h1><p>${message}</p>` });
}

export { AppError };
