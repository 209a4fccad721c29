/** pino-compatible subset, so services pass their own logger and tests stay silent. */
export interface MessagingLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface MessagingOptions {
  servers: string | string[];
  /**
   * Subject namespace, e.g. "guichet"; tests use a random one for isolation. Stream name = namespace
   * upper-cased with non-alphanumerics → "_" (e.g. "GUICHET").
   */
  namespace: string;
  /** Connection name, e.g. the service name. */
  name: string;
  /** JetStream stream replicas (1 locally, 3 in a cluster). Default 1. */
  replicas?: number;
  /** How long `publish` waits for the JetStream ack before rejecting. Default 5000. */
  publishTimeoutMs?: number;
  logger?: MessagingLogger;
}

const noop = (): void => {};

export const silentLogger: MessagingLogger = { info: noop, warn: noop, error: noop };
