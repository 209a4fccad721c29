import { createEvent } from "@guichet/contracts";
import { withPgTransaction } from "@guichet/db";
import { AppError } from "@guichet/runtime";
import { type AppointmentRow, appointmentRepository } from "../appointment.repository.ts";
import { lockAppointment } from "../appointment-access.ts";
import type { BookingContext } from "../booking.context.ts";

/** An agent records, once the appointment has started, whether the citizen came (no-show rate). */
export class RecordAttendanceUseCase {
  constructor(private readonly context: BookingContext) {}

  async execute(id: string, staffId: string, outcome: "attended" | "no-show"): Promise<AppointmentRow> {
    return withPgTransaction(this.context.pool, async (tx) => {
      const current = await lockAppointment(tx, { id, staffId });
      const now = this.context.now();
      if (current.status === "cancelled") throw new AppError("conflict", "Ce rendez-vous a été annulé.");
      if (current.startsAt > now)
        throw new AppError("conflict", "La présence se note une fois l’heure du rendez-vous arrivée.");
      if (current.status === outcome) return current;
      await appointmentRepository.setStatus(tx, current.id, outcome);
      await this.context.outbox.enqueue(
        tx,
        createEvent(
          "appointmentAttendanceRecorded",
          {
            appointmentId: current.id,
            offerId: current.offerId,
            kind: current.kind,
            siteId: current.siteId,
            startsAt: current.startsAt.toISOString(),
            extended: current.extended,
            outcome,
            recordedAt: now.toISOString(),
          },
          { occurredAt: now },
        ),
      );
      return { ...current, status: outcome };
    });
  }
}
