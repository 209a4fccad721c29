import { randomUUID } from "node:crypto";
import { createEvent } from "@guichet/contracts";
import { withPgTransaction } from "@guichet/db";
import { AppError } from "@guichet/runtime";
import { resourcesOf } from "../../slots/slot-search.ts";
import { type AppointmentRow, appointmentRepository, type BookingChannel } from "../appointment.repository.ts";
import { type BookingContext, bookableOffer, SLOT_TAKEN, slotAt, snapshotOf } from "../booking.context.ts";
import type { CitizenInput } from "../citizen-contact.schema.ts";
import { tokenHash } from "../private-link.ts";

export interface BookAppointmentCommand {
  offerId: string;
  start: Date;
  citizen: CitizenInput;
  channel: BookingChannel;
  /** Staff id of the agent booking for the citizen (phone, counter); null from the web. */
  bookedBy: string | null;
  requestReference: string | null;
  note: string | null;
}

/**
 * Books a slot: the first free desk of the offer, decided by PostgreSQL (exclusion constraint, so of
 * many concurrent attempts on the last desk exactly one commits), and `appointment.booked` in the
 * same transaction (outbox). A slot already full is a 409 with a French explanation.
 */
export class BookAppointmentUseCase {
  constructor(private readonly context: BookingContext) {}

  async execute(command: BookAppointmentCommand): Promise<{ appointment: AppointmentRow; manageUrl: string }> {
    const offer = bookableOffer(this.context, command.offerId);
    const slot = slotAt(this.context, offer, command.start, command.bookedBy ? "agent" : "citizen");
    const id = randomUUID();
    const bookedAt = this.context.now();
    return withPgTransaction(this.context.pool, async (tx) => {
      let stored: string | null = null;
      for (const resourceId of resourcesOf(offer)) {
        stored = await appointmentRepository.insertIfFree(tx, {
          id,
          offerId: offer.id,
          kind: offer.kind,
          siteId: offer.site.id,
          serviceId: offer.serviceId,
          resourceId,
          startsAt: slot.start,
          endsAt: slot.end,
          extended: slot.extended,
          channel: command.channel,
          bookedBy: command.bookedBy,
          citizenName: command.citizen.name,
          citizenEmail: command.citizen.email,
          citizenPhone: command.citizen.phone,
          citizenAddress: command.citizen.postalAddress,
          preferredChannel: command.citizen.preferredChannel,
          requestReference: command.requestReference,
          note: command.note,
          tokenHash: tokenHash(this.context.links.tokenOf("appointment", id)),
        });
        if (stored) break;
      }
      if (!stored) throw new AppError("conflict", SLOT_TAKEN);
      const appointment = await appointmentRepository.byId(tx, id);
      if (!appointment) throw new Error("appointment vanished inside its own transaction");
      const snapshot = snapshotOf(this.context, appointment);
      await this.context.outbox.enqueue(
        tx,
        createEvent(
          "appointmentBooked",
          { appointment: snapshot, bookedAt: bookedAt.toISOString(), bookedBy: command.bookedBy },
          { occurredAt: bookedAt },
        ),
      );
      return { appointment, manageUrl: snapshot.manageUrl };
    });
  }
}
