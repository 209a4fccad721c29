import {
  baseEnvSchema,
  ConfigError,
  type InfrastructureOptions,
  infrastructureOptions,
  parseEnv,
} from "@guichet/runtime";
import { z } from "zod";
import { DEFAULT_QUIET_HOURS, type QuietHours } from "./delivery/sms/quiet-hours.ts";
import type { TownIdentity } from "./messages/town-identity.types.ts";
import { DEFAULT_POLICY, loadPolicyFile, type NotificationPolicy } from "./policy/notification-policy.ts";
import type { SurveyOptions } from "./surveys/survey-invitation.ts";

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM")
  .transform((value) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3)));

const envSchema = baseEnvSchema.extend({
  NOTIFICATION_PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  /** SMTP relay for outgoing mail: the local mail catcher in development and tests. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).default("smtp://127.0.0.1:1025"),
  MAIL_FROM: z.string().min(3).default("Mairie de Loire-Authion <ne-pas-repondre@mairie.loire-authion.example>"),
  /** Reply-To of every e-mail (e.g. the mailbox intake reads); unset, answers go to MAIL_FROM. */
  MAIL_REPLY_TO: z.string().min(3).optional(),
  /** Right-hand side of our Message-IDs, so replies and bounces can be matched to requests. */
  MAIL_MESSAGE_ID_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/)
    .default("guichet.loire-authion.example"),
  /** How many messages one instance sends at the same time. */
  NOTIFICATION_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  // Who speaks in every message (the acknowledgement states it).
  GUICHET_TOWN_NAME: z.string().min(1).default("Loire-Authion"),
  GUICHET_TOWN_MAYOR_TITLE: z.enum(["Monsieur le Maire", "Madame la Maire"]).default("Monsieur le Maire"),
  GUICHET_TOWN_ADDRESS: z.string().min(1).default("1 place de la Mairie, Brain-sur-l'Authion, 49800 Loire-Authion"),
  GUICHET_TOWN_WEBSITE: z.url().default("https://www.loire-authion.example"),
  GUICHET_TOWN_COURT_NAME: z.string().min(1).default("Tribunal administratif de Nantes"),
  GUICHET_TOWN_COURT_ADDRESS: z.string().min(1).default("6 allée de l'Île-Gloriette, 44041 Nantes Cedex 01"),
  /** General contacts printed when the catalogue lacks a service's e-mail or phone (R112-5). */
  GUICHET_TOWN_CONTACT_EMAIL: z.email().optional(),
  GUICHET_TOWN_PHONE: z.string().min(6).optional(),
  /** Which receipts are sent per channel and subject (YAML, see docs/acknowledgements.md). */
  NOTIFICATION_POLICY_FILE: z.string().min(1).optional(),
  /** SMS: none (SMS never chosen), ovh (OVHcloud SMS API) or webhook (signed JSON POST). */
  SMS_PROVIDER: z.enum(["none", "ovh", "webhook"]).default("none"),
  OVH_ENDPOINT: z.url().default("https://eu.api.ovh.com/1.0"),
  OVH_APPLICATION_KEY: z.string().min(1).optional(),
  OVH_APPLICATION_SECRET: z.string().min(1).optional(),
  OVH_CONSUMER_KEY: z.string().min(1).optional(),
  OVH_SMS_SERVICE_NAME: z.string().min(1).optional(),
  /** Alphanumeric sender registered with the provider (max 11 characters). */
  SMS_SENDER: z
    .string()
    .regex(/^[A-Za-z0-9 ]{1,11}$/)
    .default("Mairie"),
  SMS_WEBHOOK_URL: z.url().optional(),
  SMS_WEBHOOK_SECRET: z.string().min(32, "at least 32 characters").optional(),
  /** No SMS from SMS_QUIET_START to SMS_QUIET_END (Europe/Paris), deferred to the next allowed time. */
  SMS_QUIET_START: clockTime.default(20 * 60),
  SMS_QUIET_END: clockTime.default(8 * 60),
  SMS_QUIET_SUNDAYS_HOLIDAYS: z
    .enum(["true", "false"])
    .default(DEFAULT_QUIET_HOURS.sundaysAndHolidays ? "true" : "false"),
  /**
   * Acknowledgement target of a request waiting in triage, in jours ouvrés after the day of receipt:
   * the catalogue's defaults.targets.acknowledgement_business_days (1 in the reference catalogue).
   * request.sent-to-triage carries no targets, so notification is told it here.
   */
  NOTIFICATION_TRIAGE_ACK_BUSINESS_DAYS: z.coerce.number().int().min(1).max(10).default(1),
  /** How long before the end of that target day the acknowledgement leaves (room for retries). */
  NOTIFICATION_TRIAGE_ACK_MARGIN_MINUTES: z.coerce.number().int().min(0).max(720).default(180),
  NOTIFICATION_TRIAGE_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** The reception (triage) service named in such an acknowledgement; missing contacts: the town hall's. */
  NOTIFICATION_TRIAGE_SERVICE_NAME: z.string().min(1).default("Accueil et orientation"),
  NOTIFICATION_TRIAGE_SERVICE_EMAIL: z.email().optional(),
  NOTIFICATION_TRIAGE_SERVICE_PHONE: z.string().min(6).optional(),
  NOTIFICATION_TRIAGE_SERVICE_ADDRESS: z.string().min(1).optional(),
  /** The one public origin (web gateway): the survey links point at its /satisfaction page. */
  GUICHET_PUBLIC_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:3000"),
  /** Invite citizens to the satisfaction survey after closing (e-mail or SMS, once per request). */
  NOTIFICATION_SURVEY_ENABLED: z.enum(["true", "false"]).default("true"),
});

/** Requests waiting in triage: when they are acknowledged anyway, and in whose name. */
export interface TriageConfig {
  acknowledgementBusinessDays: number;
  marginMinutes: number;
  pollIntervalMs: number;
  service: { name: string; email: string | null; phone: string | null; postalAddress: string | null };
}

export const DEFAULT_TRIAGE_CONFIG: TriageConfig = {
  acknowledgementBusinessDays: 1,
  marginMinutes: 180,
  pollIntervalMs: 60_000,
  service: { name: "Accueil et orientation", email: null, phone: null, postalAddress: null },
};

export type SmsConfig =
  | { provider: "none" }
  | {
      provider: "ovh";
      endpoint: string;
      applicationKey: string;
      applicationSecret: string;
      consumerKey: string;
      serviceName: string;
      sender: string;
    }
  | { provider: "webhook"; url: string; secret: string };

export interface NotificationConfig {
  infrastructure: InfrastructureOptions;
  port: number;
  smtpUrl: string;
  mailFrom: string;
  mailReplyTo: string | null;
  messageIdDomain: string;
  sendConcurrency: number;
  town: TownIdentity;
  /** Optional so existing callers (e2e harness) keep working: defaults to no SMS. */
  sms?: SmsConfig;
  quietHours?: QuietHours;
  policy?: NotificationPolicy;
  /** Optional so existing callers keep working: defaults to DEFAULT_TRIAGE_CONFIG. */
  triage?: TriageConfig;
  /** Optional so existing callers keep working: defaults to no survey. */
  survey?: SurveyOptions;
}

/** The only place notification reads the environment. */
export function loadNotificationConfig(env: Record<string, string | undefined> = process.env): NotificationConfig {
  const parsed = parseEnv(envSchema, env);
  return {
    infrastructure: infrastructureOptions(parsed),
    port: parsed.NOTIFICATION_PORT,
    smtpUrl: parsed.SMTP_URL,
    mailFrom: parsed.MAIL_FROM,
    mailReplyTo: parsed.MAIL_REPLY_TO ?? null,
    messageIdDomain: parsed.MAIL_MESSAGE_ID_DOMAIN,
    sendConcurrency: parsed.NOTIFICATION_SEND_CONCURRENCY,
    town: {
      name: parsed.GUICHET_TOWN_NAME,
      mayorTitle: parsed.GUICHET_TOWN_MAYOR_TITLE,
      postalAddress: parsed.GUICHET_TOWN_ADDRESS,
      websiteUrl: parsed.GUICHET_TOWN_WEBSITE,
      administrativeCourt: { name: parsed.GUICHET_TOWN_COURT_NAME, address: parsed.GUICHET_TOWN_COURT_ADDRESS },
      senderAddress: addressOf(parsed.MAIL_FROM),
      ...(parsed.GUICHET_TOWN_CONTACT_EMAIL ? { contactEmail: parsed.GUICHET_TOWN_CONTACT_EMAIL } : {}),
      ...(parsed.GUICHET_TOWN_PHONE ? { phone: parsed.GUICHET_TOWN_PHONE } : {}),
    },
    sms: smsConfig(parsed),
    quietHours: {
      startMinute: parsed.SMS_QUIET_START,
      endMinute: parsed.SMS_QUIET_END,
      sundaysAndHolidays: parsed.SMS_QUIET_SUNDAYS_HOLIDAYS === "true",
    },
    survey: {
      baseUrl:
        parsed.NOTIFICATION_SURVEY_ENABLED === "true"
          ? `${parsed.GUICHET_PUBLIC_URL.replace(/\/+$/, "")}/satisfaction`
          : null,
    },
    policy: parsed.NOTIFICATION_POLICY_FILE ? loadPolicyFile(parsed.NOTIFICATION_POLICY_FILE) : DEFAULT_POLICY,
    triage: {
      acknowledgementBusinessDays: parsed.NOTIFICATION_TRIAGE_ACK_BUSINESS_DAYS,
      marginMinutes: parsed.NOTIFICATION_TRIAGE_ACK_MARGIN_MINUTES,
      pollIntervalMs: parsed.NOTIFICATION_TRIAGE_POLL_SECONDS * 1000,
      service: {
        name: parsed.NOTIFICATION_TRIAGE_SERVICE_NAME,
        email: parsed.NOTIFICATION_TRIAGE_SERVICE_EMAIL ?? null,
        phone: parsed.NOTIFICATION_TRIAGE_SERVICE_PHONE ?? null,
        postalAddress: parsed.NOTIFICATION_TRIAGE_SERVICE_ADDRESS ?? null,
      },
    },
  };
}

function smsConfig(env: z.infer<typeof envSchema>): SmsConfig {
  const missing = (names: string[]) => {
    throw new ConfigError([`${names.join(", ")}: required when SMS_PROVIDER=${env.SMS_PROVIDER}`]);
  };
  if (env.SMS_PROVIDER === "ovh") {
    const { OVH_APPLICATION_KEY: ak, OVH_APPLICATION_SECRET: as, OVH_CONSUMER_KEY: ck, OVH_SMS_SERVICE_NAME: sn } = env;
    if (!ak || !as || !ck || !sn)
      return missing(["OVH_APPLICATION_KEY", "OVH_APPLICATION_SECRET", "OVH_CONSUMER_KEY", "OVH_SMS_SERVICE_NAME"]);
    return {
      provider: "ovh",
      endpoint: env.OVH_ENDPOINT,
      applicationKey: ak,
      applicationSecret: as,
      consumerKey: ck,
      serviceName: sn,
      sender: env.SMS_SENDER,
    };
  }
  if (env.SMS_PROVIDER === "webhook") {
    if (!env.SMS_WEBHOOK_URL || !env.SMS_WEBHOOK_SECRET) return missing(["SMS_WEBHOOK_URL", "SMS_WEBHOOK_SECRET"]);
    return { provider: "webhook", url: env.SMS_WEBHOOK_URL, secret: env.SMS_WEBHOOK_SECRET };
  }
  return { provider: "none" };
}

/** `Name <address>` or a bare address. */
function addressOf(mailbox: string): string {
  return /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox.trim();
}
