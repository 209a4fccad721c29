import { AppError, httpStatusOf } from "@guichet/runtime";
import { html, type RequestLike, renderPage, type SafeHtml, type StaffIdentity, staffOf } from "@guichet/web";

/** The parts of Express's request and response the page controllers use. */
export interface PageRequest extends RequestLike {
  query: Record<string, unknown>;
  body?: unknown;
}

export interface PageResponse {
  status(code: number): PageResponse;
  type(contentType: string): PageResponse;
  send(body: string): void;
  redirect(status: number, url: string): void;
}

export interface PageResult {
  status?: number;
  title: string;
  main: SafeHtml;
  currentPath: string;
  notice?: string;
}

/**
 * Runs a page handler and answers HTML: pages never answer the JSON of the API error edge; a refusal
 * (401, 403, 404, 409) gets a page of the common layout saying why, with the right status code.
 */
export async function answerPage(
  request: PageRequest,
  response: PageResponse,
  context: { town: string; secret: string },
  work: () => Promise<PageResult | { redirect: string }>,
): Promise<void> {
  try {
    const result = await work();
    if ("redirect" in result) {
      response.redirect(303, result.redirect);
      return;
    }
    const staff = staffOf(request, context.secret);
    const page = renderPage({ ...result, town: { name: context.town }, staff });
    response
      .status(result.status ?? 200)
      .type("html")
      .send(page);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const staff: StaffIdentity | null = staffOf(request, context.secret);
    const title = errorTitles[error.code] ?? "Action impossible";
    const main = html`<h1>${title}</h1><p>${error.message}</p>${
      error.code === "unauthenticated"
        ? html`<p><a href="/connexion">Se connecter</a></p>`
        : html`<p><a href="/bureau">Retour aux demandes</a></p>`
    }`;
    response
      .status(httpStatusOf[error.code])
      .type("html")
      .send(renderPage({ title, main, town: { name: context.town }, staff }));
  }
}

const errorTitles: Partial<Record<AppError["code"], string>> = {
  unauthenticated: "Connexion requise",
  forbidden: "Accès refusé",
  "not-found": "Demande introuvable",
  conflict: "Action impossible",
  validation: "Données invalides",
};

/** A form's body as a flat record of strings (urlencoded forms). */
export function formOf(request: PageRequest): Record<string, unknown> {
  return typeof request.body === "object" && request.body !== null ? (request.body as Record<string, unknown>) : {};
}

/** Keeps what the person typed (strings only) to give it back with the error summary. */
export function typedValues(form: Record<string, unknown>, prefix: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(form))
    if (typeof value === "string" && key !== "_csrf") values[`${prefix}.${key}`] = value;
  return values;
}
