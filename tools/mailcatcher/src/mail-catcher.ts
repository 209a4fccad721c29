import { CaughtMessageStore } from "./caught-message.store.ts";
import { listenHttp } from "./http.listener.ts";
import type { MailCatcher, MailCatcherOptions } from "./mail-catcher.types.ts";
import { listenSmtp } from "./smtp.listener.ts";

/** Starts the SMTP and HTTP servers; both bind 127.0.0.1 on random ports unless told otherwise. */
export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = options.host ?? "127.0.0.1";
  const store = new CaughtMessageStore(options.maxMessages);
  const smtp = await listenSmtp(store, host, options.smtpPort ?? 0);
  const http = await listenHttp(store, host, options.httpPort ?? 0).catch(async (error: unknown) => {
    await smtp.close();
    throw error;
  });
  // Clients cannot connect to the wildcard address itself: advertise loopback instead.
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return {
    smtpPort: smtp.port,
    httpPort: http.port,
    smtpUrl: `smtp://${urlHost}:${smtp.port}`,
    httpUrl: `http://${urlHost}:${http.port}`,
    messages: () => store.messages(),
    waitForMessages: (predicate, waitOptions) => store.waitFor(predicate, waitOptions),
    clear: () => store.clear(),
    stop: async () => {
      store.close();
      await Promise.all([smtp.close(), http.close()]);
    },
  };
}
