import { runMain } from "@guichet/runtime";
import { loadIntakeConfig } from "./config.ts";

await runMain("intake", loadIntakeConfig, async (config) => (await import("./intake.app.ts")).startIntake(config));
