/**
 * Closed set of failure reasons, so that edges can map them without parsing messages:
 * the operator CLI prints the message and exits 2 for every one of them, a service maps them to a
 * validation failure (bad catalogue, bad request) rather than to a retryable error.
 */
export type CalendarErrorCode =
  | "invalid-definition"
  | "invalid-catalogue"
  | "unknown-calendar"
  | "invalid-instant"
  | "invalid-duration"
  | "invalid-interval"
  | "invalid-arguments"
  | "out-of-range";

export class CalendarError extends Error {
  override readonly name = "CalendarError";
  readonly code: CalendarErrorCode;

  constructor(code: CalendarErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
