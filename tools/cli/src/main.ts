import { Command, CommanderError } from "commander";
import { registerBench } from "./commands/bench.command.ts";
import { registerCatalog } from "./commands/catalog.command.ts";
import { registerChaos } from "./commands/chaos.command.ts";
import { registerDlq } from "./commands/dlq.command.ts";
import { registerIntake } from "./commands/intake.command.ts";
import { registerLetters } from "./commands/letters.command.ts";
import { registerMigrate } from "./commands/migrate.command.ts";
import { registerReport } from "./commands/report.command.ts";
import { registerReporting } from "./commands/reporting.command.ts";
import { registerRoute } from "./commands/route.command.ts";
import { registerRouting } from "./commands/routing.command.ts";
import { registerSla } from "./commands/sla.command.ts";
import { registerStart } from "./commands/start.command.ts";
import { registerStatus } from "./commands/status.command.ts";
import { registerUsers } from "./commands/users.command.ts";

const program = new Command("guichet")
  .description("Guichet — outil d’exploitation (operator CLI)")
  .showHelpAfterError()
  .exitOverride();

registerStart(program);
registerMigrate(program);
registerStatus(program);
registerSla(program);
registerReporting(program);
registerReport(program);
registerBench(program);
registerIntake(program);
registerDlq(program);
registerUsers(program);
registerRoute(program);
registerCatalog(program);
registerRouting(program);
registerLetters(program);
registerChaos(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.stderr.write(`guichet: ${(error as Error).message}\n`);
  process.exit(1);
}
