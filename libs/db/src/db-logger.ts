/** The subset of a pino-like logger the library needs, so services can pass their own. */
export interface DbLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

// Without a logger, routine information stays quiet but outages still reach stderr: a relay that
// silently stops publishing is worse than a noisy one.
export const defaultLogger: DbLogger = {
  info: () => {},
  warn: (obj, msg) => console.warn(JSON.stringify({ level: "warn", msg, ...obj })),
  error: (obj, msg) => console.error(JSON.stringify({ level: "error", msg, ...obj })),
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
