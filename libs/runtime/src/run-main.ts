import { startTelemetry } from "@guichet/telemetry";
import { ConfigError, type InfrastructureOptions } from "./config.ts";

interface Closeable {
  close(): Promise<void>;
}

/**
 * The body of every service's main.ts: configuration first (a wrong variable stops the boot with its
 * name), telemetry before the instrumented modules are imported (hence the lazy `start`), then the
 * service, closed gracefully on SIGINT/SIGTERM.
 */
export async function runMain<C extends { infrastructure: InfrastructureOptions }>(
  name: string,
  loadConfig: () => C,
  start: (config: C) => Promise<Closeable>,
): Promise<void> {
  let config: C;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`guichet-${name}: ${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  const telemetry = startTelemetry({ serviceName: name, otlpTracesEndpoint: config.infrastructure.otlpTracesEndpoint });
  const service = await start(config);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void service
        .close()
        .then(() => telemetry.shutdown())
        .then(() => process.exit(0));
    });
  }
}
