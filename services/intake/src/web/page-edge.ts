import type { IncomingMessage } from "node:http";
import type { AppError } from "@guichet/runtime";
import type { PageRequest as WebPageRequest } from "@guichet/web";

/** A page request as Node gives it: multipart bodies are streamed from it (readMultipart). */
export type PageRequest = IncomingMessage & WebPageRequest;

/** Form fields as strings (urlencoded bodies; multipart bodies are read by readMultipart). */
export { formOf } from "@guichet/web";

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
