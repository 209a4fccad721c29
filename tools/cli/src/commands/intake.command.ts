import type { Command } from "commander";
import { registerIntakeCalls } from "./intake-calls.command.ts";
import { registerIntakeEml } from "./intake-eml.command.ts";

/**
 * The `guichet intake` group, created on first use: each intake subcommand (`eml`, `calls`...)
 * registers itself through it, from its own file.
 */
export function intakeCommand(program: Command): Command {
  return (
    program.commands.find((command) => command.name() === "intake") ??
    program.command("intake").description("entrée des demandes : fichiers reçus hors ligne (e-mails, appels)")
  );
}

export function registerIntake(program: Command): void {
  registerIntakeEml(intakeCommand(program));
  registerIntakeCalls(intakeCommand(program));
}
