import { createEvent } from "@guichet/contracts";
import { withPgTransaction } from "@guichet/db";
import { type AppointmentRow, appointmentRepository } from "../appointment.repository.ts";
import { type AppointmentHandle, actorOf, lockAppointment, requireUpcoming } from "../appointment-access.ts";
import { type BookingContext, snapshotOf } from "../booking.context.ts";

/** Cancels an upcoming appointment (the slot is free again at once) and publishes `appointment.cancelled`. */
export class CancelAppointmentUseCase {
  constructor(private readonly context: BookingContext) {}

  async execute(handle: AppointmentHandle): Promise<AppointmentRow> {
    const by = actorOf(handle);
    return withPgTransaction(this.context.pool, async (tx) => {
      const current = await lockAppointment(tx, handle);
      const now = this.context.now();
      requireUpcoming(current, now);
      await appointmentRepository.setStatus(tx, current.id, "cancelled", by);
      const cancelled = { ...current, status: "cancelled" as const };
      await this.context.outbox.enqueue(
        tx,
        createEvent(
          "appointmentCancelled",
          { appointment: snapshotOf(this.context, cancelled), cancelledAt: now.toISOString(), by },
          { occurredAt: now },
        ),
      );
      return cancelled;
    });
  }
}
