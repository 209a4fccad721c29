import {
  baseEnvSchema,
  ConfigError,
  type InfrastructureOptions,
  infrastructureOptions,
  parseEnv,
} from "@guichet/runtime";
import { type Role, roleSchema } from "@guichet/web";
import { z } from "zod";
import { contrastWithWhite } from "./theme/contrast.ts";

const flag = z.enum(["true", "false"]).default("false");
const serviceUrl = (port: number) => z.url({ protocol: /^https?$/ }).default(`http://127.0.0.1:${port}`);

const envSchema = baseEnvSchema.extend({
  WEB_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public origin of the site: cookies get Secure and HSTS is sent when it is https. */
  GUICHET_PUBLIC_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:3000"),
  INTAKE_URL: serviceUrl(3001),
  ROUTING_URL: serviceUrl(3002),
  NOTIFICATION_URL: serviceUrl(3003),
  REPORTING_URL: serviceUrl(3004),
  APPOINTMENTS_URL: serviceUrl(3005),
  GUICHET_TOWN_NAME: z.string().min(1).max(80).default("Loire-Authion"),
  /** Header and button colour; white text is written on it, so it must reach 4.5:1 (WCAG AA). */
  GUICHET_TOWN_PRIMARY_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "a colour #rrggbb")
    .refine((colour) => contrastWithWhite(colour) >= 4.5, "contrast with white text below 4.5:1 (WCAG AA)")
    .default("#1d4e89"),
  /** Trust X-Forwarded-For / X-Forwarded-Proto (only behind a reverse proxy that sets them). */
  GUICHET_TRUST_PROXY: flag,
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(10),
  /** The audit trail is deleted after this many days (the personal-data notice says one year). */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(365),
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  SIGN_IN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Per client IP: POST /connexion, and public form posts (citizen submissions, follow-up look-ups). */
  RATE_LIMIT_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_PUBLIC_FORMS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** OpenID Connect: enabled when the issuer is set. */
  OIDC_ISSUER_URL: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_SCOPES: z.string().default("openid profile"),
  /** Claim holding the person's groups or roles, and the one holding their catalogue services. */
  OIDC_ROLES_CLAIM: z.string().min(1).default("roles"),
  OIDC_SERVICES_CLAIM: z.string().min(1).default("guichet_services"),
  /** Claim value → role, e.g. "GG-Accueil:reception,GG-Voirie:agent". Role names map to themselves. */
  OIDC_ROLE_MAP: z.string().default(""),
  /** Plain-HTTP issuer (tests and development only). */
  OIDC_ALLOW_HTTP: flag,
  /** Demo accounts with fixed passwords (`guichet start` only, never in production). */
  GUICHET_DEMO: flag,
});

export interface OidcOptions {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  rolesClaim: string;
  servicesClaim: string;
  roleMap: ReadonlyMap<string, Role>;
  allowHttp: boolean;
}

export interface WebConfig {
  infrastructure: InfrastructureOptions;
  port: number;
  publicUrl: string;
  upstreams: { intake: string; routing: string; notification: string; reporting: string; appointments: string };
  town: { name: string; primaryColor: string };
  trustProxy: boolean;
  session: { idleMinutes: number; absoluteHours: number };
  lockout: { maxFailures: number; lockMinutes: number };
  auditRetentionDays: number;
  rateLimits: { signInPerMinute: number; publicFormsPerMinute: number };
  oidc: OidcOptions | null;
  demo: boolean;
}

function parseRoleMap(text: string): Map<string, Role> {
  const map = new Map<string, Role>(roleSchema.options.map((role) => [role, role]));
  for (const pair of text.split(",").filter((p) => p.trim())) {
    const at = pair.lastIndexOf(":");
    const role = roleSchema.safeParse(pair.slice(at + 1).trim());
    if (at < 1 || !role.success) throw new ConfigError([`OIDC_ROLE_MAP: "${pair}" is not "claim-value:role"`]);
    map.set(pair.slice(0, at).trim(), role.data);
  }
  return map;
}

/** The only place the web gateway reads the environment. */
export function loadWebConfig(env: Record<string, string | undefined> = process.env): WebConfig {
  const parsed = parseEnv(envSchema, env);
  let oidc: OidcOptions | null = null;
  if (parsed.OIDC_ISSUER_URL) {
    if (!parsed.OIDC_CLIENT_ID || !parsed.OIDC_CLIENT_SECRET)
      throw new ConfigError(["OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: required with OIDC_ISSUER_URL"]);
    oidc = {
      issuerUrl: parsed.OIDC_ISSUER_URL,
      clientId: parsed.OIDC_CLIENT_ID,
      clientSecret: parsed.OIDC_CLIENT_SECRET,
      scopes: parsed.OIDC_SCOPES,
      rolesClaim: parsed.OIDC_ROLES_CLAIM,
      servicesClaim: parsed.OIDC_SERVICES_CLAIM,
      roleMap: parseRoleMap(parsed.OIDC_ROLE_MAP),
      allowHttp: parsed.OIDC_ALLOW_HTTP === "true",
    };
  }
  return {
    infrastructure: infrastructureOptions(parsed),
    port: parsed.WEB_PORT,
    publicUrl: parsed.GUICHET_PUBLIC_URL.replace(/\/$/, ""),
    upstreams: {
      intake: parsed.INTAKE_URL,
      routing: parsed.ROUTING_URL,
      notification: parsed.NOTIFICATION_URL,
      reporting: parsed.REPORTING_URL,
      appointments: parsed.APPOINTMENTS_URL,
    },
    town: { name: parsed.GUICHET_TOWN_NAME, primaryColor: parsed.GUICHET_TOWN_PRIMARY_COLOR.toLowerCase() },
    trustProxy: parsed.GUICHET_TRUST_PROXY === "true",
    session: { idleMinutes: parsed.SESSION_IDLE_MINUTES, absoluteHours: parsed.SESSION_ABSOLUTE_HOURS },
    lockout: { maxFailures: parsed.SIGN_IN_MAX_FAILURES, lockMinutes: parsed.SIGN_IN_LOCK_MINUTES },
    auditRetentionDays: parsed.AUDIT_RETENTION_DAYS,
    rateLimits: {
      signInPerMinute: parsed.RATE_LIMIT_SIGN_IN_PER_MINUTE,
      publicFormsPerMinute: parsed.RATE_LIMIT_PUBLIC_FORMS_PER_MINUTE,
    },
    oidc,
    demo: parsed.GUICHET_DEMO === "true",
  };
}
