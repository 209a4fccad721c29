import { answerPage, html, type PageRequest, type PageResponse } from "@guichet/web";
import { Controller, Get, Inject, Req, Res } from "@nestjs/common";
import { APPOINTMENTS, type AppointmentsDeps } from "../appointments.deps.ts";
import type { Offer } from "../directory/offer-directory.ts";
import { offerTitle, weeklyHours } from "./view-parts.ts";

/**
 * The directory's page of office hours: elected officials' permanences in each annex and the
 * France Services partners, each with its hours and either a booking link or "sans rendez-vous".
 * Served under /qui-fait-quoi so the public directory leads to it.
 */
@Controller("qui-fait-quoi/permanences")
export class OfficeHoursController {
  constructor(@Inject(APPOINTMENTS) private readonly deps: AppointmentsDeps) {}

  @Get()
  async page(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.deps.page, async () => {
      const offers = this.deps.context.directory().offers;
      const entry = (offer: Offer) => html`<li><h3>${offerTitle(offer)}</h3>
${offer.role ? html`<p>${offer.role}</p>` : ""}${offer.topics ? html`<p>${offer.topics}</p>` : ""}
<p>Horaires : ${offer.calendars.map(({ calendar }) => weeklyHours(calendar)).join(" ; ")}${
        offer.site.address ? html`<br>Adresse : ${offer.site.address}` : ""
      }${offer.phone ? html`<br>Téléphone : ${offer.phone}` : ""}</p>
<p>${
        offer.booking === "slots"
          ? html`<a href="/rendez-vous/creneaux?${new URLSearchParams({ offre: offer.id }).toString()}">Prendre rendez-vous<span class="visually-hidden"> : ${offerTitle(offer)}</span></a>`
          : "Sans rendez-vous : présentez-vous aux horaires indiqués."
      }</p></li>`;
      return {
        title: "Permanences des élus et des partenaires",
        currentPath: "/qui-fait-quoi",
        main: html`<h1>Permanences des élus et des partenaires</h1>
<p>Les élus reçoivent dans chaque mairie déléguée ; les partenaires de l’Espace France Services y tiennent leurs permanences.</p>
<h2>Permanences des élus</h2>
<ul class="directory">${offers.filter((offer) => offer.kind === "permanence").map(entry)}</ul>
<h2>Partenaires France Services</h2>
<ul class="directory">${offers.filter((offer) => offer.kind === "partner").map(entry)}</ul>
<p><a href="/qui-fait-quoi">Retour à « Qui fait quoi ? »</a> · <a href="/salles">Réserver une salle</a></p>`,
      };
    });
  }
}
