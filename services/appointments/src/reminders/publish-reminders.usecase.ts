import { createEvent } from "@guichet/contracts";
import { withPgTransaction } from "@guichet/db";
import { appointmentRepository } from "../booking/appointment.repository.ts";
import { type BookingContext, snapshotOf } from "../booking/booking.context.ts";

/**
 * Publishes `appointment.reminder-due` once per appointment, `hoursBefore` its start. Rows are
 * claimed with SKIP LOCKED and marked in the same transaction as the outbox write, so several
 * instances never remind twice; a rescheduled appointment is reminded again for its new time.
 */
export class PublishRemindersUseCase {
  constructor(
    private readonly context: BookingContext,
    private readonly hoursBefore: number,
  ) {}

  async execute(batchSize = 200): Promise<number> {
    const now = this.context.now();
    const until = new Date(now.getTime() + this.hoursBefore * 3_600_000);
    return withPgTransaction(this.context.pool, async (tx) => {
      const due = await appointmentRepository.claimDueReminders(tx, now, until, batchSize);
      if (due.length > 0)
        await this.context.outbox.enqueue(
          tx,
          ...due.map((row) =>
            createEvent(
              "appointmentReminderDue",
              { appointment: snapshotOf(this.context, row), dueAt: now.toISOString() },
              { occurredAt: now },
            ),
          ),
        );
      return due.length;
    });
  }
}
