import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerIntakeCalls } from "./intake-calls.command.ts";

function run(args: string[]): Promise<unknown> {
  const program = new Command("guichet").exitOverride();
  const intake = program.command("intake").exitOverride();
  registerIntakeCalls(intake);
  for (const command of intake.commands) command.exitOverride().configureOutput({ writeErr: () => {} });
  return program.parseAsync(["node", "guichet", "intake", "calls", ...args]);
}

// What is refused before any connection: these tests need no database.
describe("guichet intake calls", () => {
  const db = ["--database-url", "postgres://nobody@127.0.0.1:1/none"];

  it("requires a known format", async () => {
    await expect(run(["Master.csv", ...db])).rejects.toThrow("--format");
    await expect(run(["Master.csv", "--format", "avaya", ...db])).rejects.toThrow(
      '--format: asterisk or generic expected, not "avaya"',
    );
  });

  it("requires a mapping for the generic format and a catalogue id for the site", async () => {
    await expect(run(["calls.csv", "--format", "generic", ...db])).rejects.toThrow("--mapping is required");
    await expect(run(["Master.csv", "--format", "asterisk", "--site", "Mairie Siège", ...db])).rejects.toThrow(
      "--site: a catalogue id expected",
    );
  });

  it("requires a database", async () => {
    await expect(run(["Master.csv", "--format", "asterisk", "--database-url", ""])).rejects.toThrow("DATABASE_URL");
  });
});
