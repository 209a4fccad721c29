import { readMailCatcherConfig } from "./mail-catcher.config.ts";
import { startMailCatcher } from "./mail-catcher.ts";

/** Entry point spawned by the operator CLI (`tsx tools/mailcatcher/src/main.ts`); stops on SIGINT/SIGTERM. */
export async function main(env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  const catcher = await startMailCatcher(readMailCatcherConfig(env));
  process.stdout.write(`Mail catcher: SMTP ${catcher.smtpUrl}, web ${catcher.httpUrl}\n`);
  const stop = () => {
    catcher.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    process.stderr.write(`Mail catcher failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
