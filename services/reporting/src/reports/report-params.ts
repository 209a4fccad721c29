import { AppError } from "@guichet/runtime";
import { z } from "zod";

export const DIMENSIONS = ["service", "subject", "site", "channel", "experiment"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const PERIODS = ["day", "week", "month", "year"] as const;
export type Period = (typeof PERIODS)[number];

const localDate = z.iso.date("date attendue AAAA-MM-JJ");
const list = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).filter(Boolean),
    )
    .pipe(z.array(item));

const reportQuerySchema = z
  .object({
    /** First local day (Europe/Paris) of receipt, included. */
    from: localDate,
    /** Last local day of receipt, included. */
    to: localDate,
    groupBy: list(z.enum(DIMENSIONS)).default([]),
    period: z.enum(PERIODS).optional(),
    service: list(z.string().max(80)),
    subject: list(z.string().max(80)),
    site: list(z.string().max(80)),
    channel: list(z.string().max(20)),
    experiment: list(z.string().max(80)),
    /** The instant open requests are judged at (default now): tests and re-runs of past reports. */
    asOf: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((q) => q.from <= q.to, { path: ["to"], message: "la date de fin précède la date de début" });

export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** Who asks: null = every service (general manager, admin), else the services they manage. */
export type ServiceScope = readonly string[] | null;

/** Parses query parameters; a 400 names each bad parameter. */
export function parseReportQuery(raw: unknown): ReportQuery {
  const parsed = reportQuerySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? "query"), message: i.message }));
  throw new AppError("validation", `paramètres invalides : ${problems.map((p) => p.field).join(", ")}`, problems);
}
