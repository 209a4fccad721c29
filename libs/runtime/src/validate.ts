import { z } from "zod";
import { AppError } from "./app-error.ts";

// zod's own messages ("expected string, received number") in French: the people who read them are
// citizens and agents. Messages written in a schema take precedence.
const french = z.locales.fr().localeError;

/** Parses an outside input; a failure names each faulty field and why (HTTP 400 at the edge). */
export function validateInput<S extends z.ZodType>(schema: S, input: unknown, what = "request"): z.infer<S> {
  const result = schema.safeParse(input, { error: french });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    field: issue.path.join(".") || "(body)",
    message: issue.message,
  }));
  throw new AppError(
    "validation",
    `invalid ${what}: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`,
    problems,
  );
}
