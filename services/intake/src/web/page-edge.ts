import type { IncomingMessage } from "node:http";
import { AppError, httpStatusOf } from "@guichet/runtime";
import { csrfTokenOf, html, renderPage, type SafeHtml, type StaffIdentity, staffOf } from "@guichet/web";

/** The parts of Express's request and response the page controllers use. */
export type PageRequest = IncomingMessage & { body?: unknown; query: Record<string, unknown> };

export interface PageResponse {
  status(code: number): PageResponse;
  type(contentType: string): PageResponse;
  setHeader(name: string, value: string): unknown;
  send(body: string | Buffer): void;
  redirect(status: number, url: string): void;
}

export interface PageResult {
  status?: number;
  title: string;
  main: SafeHtml;
  currentPath: string;
  notice?: string;
  headers?: Record<string, string>;
}

export interface PageContext {
  town: string;
  secret: string;
}

/**
 * Runs a page handler and answers HTML: a refusal (401, 403, 404, 409, 429) gets a page of the
 * common layout saying why, with the right status code, never the JSON of the API error edge.
 */
export async function answerPage(
  request: PageRequest,
  response: PageResponse,
  context: PageContext,
  work: () => Promise<PageResult | { redirect: string }>,
): Promise<void> {
  const staff: StaffIdentity | null = staffOf(request, context.secret);
  const csrfToken = csrfTokenOf(request);
  try {
    const result = await work();
    if ("redirect" in result) {
      response.redirect(303, result.redirect);
      return;
    }
    for (const [name, value] of Object.entries(result.headers ?? {})) response.setHeader(name, value);
    response
      .status(result.status ?? 200)
      .type("html")
      .send(renderPage({ ...result, town: { name: context.town }, staff, csrfToken }));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const title = errorTitles[error.code] ?? "Action impossible";
    const main = html`<h1>${title}</h1><p>${error.message}</p>${
      error.code === "unauthenticated" ? html`<p><a href="/connexion">Se connecter</a></p>` : ""
    }`;
    response
      .status(httpStatusOf[error.code])
      .type("html")
      .send(renderPage({ title, main, town: { name: context.town }, staff, csrfToken }));
  }
}

const errorTitles: Partial<Record<AppError["code"], string>> = {
  unauthenticated: "Connexion requise",
  forbidden: "Accès refusé",
  "not-found": "Page introuvable",
  conflict: "Action impossible",
  validation: "Données invalides",
  "rate-limited": "Trop de demandes envoyées",
};

/** Form fields as strings (urlencoded bodies; multipart bodies are read by readMultipart). */
export function formOf(request: PageRequest): Record<string, string> {
  const form: Record<string, string> = {};
  if (typeof request.body === "object" && request.body !== null)
    for (const [key, value] of Object.entries(request.body as Record<string, unknown>))
      if (typeof value === "string") form[key] = value;
  return form;
}

/** A trimmed field, or undefined when empty (optional fields are `nullish` in the schemas). */
export function optional(form: Record<string, string>, name: string): string | undefined {
  const value = form[name]?.trim();
  return value ? value : undefined;
}

/** Problems of an AppError, or one general problem when it names no field. */
export function problemsOf(error: AppError): { field: string; message: string }[] {
  return error.problems.length > 0 ? [...error.problems] : [{ field: "formulaire", message: error.message }];
}

const parisFormat = new Intl.DateTimeFormat("fr-FR", {
  timeZone: "Europe/Paris",
  dateStyle: "full",
  timeStyle: "short",
});

/** "samedi 28 novembre 2026 à 17:49" (Europe/Paris). */
export function parisDateTime(date: Date): string {
  return parisFormat.format(date);
}
