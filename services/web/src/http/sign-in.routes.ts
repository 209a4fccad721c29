import type { Role } from "@guichet/web";
import { html } from "@guichet/web";
import { OidcError, type OidcSignIn } from "../auth/oidc.sign-in.ts";
import { signInEntry } from "../auth/sign-in.usecase.ts";
import { SIGN_IN_FAILED, safeReturnPath, signInPage } from "../pages/sign-in.page.ts";
import type { StaffUser } from "../users/user.repository.ts";
import { readForm } from "./body.ts";
import { serializeCookie } from "./cookies.ts";
import { AppError, type Exchange, redirect, sendPage } from "./exchange.ts";
import { checkCsrf } from "./guards.ts";
import type { WebRoutesDeps } from "./web-routes.deps.ts";

/** Where a person lands after signing in, by role. */
function homeOf(roles: readonly Role[]): string {
  if (roles.includes("reception")) return "/accueil/tri";
  if (roles.includes("agent")) return "/bureau";
  if (roles.includes("manager")) return "/tableau-de-bord";
  return "/admin/utilisateurs";
}

/** /connexion, /deconnexion and the OpenID Connect round trip. */
export function signInRoutes(deps: WebRoutesDeps) {
  const town = deps.config.town;

  async function signInPost(exchange: Exchange) {
    const form = await readForm(exchange.request);
    checkCsrf(exchange, form);
    const id = String(form.identifiant ?? "")
      .trim()
      .slice(0, 120);
    const password = String(form.mot_de_passe ?? "").slice(0, 200);
    const returnTo = safeReturnPath(form.retour);
    const result = id && password ? await deps.signIn.execute({ id, password }) : { ok: false as const };
    if (!result.ok) {
      const page = signInPage({
        csrfToken: exchange.csrfToken,
        returnTo,
        error: SIGN_IN_FAILED,
        id,
        oidc: !!deps.oidc,
      });
      sendPage(exchange, town, { ...page, status: 401 });
      return;
    }
    await startSession(exchange, result.user, returnTo);
  }

  async function startSession(exchange: Exchange, user: StaffUser, returnTo: string | null) {
    const gateway = deps.gateway();
    const sessionId = await deps.sessions.create(user.id, exchange.sessionId);
    gateway.setSessionCookie(exchange, sessionId);
    // A new CSRF token with the new privilege level.
    gateway.issueCsrfToken(exchange);
    redirect(exchange, returnTo ?? homeOf(user.roles));
  }

  async function signOut(exchange: Exchange) {
    const form = await readForm(exchange.request).catch(() => ({}) as Record<string, unknown>);
    // Pages rendered by the services may not carry the token in their sign-out form: a same-origin
    // Origin header (sent by browsers on every form post) is accepted instead.
    const origin = exchange.request.headers.origin;
    const sameOrigin = !!origin && URL.canParse(origin) && new URL(origin).host === exchange.request.headers.host;
    if (!sameOrigin) checkCsrf(exchange, form);
    if (exchange.sessionId) await deps.sessions.revoke(exchange.sessionId);
    deps.gateway().clearSessionCookie(exchange);
    deps.gateway().issueCsrfToken(exchange);
    redirect(exchange, "/connexion?deconnecte=1");
  }

  async function oidcStart(exchange: Exchange) {
    if (!deps.oidc) throw new AppError("not-found", "La connexion par l’annuaire n’est pas activée.");
    const returnTo = safeReturnPath(exchange.url.searchParams.get("retour")) ?? "";
    const { url, state } = await deps.oidc.start(returnTo);
    const gateway = deps.gateway();
    exchange.setCookies.push(
      serializeCookie(gateway.cookieNames.oidc, state, { secure: gateway.secureCookies, sameSite: "Lax", maxAge: 600 }),
    );
    exchange.response.writeHead(302, {
      ...exchange.securityHeaders,
      "set-cookie": exchange.setCookies,
      location: url,
      "cache-control": "no-store",
    });
    exchange.response.end();
  }

  async function oidcCallback(exchange: Exchange) {
    if (!deps.oidc) throw new AppError("not-found", "La connexion par l’annuaire n’est pas activée.");
    const gateway = deps.gateway();
    exchange.setCookies.push(
      serializeCookie(gateway.cookieNames.oidc, "", { secure: gateway.secureCookies, sameSite: "Lax", maxAge: 0 }),
    );
    let access: Awaited<ReturnType<OidcSignIn["finish"]>>;
    try {
      access = await deps.oidc.finish(exchange.url, exchange.cookies.get(gateway.cookieNames.oidc));
    } catch (error) {
      if (!(error instanceof OidcError)) throw error;
      await deps.audit.record(
        signInEntry("inconnu", "sign-in-failed", `directory sign-in: ${error.message}`.slice(0, 500), new Date()),
      );
      throw new AppError(
        "unauthenticated",
        "La connexion par l’annuaire a échoué. Recommencez depuis la page de connexion.",
      );
    }
    const existing = await deps.users.findByOidcSubject(access.subject);
    const id = existing?.id ?? `oidc:${access.subject}`.slice(0, 120);
    if (access.roles.length === 0) {
      await deps.audit.record(
        signInEntry(id, "sign-in-failed", "directory account without a Guichet role", new Date()),
      );
      throw new AppError(
        "forbidden",
        "Votre compte de l’annuaire n’a aucun rôle dans Guichet : adressez-vous à l’administrateur.",
      );
    }
    if (existing?.disabled) {
      await deps.audit.record(signInEntry(id, "sign-in-failed", "disabled account", new Date()));
      throw new AppError("forbidden", "Ce compte est désactivé : adressez-vous à l’administrateur.");
    }
    await deps.users.upsertOidc({
      id,
      name: access.name,
      passwordHash: null,
      oidcSubject: access.subject,
      roles: access.roles,
      serviceIds: access.serviceIds,
      allServices: access.allServices,
    });
    await deps.audit.record(signInEntry(id, "sign-in", `directory account (${access.roles.join(", ")})`, new Date()));
    const user = (await deps.users.find(id)) as StaffUser;
    const sessionId = await deps.sessions.create(user.id, exchange.sessionId);
    gateway.setSessionCookie(exchange, sessionId);
    gateway.issueCsrfToken(exchange);
    // The session cookie is SameSite=Strict: after the cross-site return from the directory, the
    // browser would not send it on a redirect. A same-site refresh (no script needed) does.
    const target = safeReturnPath(access.returnTo) ?? homeOf(user.roles);
    exchange.staff = null;
    sendPage(
      exchange,
      town,
      {
        title: "Connexion réussie",
        main: html`<h1>Connexion réussie</h1><p><a href="${target}">Continuer</a></p>`,
      },
      { refresh: `0;url=${target}`, "cache-control": "no-store" },
    );
  }

  return { signInPost, signOut, oidcStart, oidcCallback };
}
