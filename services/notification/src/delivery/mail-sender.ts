import nodemailer from "nodemailer";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  messageId: string;
  /** Message-IDs this mail follows, so the citizen's mail client threads the conversation. */
  references: string[];
}

/** A failed send: permanent failures (5xx, rejected recipient) are not retried. */
export class SendFailure extends Error {
  constructor(
    readonly code: string,
    readonly permanent: boolean,
  ) {
    super(code);
    this.name = "SendFailure";
  }
}

export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** SMTP through nodemailer's pooled transport. */
export function createSmtpSender(smtpUrl: string, from: string, maxConnections: number): MailSender {
  const url = new URL(smtpUrl);
  const transport = nodemailer.createTransport({
    pool: true,
    host: url.hostname,
    port: Number(url.port || (url.protocol === "smtps:" ? 465 : 25)),
    secure: url.protocol === "smtps:",
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    maxConnections,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.html ? { html: mail.html } : {}),
          messageId: mail.messageId,
          ...(mail.references.length ? { references: mail.references, inReplyTo: mail.references.at(-1) } : {}),
          // RFC 3834: an automatic answer; well-behaved servers will not auto-reply to it (no loops).
          headers: { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" },
        });
      } catch (error) {
        const e = error as { responseCode?: number; code?: string };
        const permanent = typeof e.responseCode === "number" && e.responseCode >= 500;
        // The code only: SMTP answers can quote the recipient's address.
        throw new SendFailure(e.responseCode ? `smtp-${e.responseCode}` : (e.code ?? "smtp-error"), permanent);
      }
    },
    close() {
      transport.close();
    },
  };
}
