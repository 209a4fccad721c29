import { fileURLToPath } from "node:url";
import { baseEnvSchema, type InfrastructureOptions, infrastructureOptions, parseEnv } from "@guichet/runtime";
import { z } from "zod";

const demoCatalog = fileURLToPath(new URL("../../../data/loire-authion/catalog.yaml", import.meta.url));

const managerSchema = z.object({
  email: z.email(),
  serviceIds: z.array(z.string()).default([]),
  allServices: z.boolean().default(false),
});
export type ManagerRecipient = z.infer<typeof managerSchema>;

const envSchema = baseEnvSchema.extend({
  REPORTING_PORT: z.coerce.number().int().min(0).max(65535).default(3004),
  /** Same catalogue file as routing: the calendars and default targets deadlines are computed on. */
  GUICHET_CATALOG_FILE: z.string().min(1).default(demoCatalog),
  /** Key of the hash the follow-up page matches the citizen's e-mail on (reporting never stores it). */
  REPORTING_MATCH_KEY: z
    .string()
    .min(32, "at least 32 characters")
    .default("dev-only-reporting-match-key-change-me-00"),
  /** How often the alert scheduler looks for requests nearing or past a deadline; 0 disables it. */
  REPORTING_ALERT_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(300),
  /** Share of the target elapsed at which a "nearing" alert is raised. */
  REPORTING_ALERT_NEARING_RATIO: z.coerce.number().gt(0).lt(1).default(0.8),
  /** Weekly report recipients (JSON array of {email, serviceIds, allServices}); from config until users hold them. */
  REPORTING_MANAGERS: z
    .string()
    .default("[]")
    .transform((text, ctx) => {
      try {
        return z.array(managerSchema).parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: "custom", message: "JSON array of {email, serviceIds, allServices}" });
        return z.NEVER;
      }
    }),
  /** The one public origin (web gateway): links e-mailed to volunteers point at it. */
  GUICHET_PUBLIC_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:3000"),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).default("smtp://127.0.0.1:1025"),
  MAIL_FROM: z.string().min(3).default("Mairie de Loire-Authion <ne-pas-repondre@mairie.loire-authion.example>"),
});

export interface ReportingConfig {
  infrastructure: InfrastructureOptions;
  port: number;
  catalogFile: string;
  matchKey: string;
  alerts: { intervalSeconds: number; nearingRatio: number };
  weeklyReport: { managers: ManagerRecipient[]; smtpUrl: string; mailFrom: string };
  /** Optional so existing callers keep working: defaults to the local gateway. */
  publicUrl?: string;
}

/** The only place reporting reads the environment. */
export function loadReportingConfig(env: Record<string, string | undefined> = process.env): ReportingConfig {
  const parsed = parseEnv(envSchema, env);
  return {
    infrastructure: infrastructureOptions(parsed),
    port: parsed.REPORTING_PORT,
    catalogFile: parsed.GUICHET_CATALOG_FILE,
    matchKey: parsed.REPORTING_MATCH_KEY,
    alerts: {
      intervalSeconds: parsed.REPORTING_ALERT_INTERVAL_SECONDS,
      nearingRatio: parsed.REPORTING_ALERT_NEARING_RATIO,
    },
    weeklyReport: { managers: parsed.REPORTING_MANAGERS, smtpUrl: parsed.SMTP_URL, mailFrom: parsed.MAIL_FROM },
    publicUrl: parsed.GUICHET_PUBLIC_URL,
  };
}
