import { AppError, httpStatusOf } from "@guichet/runtime";
import { csrfTokenOf } from "./csrf.ts";
import { html, type SafeHtml } from "./html.ts";
import { renderPage } from "./layout.ts";
import { type RequestLike, staffOf } from "./staff.ts";

/** The parts of Express's request and response that page controllers use. */
export interface PageRequest extends RequestLike {
  query: Record<string, unknown>;
  body?: unknown;
}

export interface PageResponse {
  status(code: number): PageResponse;
  type(contentType: string): PageResponse;
  setHeader(name: string, value: string): unknown;
  send(body: string | Buffer): void;
  redirect(status: number, url: string): void;
}

/** Form fields as strings (urlencoded bodies; anything else is left out). */
export function formOf(request: PageRequest): Record<string, string> {
  const form: Record<string, string> = {};
  if (typeof request.body === "object" && request.body !== null)
    for (const [key, value] of Object.entries(request.body as Record<string, unknown>))
      if (typeof value === "string") form[key] = value;
  return form;
}

/** What a page handler returns: the page's content, or a redirect after a POST. */
export interface PageResult {
  status?: number;
  title: string;
  main: SafeHtml;
  currentPath?: string;
  notice?: string;
  headers?: Record<string, string>;
}

export interface PageEdgeOptions {
  /** The town's name, for the layout. */
  town: string;
  /** The identity secret (config.infrastructure.identitySecret), to show the signed-in person. */
  secret: string;
  /** Titles of the refusal pages that differ from the defaults (e.g. "Demande introuvable"). */
  titles?: Partial<Record<AppError["code"], string>>;
  /** Where a refused staff member can go back to (not offered for a sign-in refusal). */
  back?: { href: string; label: string };
}

const DEFAULT_TITLES: Partial<Record<AppError["code"], string>> = {
  unauthenticated: "Connexion requise",
  forbidden: "Accès refusé",
  "not-found": "Page introuvable",
  conflict: "Action impossible",
  validation: "Données invalides",
  "rate-limited": "Trop de demandes envoyées",
};

/**
 * Runs a page handler and answers HTML in the common layout. Pages never answer the JSON of the API
 * error edge: a refusal (401, 403, 404, 409, 429…) is a page saying why, with the right status code.
 */
export async function answerPage(
  request: PageRequest,
  response: PageResponse,
  options: PageEdgeOptions,
  work: () => Promise<PageResult | { redirect: string }>,
): Promise<void> {
  const staff = staffOf(request, options.secret);
  const layout = { town: { name: options.town }, staff, csrfToken: csrfTokenOf(request) };
  try {
    const result = await work();
    if ("redirect" in result) {
      response.redirect(303, result.redirect);
      return;
    }
    const { status, headers, ...page } = result;
    for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
    response
      .status(status ?? 200)
      .type("html")
      .send(renderPage({ ...page, ...layout }));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const title = options.titles?.[error.code] ?? DEFAULT_TITLES[error.code] ?? "Action impossible";
    const next =
      error.code === "unauthenticated"
        ? html`<p><a href="/connexion">Se connecter</a></p>`
        : options.back
          ? html`<p><a href="${options.back.href}">${options.back.label}</a></p>`
          : "";
    response
      .status(httpStatusOf[error.code])
      .type("html")
      .send(renderPage({ title, main: html`<h1>${title}</h1><p>${error.message}</p>${next}`, ...layout }));
  }
}
