import { fileURLToPath } from "node:url";
import { baseEnvSchema, type InfrastructureOptions, infrastructureOptions, parseEnv } from "@guichet/runtime";
import { z } from "zod";

const demoCatalog = fileURLToPath(new URL("../../../data/loire-authion/catalog.yaml", import.meta.url));
const demoAppointments = fileURLToPath(new URL("../../../data/loire-authion/appointments.yaml", import.meta.url));

const envSchema = baseEnvSchema.extend({
  APPOINTMENTS_PORT: z.coerce.number().int().min(0).max(65535).default(3005),
  /** The catalogue: sites, services and their opening-hours calendars (the Loire-Authion demo by default). */
  GUICHET_CATALOG_FILE: z.string().min(1).default(demoCatalog),
  /** Appointment types, elected officials' and partners' office hours, annex rooms. */
  GUICHET_APPOINTMENTS_FILE: z.string().min(1).default(demoAppointments),
  /** Public base URL of the site, for the citizen's private link to reschedule or cancel. */
  GUICHET_PUBLIC_URL: z.url().default("http://127.0.0.1:3000"),
  GUICHET_TOWN_NAME: z.string().min(1).default("Loire-Authion"),
  /** How far ahead a citizen may book (days). */
  APPOINTMENTS_HORIZON_DAYS: z.coerce.number().int().min(1).max(366).default(60),
  /** A citizen cannot book, move or cancel online less than this many minutes before the slot. */
  APPOINTMENTS_MIN_NOTICE_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  /** The reminder is published this many hours before the appointment. */
  APPOINTMENTS_REMINDER_HOURS: z.coerce.number().int().min(1).max(168).default(24),
  /** How often the reminder scheduler looks for appointments to remind (seconds). */
  APPOINTMENTS_REMINDER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
});

export interface AppointmentsConfig {
  infrastructure: InfrastructureOptions;
  port: number;
  catalogFile: string;
  appointmentsFile: string;
  publicUrl: string;
  townName: string;
  booking: { horizonDays: number; minNoticeMinutes: number };
  reminders: { hoursBefore: number; intervalSeconds: number };
}

/** The only place the appointments service reads the environment. */
export function loadAppointmentsConfig(env: Record<string, string | undefined> = process.env): AppointmentsConfig {
  const parsed = parseEnv(envSchema, env);
  return {
    infrastructure: infrastructureOptions(parsed),
    port: parsed.APPOINTMENTS_PORT,
    catalogFile: parsed.GUICHET_CATALOG_FILE,
    appointmentsFile: parsed.GUICHET_APPOINTMENTS_FILE,
    publicUrl: parsed.GUICHET_PUBLIC_URL,
    townName: parsed.GUICHET_TOWN_NAME,
    booking: {
      horizonDays: parsed.APPOINTMENTS_HORIZON_DAYS,
      minNoticeMinutes: parsed.APPOINTMENTS_MIN_NOTICE_MINUTES,
    },
    reminders: {
      hoursBefore: parsed.APPOINTMENTS_REMINDER_HOURS,
      intervalSeconds: parsed.APPOINTMENTS_REMINDER_INTERVAL_SECONDS,
    },
  };
}
