import { createEvent } from "@guichet/contracts";
import { withPgTransaction } from "@guichet/db";
import { AppError } from "@guichet/runtime";
import { resourcesOf } from "../../slots/slot-search.ts";
import { type AppointmentRow, appointmentRepository } from "../appointment.repository.ts";
import { type AppointmentHandle, actorOf, lockAppointment, requireUpcoming } from "../appointment-access.ts";
import { type BookingContext, bookableOffer, SLOT_TAKEN, slotAt, snapshotOf } from "../booking.context.ts";

/**
 * Moves an appointment to another slot of the same offer, keeping its private link. The new slot is
 * claimed under the same exclusion constraint as a booking; the old one is freed in the same commit.
 */
export class RescheduleAppointmentUseCase {
  constructor(private readonly context: BookingContext) {}

  async execute(handle: AppointmentHandle, start: Date): Promise<AppointmentRow> {
    const by = actorOf(handle);
    return withPgTransaction(this.context.pool, async (tx) => {
      const current = await lockAppointment(tx, handle);
      const now = this.context.now();
      requireUpcoming(
        current,
        new Date(now.getTime() + (by === "citizen" ? this.context.rules.minNoticeMinutes * 60_000 : 0)),
      );
      const offer = bookableOffer(this.context, current.offerId);
      if (current.startsAt.getTime() === start.getTime())
        throw new AppError("validation", "Choisissez un autre créneau que celui de votre rendez-vous.", [
          { field: "start", message: "Même créneau" },
        ]);
      const slot = slotAt(this.context, offer, start, by);
      // Its own desk first: moving within the same desk never competes with the old range.
      const desks = [current.resourceId, ...resourcesOf(offer).filter((desk) => desk !== current.resourceId)];
      let moved = false;
      for (const resourceId of desks) {
        moved = await appointmentRepository.moveIfFree(tx, current.id, {
          resourceId,
          startsAt: slot.start,
          endsAt: slot.end,
          extended: slot.extended,
        });
        if (moved) break;
      }
      if (!moved) throw new AppError("conflict", SLOT_TAKEN);
      const updated = await appointmentRepository.byId(tx, current.id);
      if (!updated) throw new Error("appointment vanished inside its own transaction");
      await this.context.outbox.enqueue(
        tx,
        createEvent(
          "appointmentRescheduled",
          {
            appointment: snapshotOf(this.context, updated),
            previousStartsAt: current.startsAt.toISOString(),
            rescheduledAt: now.toISOString(),
            by,
          },
          { occurredAt: now },
        ),
      );
      return updated;
    });
  }
}
