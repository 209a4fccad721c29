import { createEvent } from "@guichet/contracts";
import { withPgTransaction } from "@guichet/db";
import { AppError } from "@guichet/runtime";
import { EXCLUSION_VIOLATION } from "../../booking/appointment.repository.ts";
import type { BookingContext } from "../../booking/booking.context.ts";
import { roomBookingRepository } from "../room-booking.repository.ts";
import { roomSnapshotOf } from "../room-snapshot.ts";

export interface DecideRoomRequestCommand {
  id: string;
  decision: "approved" | "rejected" | "cancelled";
  staffId: string;
  note: string | null;
}

/**
 * The service in charge approves or refuses a room request, or cancels an approved booking. Two
 * approvals of overlapping requests for one room cannot both commit (exclusion constraint): the
 * second is a 409.
 */
export class DecideRoomRequestUseCase {
  constructor(private readonly context: BookingContext) {}

  async execute(command: DecideRoomRequestCommand): Promise<void> {
    const now = this.context.now();
    try {
      await withPgTransaction(this.context.pool, async (tx) => {
        const current = /^[0-9a-f-]{36}$/.test(command.id)
          ? await roomBookingRepository.byId(tx, command.id, true)
          : null;
        if (!current) throw new AppError("not-found", "Cette demande de salle est introuvable.");
        const allowed = command.decision === "cancelled" ? ["approved", "requested"] : ["requested"];
        if (!allowed.includes(current.status))
          throw new AppError("conflict", "Cette demande a déjà reçu une réponse : rechargez la page.");
        await roomBookingRepository.decide(tx, current.id, {
          status: command.decision,
          staffId: command.staffId,
          note: command.note,
          at: now,
        });
        const booking = roomSnapshotOf(this.context.directory(), this.context.links, current);
        await this.context.outbox.enqueue(
          tx,
          createEvent(
            "roomBookingDecided",
            { booking, decision: command.decision, note: command.note, decidedAt: now.toISOString() },
            { occurredAt: now },
          ),
        );
      });
    } catch (error) {
      if ((error as { code?: string }).code === EXCLUSION_VIOLATION)
        throw new AppError("conflict", "La salle est déjà réservée sur ce créneau par une demande acceptée.");
      throw error;
    }
  }
}
