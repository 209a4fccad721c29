import { z } from "zod";

// The shape of data/loire-authion/appointments.yaml (GUICHET_APPOINTMENTS_FILE). Calendars are
// checked by @guichet/calendar; ids of sites and services are checked against the catalogue.

const id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9.-]*$/,
    "identifiant non valable : lettres minuscules, chiffres, points et tirets uniquement",
  );
const booking = z.enum(["slots", "walk-in"]);
const slotMinutes = z.number().int().min(5).max(240);

const appointmentType = z.object({
  id,
  name: z.string().min(1).max(160),
  service: id,
  duration_minutes: slotMinutes,
  desks: z.number().int().min(1).max(20).default(1),
  sites: z.array(id).min(1),
  bring: z.string().max(500).optional(),
});

const officeHours = {
  id,
  site: id,
  calendar: id,
  booking,
  slot_minutes: slotMinutes.optional(),
};

const permanence = z.object({ ...officeHours, official: z.string().min(1).max(160), role: z.string().max(120) });
const partner = z.object({
  ...officeHours,
  name: z.string().min(1).max(160),
  topics: z.string().max(300).optional(),
  phone: z.string().max(40).optional(),
});

const room = z.object({
  id,
  name: z.string().min(1).max(160),
  site: id,
  capacity: z.number().int().min(1).max(2000),
  uses: z.array(z.enum(["famille", "mariage", "association"])).min(1),
});

export const directoryFileSchema = z.object({
  calendars: z.record(z.string(), z.unknown()),
  extended_hours: z.record(id, id).default({}),
  appointment_types: z.array(appointmentType).default([]),
  permanences: z.array(permanence).default([]),
  partners: z.array(partner).default([]),
  rooms: z.array(room).default([]),
  room_service: id,
  room_calendar: id,
});
export type DirectoryFile = z.infer<typeof directoryFileSchema>;

/** The few catalogue fields this service reads (catalog.yaml is validated by routing). */
export const catalogueSubsetSchema = z.object({
  sites: z.array(
    z.object({
      id,
      name: z.string(),
      kind: z.string(),
      calendar: id,
      address: z.string().optional(),
      phone: z.string().optional(),
    }),
  ),
  services: z.array(
    z.object({
      id,
      name: z.string(),
      email: z.string().optional(),
      phone: z.string().optional(),
    }),
  ),
});
