import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { IngestOutcome } from "../email/ingest-email.ts";
import type { SmtpReceiverConfig } from "./email.config.ts";
import type { MailLogger } from "./email-channel.ts";

export interface MailReceiver {
  receive(raw: Buffer, receivedAt: Date, source: string): Promise<IngestOutcome>;
}

export interface RunningSmtpReceiver {
  port: number;
  close(): Promise<void>;
}

type SmtpError = Error & { responseCode: number };

function smtpError(responseCode: number, message: string): SmtpError {
  return Object.assign(new Error(message), { responseCode });
}

/** Whether the town receives mail for this address: its domain or the address itself is listed. */
function isAcceptedRecipient(address: string, accepted: readonly string[]): boolean {
  const lower = address.toLowerCase();
  const domain = lower.slice(lower.lastIndexOf("@") + 1);
  return accepted.includes(lower) || (lower.includes("@") && accepted.includes(domain));
}

/**
 * The town's MX (or the relay behind it) delivers here. 250 is answered only once the mail is
 * committed (request, follow-up, bounce, or recognised as ignorable); a failure to store answers
 * 451 so the sending MTA keeps the mail and retries; refusals are 5xx with their reason.
 * No AUTH (we are the final destination, not a relay) and no STARTTLS (put a TLS-terminating MTA
 * such as Postfix in front when mail crosses the Internet; see docs/channels.md).
 */
export async function startSmtpReceiver(
  config: SmtpReceiverConfig,
  channel: MailReceiver,
  logger?: MailLogger,
): Promise<RunningSmtpReceiver> {
  const server = new SMTPServer({
    name: config.hostname,
    banner: "Guichet intake",
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    hideSTARTTLS: true,
    size: config.maxBytes,
    logger: false,
    closeTimeout: 2_000,
    // The relay in front opens a handful of connections; more than this is someone misbehaving.
    maxClients: 100,
    onRcptTo(address, _session, callback) {
      if (isAcceptedRecipient(address.address, config.recipients)) return callback();
      callback(smtpError(550, "5.1.1 Destinataire inconnu : cette adresse ne reçoit pas de demandes"));
    },
    onMailFrom(address, _session, callback) {
      const declared = Number(address.args && (address.args as Record<string, string>).SIZE);
      if (Number.isFinite(declared) && declared > config.maxBytes) {
        return callback(smtpError(552, `5.3.4 Message trop volumineux (maximum ${config.maxBytes} octets)`));
      }
      callback();
    },
    onData(stream, session, callback) {
      receive(stream, session, config, channel, logger).then(
        (outcome) => callback(null, `2.0.0 ${outcome.outcome}${outcome.reference ? ` ${outcome.reference}` : ""}`),
        (error: unknown) => callback(error as Error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // A client dropping its connection mid-transaction emits an error; it must not stop the receiver.
  server.on("error", (error: Error) => logger?.warn({ err: error.message }, "smtp connection error"));
  const { port } = server.server.address() as AddressInfo;
  logger?.info({ port }, "smtp receiver listening");
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function receive(
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
  config: SmtpReceiverConfig,
  channel: MailReceiver,
  logger?: MailLogger,
): Promise<IngestOutcome> {
  // The legal date of receipt: the moment the DATA phase began on our server.
  const receivedAt = new Date();
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    // Past the limit keep draining (the client is still sending) but stop buffering.
    if (length + chunk.length <= config.maxBytes) chunks.push(chunk);
    length += chunk.length;
  }
  if (stream.sizeExceeded || length > config.maxBytes) {
    throw smtpError(552, `5.3.4 Message trop volumineux (maximum ${config.maxBytes} octets)`);
  }
  const raw = Buffer.concat([returnPath(session.envelope.mailFrom), ...chunks]);
  try {
    return await channel.receive(raw, receivedAt, "smtp");
  } catch (error) {
    logger?.error({ err: (error as Error).message }, "smtp delivery not stored");
    throw smtpError(451, "4.3.0 Enregistrement momentanément impossible, réessayez plus tard");
  }
}

/** Final delivery adds the envelope sender (RFC 5321 §4.4); `<>` is how bounces are recognised. */
function returnPath(mailFrom: SMTPServerAddress | false): Buffer {
  const address = mailFrom === false ? "" : mailFrom.address;
  return Buffer.from(`Return-Path: <${address.replace(/[\r\n<>]/g, "")}>\r\n`);
}
