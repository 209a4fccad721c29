import type { PrivateLinks } from "../booking/private-link.ts";
import type { OfferDirectory } from "../directory/offer-directory.ts";
import type { RoomBookingRow } from "./room-booking.repository.ts";

export function roomSnapshotOf(directory: OfferDirectory, links: PrivateLinks, row: RoomBookingRow) {
  return {
    roomBookingId: row.id,
    roomId: row.roomId,
    roomName: directory.room(row.roomId)?.name ?? row.roomId,
    siteId: row.siteId,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    purpose: row.purpose,
    requester: {
      name: row.requesterName,
      email: row.requesterEmail,
      phone: row.requesterPhone,
      postalAddress: null,
      preferredChannel: row.requesterEmail ? ("email" as const) : ("sms" as const),
    },
    manageUrl: links.roomUrl(row.id),
  };
}
