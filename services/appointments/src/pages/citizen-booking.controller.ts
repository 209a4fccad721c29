import { withPgTransaction } from "@guichet/db";
import { AppError, validateInput } from "@guichet/runtime";
import {
  answerPage,
  csrfField,
  errorSummary,
  type FormState,
  formOf,
  html,
  type PageRequest,
  type PageResponse,
  type PageResult,
  verifyCsrf,
} from "@guichet/web";
import { Controller, Get, Inject, Param, Post, Req, Res } from "@nestjs/common";
import { APPOINTMENTS, type AppointmentsDeps } from "../appointments.deps.ts";
import { lockAppointment } from "../booking/appointment-access.ts";
import { bookableOffer } from "../booking/booking.context.ts";
import { bookingInputSchema, rescheduleInputSchema } from "../booking/booking-input.schema.ts";
import type { Offer } from "../directory/offer-directory.ts";
import { addDays, localDateOf } from "../slots/slot-search.ts";
import { PRIVATE_PAGE, problemsOf, queryString, weekStart } from "./page-input.ts";
import { parisSlot } from "./paris-format.ts";
import { contactFields, offerTitle, slotChoices, weekNavigation } from "./view-parts.ts";

const WEEK = 7;
const KIND_TITLES = {
  service: "Rendez-vous avec un service de la mairie",
  permanence: "Permanences des élus",
  partner: "Partenaires France Services",
} as const;

/** Citizen booking without JavaScript: choose, pick a slot and give a contact, then manage by the private link. */
@Controller("rendez-vous")
export class CitizenBookingController {
  constructor(@Inject(APPOINTMENTS) private readonly deps: AppointmentsDeps) {}

  @Get()
  async offers(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.deps.page, async () => {
      const offers = this.deps.context.directory().offers.filter((offer) => offer.booking === "slots");
      const section = (kind: Offer["kind"]) => {
        const ofKind = offers.filter((offer) => offer.kind === kind);
        return html`<section><h2>${KIND_TITLES[kind]}</h2><ul>${ofKind.map(
          (offer) =>
            html`<li><a href="/rendez-vous/creneaux?${new URLSearchParams({ offre: offer.id }).toString()}">${offerTitle(offer)}</a>${
              offer.role ? `, ${offer.role}` : ""
            }</li>`,
        )}</ul></section>`;
      };
      return {
        title: "Prendre rendez-vous",
        currentPath: "/rendez-vous",
        main: html`<h1>Prendre rendez-vous</h1>
<p>Choisissez avec qui et où. Vous pouvez aussi prendre rendez-vous par téléphone au 02 41 00 00 00 ou à l’accueil de votre mairie.</p>
${section("service")}${section("permanence")}${section("partner")}
<p><a href="/qui-fait-quoi/permanences">Horaires des permanences des élus et des partenaires</a></p>`,
      };
    });
  }

  @Get("creneaux")
  async slots(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.deps.page, async () => {
      const offer = bookableOffer(this.deps.context, queryString(request, "offre"));
      return this.slotPage(request, offer, { values: {}, problems: [] });
    });
  }

  @Post("reserver")
  async reserve(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.deps.page, async () => {
      const form = formOf(request);
      verifyCsrf(request, form);
      const offer = bookableOffer(this.deps.context, form.offerId ?? "");
      try {
        const input = validateInput(bookingInputSchema, form, "rendez-vous");
        const booked = await this.deps.book.execute({ ...input, channel: "web", bookedBy: null });
        return { redirect: `${new URL(booked.manageUrl).pathname}?fait=reserve` };
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== "validation" && error.code !== "conflict")) throw error;
        const status = error.code === "conflict" ? 409 : 400;
        return this.slotPage(request, offer, { values: form, problems: problemsOf(error) }, status);
      }
    });
  }

  @Get("gerer/:token")
  async manage(@Req() request: PageRequest, @Res() response: PageResponse, @Param("token") token: string) {
    await answerPage(request, response, this.deps.page, () =>
      this.managePage(request, token, { values: {}, problems: [] }, 200, queryString(request, "fait")),
    );
  }

  @Post("gerer/:token/deplacer")
  async move(@Req() request: PageRequest, @Res() response: PageResponse, @Param("token") token: string) {
    await answerPage(request, response, this.deps.page, async () => {
      const form = formOf(request);
      verifyCsrf(request, form);
      try {
        const { start } = validateInput(rescheduleInputSchema, form, "nouveau créneau");
        await this.deps.reschedule.execute({ token }, start);
        return { redirect: `/rendez-vous/gerer/${encodeURIComponent(token)}?fait=deplace` };
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== "validation" && error.code !== "conflict")) throw error;
        return this.managePage(
          request,
          token,
          { values: form, problems: problemsOf(error) },
          error.code === "conflict" ? 409 : 400,
        );
      }
    });
  }

  @Post("gerer/:token/annuler")
  async cancel(@Req() request: PageRequest, @Res() response: PageResponse, @Param("token") token: string) {
    await answerPage(request, response, this.deps.page, async () => {
      verifyCsrf(request, formOf(request));
      await this.deps.cancel.execute({ token });
      return { redirect: `/rendez-vous/gerer/${encodeURIComponent(token)}?fait=annule` };
    });
  }

  private async slotPage(request: PageRequest, offer: Offer, state: FormState, status = 200): Promise<PageResult> {
    const today = localDateOf(this.deps.context.now());
    const from = weekStart(request, today);
    const slots =
      (await this.deps.searchSlots.execute({ offers: [offer], from, days: WEEK, by: "citizen" })).get(offer.id) ?? [];
    const previous = from > today ? addDays(from, -WEEK) : null;
    const navigation = weekNavigation(
      "/rendez-vous/creneaux",
      { offre: offer.id },
      previous && previous < today ? today : previous,
      addDays(from, WEEK),
    );
    return {
      status,
      title: state.problems.length
        ? `Erreurs dans la réservation — ${offer.name}`
        : `Choisir un créneau — ${offer.name}`,
      currentPath: "/rendez-vous",
      headers: { "cache-control": "no-store" },
      main: html`<h1>${offerTitle(offer)}</h1>
${errorSummary(state.problems)}
<p>${offer.site.address ?? ""}${offer.bring ? html`<br>À apporter : ${offer.bring}` : ""}</p>
<p>Durée : ${offer.durationMinutes} minutes. Les créneaux marqués « horaire élargi » sont ouverts en soirée ou le samedi pour les rendez-vous.</p>
${navigation}
${
  slots.length === 0
    ? html`<p>Aucun créneau libre du ${from} au ${addDays(from, WEEK - 1)}. Essayez la semaine suivante ou appelez le ${offer.site.phone ?? "02 41 00 00 00"}.</p>`
    : html`<form method="post" action="/rendez-vous/reserver" novalidate>
${csrfField(request)}<input type="hidden" name="offerId" value="${offer.id}">
${slotChoices(state, slots, "Créneaux libres")}
${contactFields(state, false)}
<button type="submit">Confirmer le rendez-vous</button>
</form>`
}`,
    };
  }

  private async managePage(
    request: PageRequest,
    token: string,
    state: FormState,
    status = 200,
    done = "",
  ): Promise<PageResult> {
    const appointment = await withPgTransaction(this.deps.context.pool, (tx) => lockAppointment(tx, { token }));
    const offer = this.deps.context.directory().offer(appointment.offerId);
    const when = parisSlot(appointment.startsAt, appointment.endsAt);
    const notice =
      done === "reserve"
        ? "Votre rendez-vous est réservé. Une confirmation vous est envoyée ; gardez ce lien pour le déplacer ou l’annuler."
        : done === "deplace"
          ? "Votre rendez-vous a été déplacé. Une nouvelle confirmation vous est envoyée."
          : done === "annule"
            ? "Votre rendez-vous est annulé."
            : undefined;
    const upcoming = appointment.status === "booked" && appointment.startsAt > this.deps.context.now();
    let changeForms = html``;
    if (upcoming && offer) {
      const today = localDateOf(this.deps.context.now());
      const from = weekStart(request, today);
      const slots =
        (await this.deps.searchSlots.execute({ offers: [offer], from, days: WEEK, by: "citizen" })).get(offer.id) ?? [];
      const path = new URL(this.deps.context.links.appointmentUrl(appointment.id)).pathname;
      changeForms = html`<h2>Déplacer le rendez-vous</h2>
${weekNavigation(path, {}, from > today ? today : null, addDays(from, WEEK))}
${
  slots.length === 0
    ? html`<p>Aucun autre créneau libre cette semaine.</p>`
    : html`<form method="post" action="${path}/deplacer" novalidate>${csrfField(request)}
${slotChoices(state, slots, "Nouveau créneau")}
<button type="submit">Déplacer à ce créneau</button></form>`
}
<h2>Annuler le rendez-vous</h2>
<form method="post" action="${path}/annuler">${csrfField(request)}
<p>Le créneau sera proposé à quelqu’un d’autre.</p>
<button type="submit" class="secondary">Annuler mon rendez-vous</button></form>`;
    }
    const state_ =
      appointment.status === "cancelled"
        ? "Annulé"
        : appointment.status === "attended"
          ? "Honoré"
          : appointment.status === "no-show"
            ? "Absence constatée"
            : "Réservé";
    return {
      status,
      title: `Mon rendez-vous du ${when}`,
      currentPath: "/rendez-vous",
      headers: PRIVATE_PAGE,
      notice,
      main: html`<h1>Mon rendez-vous</h1>
${errorSummary(state.problems)}
<dl>
<dt>Objet</dt><dd>${offer ? offerTitle(offer) : appointment.offerId}</dd>
<dt>Date</dt><dd>${when}</dd>
<dt>Adresse</dt><dd>${offer?.site.address ?? ""}</dd>
<dt>État</dt><dd>${state_}</dd>
${appointment.requestReference ? html`<dt>Demande liée</dt><dd>${appointment.requestReference}</dd>` : ""}
${offer?.bring ? html`<dt>À apporter</dt><dd>${offer.bring}</dd>` : ""}
</dl>
${changeForms}`,
    };
  }
}
