import { runMain } from "@guichet/runtime";
import { loadAppointmentsConfig } from "./config.ts";

await runMain("appointments", loadAppointmentsConfig, async (config) =>
  (await import("./appointments.app.ts")).startAppointments(config),
);
