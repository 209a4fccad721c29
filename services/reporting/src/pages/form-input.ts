import { AppError } from "@guichet/runtime";
import type { PageRequest } from "@guichet/web";

/** The string fields of an urlencoded form (each cut to 4,000 characters; the schemas set the real limits). */
export function formOf(request: PageRequest): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries((request.body ?? {}) as Record<string, unknown>))
    if (typeof value === "string") form[key] = value.slice(0, 4000);
  return form;
}

/** The field problems of a validation error, to show in the form; any other error goes on. */
export function problemsOf(error: unknown): { field: string; message: string }[] {
  if (!(error instanceof AppError) || error.code !== "validation") throw error;
  return [...error.problems];
}
