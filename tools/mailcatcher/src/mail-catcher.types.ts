export interface MailCatcherOptions {
  /** SMTP port; 0 (the default) picks a free one. */
  smtpPort?: number;
  /** HTTP port; 0 (the default) picks a free one. */
  httpPort?: number;
  /** Interface both servers bind; default 127.0.0.1 (the catcher has no authentication). */
  host?: string;
  /** Messages kept in memory, oldest dropped first; default 5,000. */
  maxMessages?: number;
}

export interface CaughtAttachment {
  filename: string | null;
  contentType: string;
  size: number;
}

export interface CaughtMessage {
  id: string;
  /** ISO-8601 instant (UTC) at which the SMTP transaction ended. */
  receivedAt: string;
  /** What the SMTP client said (MAIL FROM / RCPT TO), Bcc recipients included. */
  envelope: { from: string; to: string[] };
  /** Address of the From header. */
  from: string;
  /** Addresses of the To header. */
  to: string[];
  subject: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Header name (lower case) to decoded value; repeated headers joined by newlines. */
  headers: Record<string, string>;
  text: string;
  html: string | null;
  attachments: CaughtAttachment[];
  /** The message as received on the wire (RFC 5322), decoded as UTF-8. */
  raw: string;
}

/** A message without its raw source, as listed by `GET /api/messages`. */
export type CaughtMessageSummary = Omit<CaughtMessage, "raw">;

export interface WaitForMessagesOptions {
  /** How many matching messages to wait for; default 1. */
  count?: number;
  /** Default 10 s. */
  timeoutMs?: number;
}

export interface MailCatcher {
  readonly smtpPort: number;
  readonly httpPort: number;
  /** e.g. smtp://127.0.0.1:1025, for nodemailer or the notification service. */
  readonly smtpUrl: string;
  readonly httpUrl: string;
  /** Messages in arrival order (oldest first). */
  messages(): CaughtMessage[];
  /** Resolves with the matching messages (arrival order) once at least `count` have arrived. */
  waitForMessages(
    predicate: (message: CaughtMessage) => boolean,
    options?: WaitForMessagesOptions,
  ): Promise<CaughtMessage[]>;
  clear(): void;
  stop(): Promise<void>;
}
