export interface MailCatcherConfig {
  smtpPort: number;
  httpPort: number;
  host: string;
}

/**
 * Reads the catcher's environment. The defaults (1025/1080) are the ports other mail catchers use,
 * so a developer's mail client settings carry over.
 */
export function readMailCatcherConfig(env: Readonly<Record<string, string | undefined>>): MailCatcherConfig {
  return {
    smtpPort: port(env, "MAILCATCHER_SMTP_PORT", 1025),
    httpPort: port(env, "MAILCATCHER_HTTP_PORT", 1080),
    // Docker needs 0.0.0.0 to publish the ports; locally, loopback keeps the catcher private.
    host: env.MAILCATCHER_HOST?.trim() || "127.0.0.1",
  };
}

function port(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    throw new Error(`${name} must be a TCP port between 0 and 65535, got "${value}"`);
  }
  return parsed;
}
