import { baseEnvSchema, type InfrastructureOptions, infrastructureOptions, parseEnv } from "@guichet/runtime";
import { z } from "zod";
import type { TownIdentity } from "./messages/town-identity.types.ts";

const envSchema = baseEnvSchema.extend({
  NOTIFICATION_PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  /** SMTP relay for outgoing mail: the local mail catcher in development and tests. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).default("smtp://127.0.0.1:1025"),
  MAIL_FROM: z.string().min(3).default("Mairie de Loire-Authion <ne-pas-repondre@mairie.loire-authion.example>"),
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
});

export interface NotificationConfig {
  infrastructure: InfrastructureOptions;
  port: number;
  smtpUrl: string;
  mailFrom: string;
  messageIdDomain: string;
  sendConcurrency: number;
  town: TownIdentity;
}

/** The only place notification reads the environment. */
export function loadNotificationConfig(env: Record<string, string | undefined> = process.env): NotificationConfig {
  const parsed = parseEnv(envSchema, env);
  return {
    infrastructure: infrastructureOptions(parsed),
    port: parsed.NOTIFICATION_PORT,
    smtpUrl: parsed.SMTP_URL,
    mailFrom: parsed.MAIL_FROM,
    messageIdDomain: parsed.MAIL_MESSAGE_ID_DOMAIN,
    sendConcurrency: parsed.NOTIFICATION_SEND_CONCURRENCY,
    town: {
      name: parsed.GUICHET_TOWN_NAME,
      mayorTitle: parsed.GUICHET_TOWN_MAYOR_TITLE,
      postalAddress: parsed.GUICHET_TOWN_ADDRESS,
      websiteUrl: parsed.GUICHET_TOWN_WEBSITE,
      administrativeCourt: { name: parsed.GUICHET_TOWN_COURT_NAME, address: parsed.GUICHET_TOWN_COURT_ADDRESS },
      senderAddress: addressOf(parsed.MAIL_FROM),
    },
  };
}

/** `Name <address>` or a bare address. */
function addressOf(mailbox: string): string {
  return /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox.trim();
}
