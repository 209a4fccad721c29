import { AppError, validateInput } from "@guichet/runtime";
import { staffOf } from "@guichet/web";
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from "@nestjs/common";
import { z } from "zod";
import { APPOINTMENTS, type AppointmentsDeps } from "../appointments.deps.ts";
import { bookableOffer } from "../booking/booking.context.ts";
import { bookingInputSchema, rescheduleInputSchema } from "../booking/booking-input.schema.ts";
import type { Offer } from "../directory/offer-directory.ts";
import { weeklyHours } from "../pages/view-parts.ts";

const slotQuerySchema = z.object({
  offre: z.string().min(1, "offre (offer id) is required"),
  du: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")
    .optional(),
  jours: z.coerce.number().int().min(1).max(31).default(7),
});

const offerJson = (offer: Offer) => ({
  id: offer.id,
  kind: offer.kind,
  name: offer.name,
  role: offer.role,
  siteId: offer.site.id,
  siteName: offer.site.name,
  serviceId: offer.serviceId,
  booking: offer.booking,
  durationMinutes: offer.durationMinutes,
  hours: offer.calendars.map(({ calendar, extended }) => ({ hours: weeklyHours(calendar), extended })),
  topics: offer.topics,
  phone: offer.phone,
});

/** JSON API: offers and office hours, free slots, booking, rescheduling and cancelling by the private link. */
@Controller("api/appointments")
export class AppointmentsApiController {
  constructor(@Inject(APPOINTMENTS) private readonly deps: AppointmentsDeps) {}

  @Get("offers")
  offers() {
    return { offers: this.deps.context.directory().offers.map(offerJson) };
  }

  @Get("slots")
  async slots(@Query() query: unknown) {
    const { offre, du, jours } = validateInput(slotQuerySchema, query, "slot query");
    const offer = bookableOffer(this.deps.context, offre);
    const slots = await this.deps.searchSlots.execute({ offers: [offer], from: du, days: jours, by: "citizen" });
    return {
      offerId: offer.id,
      slots: (slots.get(offer.id) ?? []).map((slot) => ({
        start: slot.start.toISOString(),
        end: slot.end.toISOString(),
        extended: slot.extended,
        freeDesks: slot.freeDesks,
      })),
    };
  }

  /** Anonymous: the web channel. With a staff identity: booked by that agent (phone unless `channel: counter`). */
  @Post()
  @HttpCode(201)
  async book(@Req() request: { headers: Record<string, string | string[] | undefined> }, @Body() body: unknown) {
    const staff = staffOf(request, this.deps.page.secret);
    const input = validateInput(bookingInputSchema, body, "appointment");
    const channel = staff ? ((body as { channel?: unknown }).channel === "counter" ? "counter" : "phone") : "web";
    const { appointment, manageUrl } = await this.deps.book.execute({ ...input, channel, bookedBy: staff?.id ?? null });
    return {
      appointmentId: appointment.id,
      startsAt: appointment.startsAt.toISOString(),
      endsAt: appointment.endsAt.toISOString(),
      extended: appointment.extended,
      manageUrl,
    };
  }

  @Post("manage/:token/reschedule")
  @HttpCode(200)
  async reschedule(@Param("token") token: string, @Body() body: unknown) {
    const { start } = validateInput(rescheduleInputSchema, body, "reschedule");
    const moved = await this.deps.reschedule.execute({ token }, start);
    return { appointmentId: moved.id, startsAt: moved.startsAt.toISOString(), endsAt: moved.endsAt.toISOString() };
  }

  @Post("manage/:token/cancel")
  @HttpCode(200)
  async cancel(@Param("token") token: string) {
    const cancelled = await this.deps.cancel.execute({ token });
    if (cancelled.status !== "cancelled") throw new AppError("conflict", "Annulation impossible.");
    return { appointmentId: cancelled.id, status: cancelled.status };
  }
}
