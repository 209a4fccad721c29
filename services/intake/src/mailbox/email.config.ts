import { ConfigError } from "@guichet/runtime";
import { z } from "zod";

// The e-mail part of intake's environment schema. config.ts merges this shape into its own and is
// still the only file that reads process.env.

const flag = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");
const list = z.string().transform((value) =>
  value
    .split(",")
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== ""),
);
const port = z.coerce.number().int().min(0).max(65535);
const domainOrAddress = /^([^\s@]+@)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

export const emailEnvShape = {
  /** Right-hand side of notification's Message-IDs: replies and bounces are matched through it. */
  MAIL_MESSAGE_ID_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/)
    .default("guichet.loire-authion.example"),
  /** Notification's sender: mail from it is never a request (loops). */
  MAIL_FROM: z.string().min(3).default("Mairie de Loire-Authion <ne-pas-repondre@mairie.loire-authion.example>"),
  /** Notification's Reply-To (the town's answer address): mail from it is never a request either. */
  MAIL_REPLY_TO: z.string().min(3).optional(),
  /** Other addresses of ours (comma-separated) whose mail must never become a request. */
  INTAKE_EMAIL_OWN_ADDRESSES: list.default([]),
  INTAKE_SMTP_ENABLED: flag.default(false),
  INTAKE_SMTP_HOST: z.string().min(1).optional(),
  INTAKE_SMTP_PORT: port.default(2525),
  /** Name in the greeting and in the Received header. */
  INTAKE_SMTP_HOSTNAME: z.string().min(1).default("guichet-intake"),
  /** Accepted recipients: domains (mairie.example) and/or addresses (contact@mairie.example). */
  INTAKE_SMTP_RECIPIENTS: list.default([]),
  INTAKE_SMTP_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(30 * 1024 * 1024),
  /** Setting the host enables the IMAP poller. */
  INTAKE_IMAP_HOST: z.string().min(1).optional(),
  INTAKE_IMAP_PORT: port.default(993),
  INTAKE_IMAP_TLS: flag.default(true),
  INTAKE_IMAP_USER: z.string().min(1).optional(),
  INTAKE_IMAP_PASSWORD: z.string().min(1).optional(),
  INTAKE_IMAP_MAILBOX: z.string().min(1).default("INBOX"),
  /** Safety-net polling interval; with IDLE new mail is seen at once. */
  INTAKE_IMAP_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
};

const emailEnvSchema = z.object(emailEnvShape);
type EmailEnv = z.output<typeof emailEnvSchema>;

export interface SmtpReceiverConfig {
  host: string;
  port: number;
  hostname: string;
  /** Lower-case domains and addresses. */
  recipients: string[];
  maxBytes: number;
}

export interface ImapPollerConfig {
  host: string;
  port: number;
  tls: boolean;
  user: string;
  password: string;
  mailbox: string;
  pollSeconds: number;
}

export interface EmailConfig {
  messageIdDomain: string;
  ownAddresses: string[];
  /** null when the SMTP receiver is disabled. */
  smtp: SmtpReceiverConfig | null;
  /** null when no IMAP mailbox is configured. */
  imap: ImapPollerConfig | null;
}

export function emailConfigOf(env: EmailEnv & { HOST: string }): EmailConfig {
  const problems: string[] = [];
  const invalid = env.INTAKE_SMTP_RECIPIENTS.filter((item) => !domainOrAddress.test(item));
  if (invalid.length > 0) problems.push(`INTAKE_SMTP_RECIPIENTS: not a domain or an address: ${invalid.join(", ")}`);
  if (env.INTAKE_SMTP_ENABLED && env.INTAKE_SMTP_RECIPIENTS.length === 0) {
    problems.push("INTAKE_SMTP_RECIPIENTS: required when INTAKE_SMTP_ENABLED is true (not set)");
  }
  if (env.INTAKE_IMAP_HOST !== undefined) {
    if (env.INTAKE_IMAP_USER === undefined) problems.push("INTAKE_IMAP_USER: required with INTAKE_IMAP_HOST (not set)");
    if (env.INTAKE_IMAP_PASSWORD === undefined) {
      problems.push("INTAKE_IMAP_PASSWORD: required with INTAKE_IMAP_HOST (not set)");
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const addressOf = (mailbox: string) => (/<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox).trim().toLowerCase();
  const ours = [env.MAIL_FROM, ...(env.MAIL_REPLY_TO ? [env.MAIL_REPLY_TO] : [])].map(addressOf);
  return {
    messageIdDomain: env.MAIL_MESSAGE_ID_DOMAIN,
    ownAddresses: [...new Set([...ours, ...env.INTAKE_EMAIL_OWN_ADDRESSES])],
    smtp: env.INTAKE_SMTP_ENABLED
      ? {
          host: env.INTAKE_SMTP_HOST ?? env.HOST,
          port: env.INTAKE_SMTP_PORT,
          hostname: env.INTAKE_SMTP_HOSTNAME,
          recipients: env.INTAKE_SMTP_RECIPIENTS,
          maxBytes: env.INTAKE_SMTP_MAX_BYTES,
        }
      : null,
    imap:
      env.INTAKE_IMAP_HOST === undefined
        ? null
        : {
            host: env.INTAKE_IMAP_HOST,
            port: env.INTAKE_IMAP_PORT,
            tls: env.INTAKE_IMAP_TLS,
            user: env.INTAKE_IMAP_USER as string,
            password: env.INTAKE_IMAP_PASSWORD as string,
            mailbox: env.INTAKE_IMAP_MAILBOX,
            pollSeconds: env.INTAKE_IMAP_POLL_SECONDS,
          },
  };
}
