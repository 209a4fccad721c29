import { randomUUID } from "node:crypto";
import { openingRangesOn } from "@guichet/calendar";
import { createEvent } from "@guichet/contracts";
import { withPgTransaction } from "@guichet/db";
import { AppError } from "@guichet/runtime";
import type { BookingContext } from "../../booking/booking.context.ts";
import { tokenHash } from "../../booking/private-link.ts";
import { roomBookingRepository } from "../room-booking.repository.ts";
import { roomSnapshotOf } from "../room-snapshot.ts";
import type { RoomRequestInput } from "./room-request.schema.ts";

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * A family or an association asks for a room: checked against the room's uses, capacity and
 * bookable hours, refused at once when an approved booking overlaps, else stored as "requested"
 * for the service in charge to approve (room-booking.requested).
 */
export class RequestRoomUseCase {
  constructor(private readonly context: BookingContext) {}

  async execute(input: RoomRequestInput): Promise<{ id: string; manageUrl: string }> {
    const directory = this.context.directory();
    const room = directory.room(input.roomId);
    if (!room)
      throw new AppError("validation", "Cette salle n’existe pas.", [{ field: "roomId", message: "Salle inconnue" }]);
    if (!room.uses.includes(input.purpose))
      throw new AppError("validation", `La ${room.name} ne se réserve pas pour cet usage.`, [
        { field: "purpose", message: `Usages possibles : ${room.uses.join(", ")}` },
      ]);
    if (input.attendees > room.capacity)
      throw new AppError("validation", `La ${room.name} accueille ${room.capacity} personnes au plus.`, [
        { field: "attendees", message: `${room.capacity} personnes au plus` },
      ]);
    const range = openingRangesOn(directory.roomCalendar, input.date).find((candidate) => {
      const [open = "", close = ""] = candidate.local.split("-");
      return minutes(open) <= minutes(input.from) && minutes(input.to) <= minutes(close);
    });
    if (!range)
      throw new AppError("validation", "Les salles ne se réservent pas à ces horaires ce jour-là.", [
        { field: "from", message: "Horaires hors des créneaux de réservation des salles" },
      ]);
    // Offsets from the range's start: rooms open in the daytime, never across a DST change.
    const rangeOpen = minutes(range.local.slice(0, 5));
    const startsAt = new Date(range.start.getTime() + (minutes(input.from) - rangeOpen) * 60_000);
    const endsAt = new Date(range.start.getTime() + (minutes(input.to) - rangeOpen) * 60_000);
    const now = this.context.now();
    if (startsAt <= now)
      throw new AppError("validation", "Cette date est passée.", [{ field: "date", message: "Date passée" }]);
    const id = randomUUID();
    return withPgTransaction(this.context.pool, async (tx) => {
      const taken = await roomBookingRepository.approved(tx, startsAt, endsAt);
      if (taken.some((booking) => booking.roomId === room.id))
        throw new AppError(
          "conflict",
          `La ${room.name} est déjà réservée sur ce créneau : choisissez un autre horaire.`,
        );
      const row = {
        id,
        roomId: room.id,
        siteId: room.site.id,
        startsAt,
        endsAt,
        purpose: input.purpose,
        organisation: input.organisation ?? null,
        attendees: input.attendees,
        description: input.description,
        requesterName: input.name,
        requesterEmail: input.email,
        requesterPhone: input.phone,
      };
      await roomBookingRepository.insert(tx, { ...row, tokenHash: tokenHash(this.context.links.tokenOf("room", id)) });
      const stored = await roomBookingRepository.byId(tx, id);
      if (!stored) throw new Error("room request vanished inside its own transaction");
      const booking = roomSnapshotOf(directory, this.context.links, stored);
      await this.context.outbox.enqueue(
        tx,
        createEvent("roomBookingRequested", { booking, requestedAt: now.toISOString() }, { occurredAt: now }),
      );
      return { id, manageUrl: booking.manageUrl };
    });
  }
}
