import type { AppointmentSnapshot, CitizenContact, Envelope } from "@guichet/contracts";
import { queueMessage } from "../acknowledgements/queue-message.ts";
import type { UseCaseDeps } from "../acknowledgements/use-case.deps.ts";
import type { AppointmentMessageKind } from "../messages/appointment-message.ts";
import type { DeliveryChannel } from "../policy/notification-policy.ts";

export interface AppointmentMessageCommand {
  kind: AppointmentMessageKind;
  event: Envelope<{ appointment: AppointmentSnapshot; previousStartsAt?: string }>;
}

/** The citizen's preferred channel when it can carry the message, else e-mail, SMS, then letter. */
export function appointmentChannel(
  contact: CitizenContact,
  kind: AppointmentMessageKind,
  smsEnabled: boolean,
): { channel: DeliveryChannel; address: string } | null {
  const usable: Record<DeliveryChannel, string | null> = {
    email: contact.email,
    sms: smsEnabled ? contact.phone : null,
    // A reminder by post would arrive after the appointment: the confirmation letter is enough.
    letter: kind === "reminder" ? null : contact.postalAddress,
  };
  const order: DeliveryChannel[] = ["email", "sms", "letter"];
  const preferred = contact.preferredChannel === "none" ? null : contact.preferredChannel;
  for (const channel of preferred ? [preferred, ...order.filter((c) => c !== preferred)] : order) {
    const address = usable[channel];
    if (address) return { channel, address };
  }
  return null;
}

/**
 * appointment.booked / rescheduled / cancelled / reminder-due → one message to the citizen, queued
 * exactly once per event (reminders: once per appointment time) under the same unique key and
 * dispatcher as every message: e-mail, SMS held back during quiet hours, or letter. The appointment
 * is kept as a recipient of its own (its id is the message's request id) so the proof of what was
 * sent sits with the other messages.
 */
export class HandleAppointmentEventUseCase {
  constructor(private readonly deps: UseCaseDeps) {}

  async execute({ kind, event }: AppointmentMessageCommand): Promise<{ queued: boolean }> {
    const { appointment } = event.data;
    return this.deps.db.$transaction(async (tx) => {
      if (!(await this.deps.inbox.claim(tx, "notification", event.id))) return { queued: false };
      const target = appointmentChannel(appointment.citizen, kind, this.deps.smsEnabled);
      if (!target) return { queued: false };
      const reference = appointment.requestReference ?? `RDV-${appointment.appointmentId.slice(0, 8)}`;
      await tx.$executeRawUnsafe(
        `INSERT INTO notification.recipient (request_id, reference, channel, received_at, contact, request)
         VALUES ($1::uuid, $2, 'appointment', $3::timestamptz, $4::jsonb, $5::jsonb)
         ON CONFLICT (request_id) DO UPDATE SET contact = EXCLUDED.contact, request = EXCLUDED.request`,
        appointment.appointmentId,
        reference,
        event.occurredAt,
        JSON.stringify(appointment.citizen),
        JSON.stringify({ appointment: appointment.offerId, siteId: appointment.siteId }),
      );
      const stored = this.deps.composer.appointment({
        kind,
        appointment,
        previousStartsAt: event.data.previousStartsAt ?? null,
      });
      const queued = await queueMessage(tx, {
        requestId: appointment.appointmentId,
        reference,
        kind: "appointment",
        dedupeKey: kind === "reminder" ? `reminder:${appointment.startsAt}` : `${kind}:${event.id}`,
        channel: target.channel,
        address: target.address,
        rendered: this.deps.composer.render(stored, target.channel),
        stored,
        cause: event,
        messageIdDomain: this.deps.messageIdDomain,
      });
      return { queued };
    });
  }
}
