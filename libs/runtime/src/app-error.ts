/**
 * Errors as codes: use cases throw an AppError with a code from this closed union; the HTTP edge
 * (HttpErrorFilter) maps codes to status codes, the message edge (libs/messaging) to ack decisions.
 */
export type AppErrorCode =
  | "validation"
  | "not-found"
  | "conflict"
  | "unauthenticated"
  | "forbidden"
  | "rate-limited"
  | "payload-too-large"
  | "unavailable";

export interface FieldProblem {
  /** Dotted path of the field in the submitted document, e.g. `citizen.email`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly problems: readonly FieldProblem[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const httpStatusOf: Record<AppErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "payload-too-large": 413,
  "rate-limited": 429,
  unavailable: 503,
};
