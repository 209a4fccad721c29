import { fileURLToPath } from "node:url";

/** Where the repository is, whatever the working directory. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export interface ServiceEntry {
  name: "intake" | "routing" | "notification" | "reporting" | "appointments" | "web";
  schema: string;
  portVariable: string;
  defaultPort: number;
}

export const services: ServiceEntry[] = [
  { name: "intake", schema: "intake", portVariable: "INTAKE_PORT", defaultPort: 3001 },
  { name: "routing", schema: "routing", portVariable: "ROUTING_PORT", defaultPort: 3002 },
  { name: "notification", schema: "notification", portVariable: "NOTIFICATION_PORT", defaultPort: 3003 },
  { name: "reporting", schema: "reporting", portVariable: "REPORTING_PORT", defaultPort: 3004 },
  // Appointments, office hours and annex rooms (services/appointments).
  { name: "appointments", schema: "appointments", portVariable: "APPOINTMENTS_PORT", defaultPort: 3005 },
  // The web gateway: the one public origin in front of the four services (services/web).
  { name: "web", schema: "web", portVariable: "WEB_PORT", defaultPort: 3000 },
];

export function migrationsDir(service: ServiceEntry): string {
  return `${repoRoot}services/${service.name}/migrations`;
}

export function serviceUrl(service: ServiceEntry, env: NodeJS.ProcessEnv = process.env): string {
  return (
    env[`${service.name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${env[service.portVariable] ?? service.defaultPort}`
  );
}

export function service(name: ServiceEntry["name"]): ServiceEntry {
  const entry = services.find((s) => s.name === name);
  if (!entry) throw new Error(`unknown service ${name}`);
  return entry;
}
