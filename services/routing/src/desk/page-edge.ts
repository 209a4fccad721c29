import type { PageEdgeOptions, PageRequest } from "@guichet/web";

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

/** How the desk and triage pages answer a refusal (see answerPage in @guichet/web). */
export function deskPageOptions(town: string, secret: string): PageEdgeOptions {
  return {
    town,
    secret,
    titles: { "not-found": "Demande introuvable", "rate-limited": "Action impossible" },
    back: { href: "/bureau", label: "Retour aux demandes" },
  };
}
