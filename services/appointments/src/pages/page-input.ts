import type { AppError } from "@guichet/runtime";
import type { PageRequest } from "@guichet/web";

export function queryString(request: PageRequest, name: string): string {
  const value = request.query[name];
  return typeof value === "string" ? value : "";
}

/** Problems of an AppError for the error summary, or one general problem when it names no field. */
export function problemsOf(error: AppError): { field: string; message: string }[] {
  return error.problems.length > 0 ? [...error.problems] : [{ field: "start", message: error.message }];
}

/** The first day of the week shown (`du=YYYY-MM-DD`), else today's date. */
export function weekStart(request: PageRequest, today: string): string {
  const from = queryString(request, "du");
  return /^\d{4}-\d{2}-\d{2}$/.test(from) && from >= today ? from : today;
}

/** Private pages (a link with a token): never cached, never sent as a referrer. */
export const PRIVATE_PAGE = { "cache-control": "no-store", "referrer-policy": "no-referrer" };
