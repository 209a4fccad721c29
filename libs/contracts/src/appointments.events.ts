import { z } from "zod";
import { citizenContactSchema } from "./events.ts";

// Events of the appointments capability (services/appointments): appointments with a service,
// elected officials' and partners' office hours, and annex room requests. Notification turns them
// into confirmations and reminders; reporting into bookings, no-shows and extended-hours use per site.

const catalogId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.@#-]*$/)
  .max(120);
const instant = z.iso.datetime({ offset: true });

export const appointmentKindSchema = z.enum(["service", "permanence", "partner"]);
export const bookingChannelSchema = z.enum(["web", "phone", "counter"]);

/** What every appointment event carries, so consumers need no synchronous call back. */
export const appointmentSnapshotSchema = z.object({
  appointmentId: z.uuid(),
  offerId: catalogId,
  /** "Carte d'identité ou passeport (dépôt et retrait)", or the elected official / partner. */
  offerName: z.string().max(200),
  kind: appointmentKindSchema,
  siteId: catalogId,
  siteName: z.string().max(200),
  siteAddress: z.string().max(300).nullable(),
  serviceId: catalogId.nullable(),
  startsAt: instant,
  endsAt: instant,
  /** The slot lies in the site's extended hours (evening, Saturday opened for appointments). */
  extended: z.boolean(),
  channel: bookingChannelSchema,
  citizen: citizenContactSchema,
  /**
   * The citizen's private link to reschedule or cancel (only its hash is stored by appointments).
   * It travels on the stream, like the contact details, so notification can put it in the messages.
   */
  manageUrl: z.url(),
  /** The request this appointment belongs to (LA-2026-000123), when there is one. */
  requestReference: z.string().max(40).nullable(),
  /** What to bring. */
  bring: z.string().max(500).nullable(),
});
export type AppointmentSnapshot = z.infer<typeof appointmentSnapshotSchema>;

const actorSchema = z.enum(["citizen", "agent"]);

export const appointmentBookedV1 = z.object({
  appointment: appointmentSnapshotSchema,
  bookedAt: instant,
  /** Staff id of the agent who booked for the citizen (phone, counter), null from the web. */
  bookedBy: z.string().max(120).nullable(),
});
export type AppointmentBookedV1 = z.infer<typeof appointmentBookedV1>;

export const appointmentRescheduledV1 = z.object({
  appointment: appointmentSnapshotSchema,
  previousStartsAt: instant,
  rescheduledAt: instant,
  by: actorSchema,
});
export type AppointmentRescheduledV1 = z.infer<typeof appointmentRescheduledV1>;

export const appointmentCancelledV1 = z.object({
  appointment: appointmentSnapshotSchema,
  cancelledAt: instant,
  by: actorSchema,
});
export type AppointmentCancelledV1 = z.infer<typeof appointmentCancelledV1>;

/** Published once per appointment, some hours before it (APPOINTMENTS_REMINDER_HOURS). */
export const appointmentReminderDueV1 = z.object({
  appointment: appointmentSnapshotSchema,
  dueAt: instant,
});
export type AppointmentReminderDueV1 = z.infer<typeof appointmentReminderDueV1>;

/** An agent recorded whether the citizen came. */
export const appointmentAttendanceRecordedV1 = z.object({
  appointmentId: z.uuid(),
  offerId: catalogId,
  kind: appointmentKindSchema,
  siteId: catalogId,
  startsAt: instant,
  extended: z.boolean(),
  outcome: z.enum(["attended", "no-show"]),
  recordedAt: instant,
});
export type AppointmentAttendanceRecordedV1 = z.infer<typeof appointmentAttendanceRecordedV1>;

export const roomBookingSnapshotSchema = z.object({
  roomBookingId: z.uuid(),
  roomId: catalogId,
  roomName: z.string().max(200),
  siteId: catalogId,
  startsAt: instant,
  endsAt: instant,
  purpose: z.enum(["famille", "mariage", "association"]),
  requester: citizenContactSchema,
  manageUrl: z.url(),
});

export const roomBookingRequestedV1 = z.object({
  booking: roomBookingSnapshotSchema,
  requestedAt: instant,
});
export type RoomBookingRequestedV1 = z.infer<typeof roomBookingRequestedV1>;

export const roomBookingDecidedV1 = z.object({
  booking: roomBookingSnapshotSchema,
  decision: z.enum(["approved", "rejected", "cancelled"]),
  /** Told to the requester (why it was refused, keys to collect…). */
  note: z.string().max(1000).nullable(),
  decidedAt: instant,
});
export type RoomBookingDecidedV1 = z.infer<typeof roomBookingDecidedV1>;
