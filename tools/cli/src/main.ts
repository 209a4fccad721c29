import { Command, CommanderError } from "commander";
import { registerBench } from "./commands/bench.command.ts";
import { registerDlq } from "./commands/dlq.command.ts";
import { registerMigrate } from "./commands/migrate.command.ts";
import { registerSla } from "./commands/sla.command.ts";
import { registerStart } from "./commands/start.command.ts";
import { registerStatus } from "./commands/status.command.ts";

const program = new Command("guichet")
  .description("Guichet — outil d’exploitation (operator CLI)")
  .showHelpAfterError()
  .exitOverride();

registerStart(program);
registerMigrate(program);
registerStatus(program);
registerSla(program);
registerBench(program);
registerDlq(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.stderr.write(`guichet: ${(error as Error).message}\n`);
  process.exit(1);
}
