import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "@guichet/telemetry";
import { CSRF_HEADER, IDENTITY_HEADER, signIdentity } from "@guichet/web";
import type { SessionStore } from "../auth/session.store.ts";
import type { WebConfig } from "../config.ts";
import { identityOf, type UserRepository } from "../users/user.repository.ts";
import { cookieNames, parseCookies, serializeCookie, stripCookies } from "./cookies.ts";
import { AppError, badGateway, type Exchange, sendError } from "./exchange.ts";
import { targetOf } from "./path-table.ts";
import { forwardableHeaders, proxy } from "./proxy.ts";
import { type RateLimiter, rateLimitBucket } from "./rate-limit.ts";
import { securityHeaders } from "./security-headers.ts";

export type WebRoutes = (exchange: Exchange) => Promise<void>;

export interface GatewayDeps {
  config: WebConfig;
  users: UserRepository;
  sessions: SessionStore;
  rateLimiter: RateLimiter;
  logger: Logger;
  /** The gateway's own pages and APIs (static, sign-in, admin). */
  routes: WebRoutes;
}

const CSRF_TOKEN = /^[A-Za-z0-9_-]{32,64}$/;

/**
 * Unsigned staff id that an early version of intake's phone endpoints read; still dropped so that
 * nothing downstream can ever be fooled by it.
 */
const LEGACY_STAFF_HEADER = "x-guichet-staff";

/**
 * The one public origin: authenticates staff from the session cookie, keeps the browser's CSRF
 * token, sets the security headers, rate-limits sign-in and public forms, then serves its own
 * paths or streams the request to the service that owns the path (path-table.ts) with a freshly
 * signed identity. Identity and CSRF headers coming from the browser are always dropped.
 */
export class Gateway {
  private readonly secure: boolean;
  private readonly names: ReturnType<typeof cookieNames>;

  constructor(private readonly deps: GatewayDeps) {
    this.secure = deps.config.publicUrl.startsWith("https:");
    this.names = cookieNames(this.secure);
  }

  get cookieNames() {
    return this.names;
  }

  get secureCookies() {
    return this.secure;
  }

  readonly handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let exchange: Exchange | undefined;
    try {
      exchange = await this.open(request, response);
      await this.dispatch(exchange);
    } catch (error) {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const fallback = exchange ?? this.bareExchange(request, response);
      if (error instanceof AppError) {
        sendError(fallback, this.deps.config.town, error);
        return;
      }
      const errorId = randomBytes(6).toString("hex");
      this.deps.logger.error({ errorId, err: error, path: fallback.url.pathname }, "gateway error");
      sendError(
        fallback,
        this.deps.config.town,
        new AppError("unavailable", `Erreur inattendue (référence ${errorId}).`),
      );
    }
  };

  private tls(request: IncomingMessage): boolean {
    if (this.secure) return true;
    return (
      this.deps.config.trustProxy &&
      String(request.headers["x-forwarded-proto"] ?? "")
        .split(",")[0]
        ?.trim() === "https"
    );
  }

  private clientIp(request: IncomingMessage): string {
    const socketIp = request.socket.remoteAddress ?? "unknown";
    if (!this.deps.config.trustProxy) return socketIp;
    // The proxy appends the address it saw: the last entry is the one we can trust.
    const forwarded = String(request.headers["x-forwarded-for"] ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    return forwarded.at(-1) ?? socketIp;
  }

  private bareExchange(request: IncomingMessage, response: ServerResponse): Exchange {
    return {
      request,
      response,
      method: request.method ?? "GET",
      url: new URL("http://gateway/"),
      clientIp: "",
      cookies: new Map(),
      csrfToken: "",
      sessionId: undefined,
      user: null,
      staff: null,
      setCookies: [],
      securityHeaders: securityHeaders({ tls: this.tls(request) }),
    };
  }

  private async open(request: IncomingMessage, response: ServerResponse): Promise<Exchange> {
    const exchange = this.bareExchange(request, response);
    exchange.url = new URL(`http://gateway${request.url?.startsWith("/") ? request.url : "/"}`);
    exchange.clientIp = this.clientIp(request);
    exchange.cookies = parseCookies(request);
    const csrf = exchange.cookies.get(this.names.csrf);
    if (csrf && CSRF_TOKEN.test(csrf)) exchange.csrfToken = csrf;
    else this.issueCsrfToken(exchange);
    const sessionId = exchange.cookies.get(this.names.session);
    if (sessionId) {
      const userId = await this.deps.sessions.resolve(sessionId);
      const user = userId ? await this.deps.users.find(userId) : null;
      if (user && !user.disabled && user.roles.length > 0) {
        exchange.sessionId = sessionId;
        exchange.user = user;
        exchange.staff = { ...identityOf(user), exp: Math.floor(Date.now() / 1000) + 300 };
      } else this.clearSessionCookie(exchange);
    }
    return exchange;
  }

  issueCsrfToken(exchange: Exchange): void {
    exchange.csrfToken = randomBytes(32).toString("base64url");
    exchange.setCookies.push(
      serializeCookie(this.names.csrf, exchange.csrfToken, { secure: this.secure, sameSite: "Lax" }),
    );
  }

  setSessionCookie(exchange: Exchange, sessionId: string): void {
    exchange.setCookies.push(
      serializeCookie(this.names.session, sessionId, {
        secure: this.secure,
        sameSite: "Strict",
        maxAge: this.deps.config.session.absoluteHours * 3600,
      }),
    );
  }

  clearSessionCookie(exchange: Exchange): void {
    exchange.setCookies.push(
      serializeCookie(this.names.session, "", { secure: this.secure, sameSite: "Strict", maxAge: 0 }),
    );
  }

  private async dispatch(exchange: Exchange): Promise<void> {
    const { method, url } = exchange;
    const bucket = rateLimitBucket(method, url.pathname, exchange.staff !== null);
    if (bucket) {
      const limit =
        bucket === "sign-in"
          ? this.deps.config.rateLimits.signInPerMinute
          : this.deps.config.rateLimits.publicFormsPerMinute;
      const retryAfter = this.deps.rateLimiter.hit(`${bucket}:${exchange.clientIp}`, limit);
      if (retryAfter !== null) {
        sendError(
          exchange,
          this.deps.config.town,
          new AppError(
            "rate-limited",
            `Trop de tentatives depuis votre connexion. Réessayez dans ${retryAfter} seconde${retryAfter > 1 ? "s" : ""}.`,
          ),
          { "retry-after": String(retryAfter) },
        );
        return;
      }
    }
    if (!["GET", "HEAD", "OPTIONS"].includes(method) && exchange.staff && this.isCrossSite(exchange.request))
      throw new AppError("forbidden", "Requête refusée : elle ne vient pas de ce site.");

    const target = targetOf(url.pathname);
    if (target === null) throw new AppError("not-found", "Cette page n’existe pas ou a été déplacée.");
    if (target === "web") {
      await this.deps.routes(exchange);
      return;
    }
    const headers = forwardableHeaders(exchange.request);
    delete headers[IDENTITY_HEADER];
    delete headers[CSRF_HEADER];
    delete headers[LEGACY_STAFF_HEADER];
    const cookie = stripCookies(exchange.request.headers.cookie, Object.values(this.names));
    if (cookie) headers.cookie = cookie;
    else delete headers.cookie;
    headers[CSRF_HEADER] = exchange.csrfToken;
    if (exchange.user)
      headers[IDENTITY_HEADER] = signIdentity(
        identityOf(exchange.user),
        this.deps.config.infrastructure.identitySecret,
      );
    headers["x-forwarded-for"] = exchange.clientIp;
    headers["x-forwarded-proto"] = this.tls(exchange.request) ? "https" : "http";
    headers["x-forwarded-host"] = String(exchange.request.headers.host ?? "");
    const responseHeaders: Record<string, string | string[]> = { ...exchange.securityHeaders };
    if (exchange.setCookies.length) responseHeaders["set-cookie"] = exchange.setCookies;
    if (exchange.staff) responseHeaders["cache-control"] = "no-store";
    try {
      await proxy(exchange.request, exchange.response, {
        upstream: this.deps.config.upstreams[target],
        path: url.pathname + url.search,
        headers,
        responseHeaders,
      });
    } catch (error) {
      this.deps.logger.warn({ upstream: target, err: (error as Error).message }, "service unreachable");
      badGateway(exchange, this.deps.config.town);
    }
  }

  /** A state-changing request sent by another site with this browser's session. */
  private isCrossSite(request: IncomingMessage): boolean {
    if (request.headers["sec-fetch-site"] === "cross-site") return true;
    const origin = request.headers.origin;
    if (!origin) return false;
    try {
      return new URL(origin).host !== request.headers.host;
    } catch {
      return true;
    }
  }
}
