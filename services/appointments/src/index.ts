// The service as a library: the operator CLI, end-to-end tests and the benchmark boot it the way main.ts does.

export { APPOINTMENTS_SCHEMA, loadDirectoryFiles, startAppointments } from "./appointments.app.ts";
export { type AppointmentsConfig, loadAppointmentsConfig } from "./config.ts";
