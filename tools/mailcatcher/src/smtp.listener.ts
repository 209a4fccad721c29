import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import { parseCaughtMessage } from "./caught-message.parser.ts";
import type { CaughtMessageStore } from "./caught-message.store.ts";

// What mainstream providers accept; an acknowledgement with a scanned form attached stays well below.
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

/**
 * A real SMTP server, so the notification service is exercised through its production transport.
 * Local use only: no authentication, any recipient accepted, STARTTLS neither offered nor accepted
 * (a client that insists on TLS would fail against a self-signed certificate anyway).
 */
export async function listenSmtp(store: CaughtMessageStore, host: string, port: number): Promise<SmtpListener> {
  const server = new SMTPServer({
    name: "guichet-mailcatcher",
    banner: "Guichet mail catcher (development only)",
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    hideSTARTTLS: true,
    size: MAX_MESSAGE_BYTES,
    logger: false,
    // Clients that keep a pooled connection open must not delay stop() by the default 30 s.
    closeTimeout: 1_000,
    onData: (stream, session, callback) => {
      receive(stream, session, store).then(
        () => callback(),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // A client that drops its connection mid-transaction emits an error; it must not crash the catcher.
  server.on("error", () => {});
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function receive(
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
  store: CaughtMessageStore,
): Promise<void> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    // Past the limit, keep draining the stream (the client is still sending) but stop buffering.
    if (length + chunk.length <= MAX_MESSAGE_BYTES) chunks.push(chunk);
    length += chunk.length;
  }
  if (stream.sizeExceeded || length > MAX_MESSAGE_BYTES) {
    throw Object.assign(new Error("Message exceeds the 25 MB size limit"), { responseCode: 552 });
  }
  const raw = Buffer.concat(chunks);
  store.add({ summary: await parseCaughtMessage(raw, session.envelope), raw });
}
