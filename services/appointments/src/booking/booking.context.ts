import type { AppointmentSnapshot } from "@guichet/contracts";
import type { Outbox } from "@guichet/db";
import { AppError } from "@guichet/runtime";
import type pg from "pg";
import type { Offer, OfferDirectory } from "../directory/offer-directory.ts";
import { localDateOf, type SlotTime, slotGrid } from "../slots/slot-search.ts";
import type { AppointmentRow } from "./appointment.repository.ts";
import type { PrivateLinks } from "./private-link.ts";

/** What the booking use cases share: the database, the outbox, the offers, the links and the rules. */
export interface BookingContext {
  pool: pg.Pool;
  outbox: Outbox;
  directory: () => OfferDirectory;
  links: PrivateLinks;
  rules: { horizonDays: number; minNoticeMinutes: number };
  now: () => Date;
}

export const SLOT_TAKEN =
  "Ce créneau vient d’être réservé par une autre personne. Choisissez un autre créneau, la liste est à jour.";

export function bookableOffer(context: BookingContext, offerId: string): Offer {
  const offer = context.directory().offer(offerId);
  if (!offer) throw new AppError("not-found", "Ce type de rendez-vous n’existe pas ou n’est plus proposé.");
  if (offer.booking !== "slots")
    throw new AppError("validation", "Cette permanence est sans rendez-vous : présentez-vous aux horaires indiqués.", [
      { field: "offerId", message: "Permanence sans rendez-vous" },
    ]);
  return offer;
}

/**
 * The grid slot of an offer that starts at `start`, checked against the booking rules: in the
 * future (with the minimum notice for citizens), within the horizon, on the offer's calendar.
 */
export function slotAt(context: BookingContext, offer: Offer, start: Date, by: "citizen" | "agent"): SlotTime {
  const now = context.now();
  const notice = by === "citizen" ? context.rules.minNoticeMinutes * 60_000 : 0;
  if (start.getTime() < now.getTime() + notice)
    throw new AppError(
      "validation",
      by === "citizen"
        ? `Ce créneau est trop proche : réservez au moins ${context.rules.minNoticeMinutes} minutes à l’avance, ou appelez la mairie.`
        : "Ce créneau est déjà passé.",
      [{ field: "start", message: "Créneau trop proche ou passé" }],
    );
  if (start.getTime() > now.getTime() + context.rules.horizonDays * 86_400_000)
    throw new AppError(
      "validation",
      `Les rendez-vous se prennent au plus ${context.rules.horizonDays} jours à l’avance.`,
      [{ field: "start", message: "Créneau trop lointain" }],
    );
  const slot = slotGrid(offer, localDateOf(start), 1).find(
    (candidate) => candidate.start.getTime() === start.getTime(),
  );
  if (!slot)
    throw new AppError("validation", "Ce créneau ne correspond pas aux horaires de rendez-vous de ce lieu.", [
      { field: "start", message: "Créneau inexistant" },
    ]);
  return slot;
}

/** The event snapshot of a stored appointment. */
export function snapshotOf(context: BookingContext, row: AppointmentRow): AppointmentSnapshot {
  const offer = context.directory().offer(row.offerId);
  const site = context.directory().sites.find((candidate) => candidate.id === row.siteId);
  return {
    appointmentId: row.id,
    offerId: row.offerId,
    offerName: offer?.name ?? row.offerId,
    kind: row.kind,
    siteId: row.siteId,
    siteName: site?.name ?? row.siteId,
    siteAddress: site?.address ?? null,
    serviceId: row.serviceId,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    extended: row.extended,
    channel: row.channel,
    citizen: {
      name: row.citizenName,
      email: row.citizenEmail,
      phone: row.citizenPhone,
      postalAddress: row.citizenAddress,
      preferredChannel: row.preferredChannel,
    },
    manageUrl: context.links.appointmentUrl(row.id),
    requestReference: row.requestReference,
    bring: offer?.bring ?? null,
  };
}
