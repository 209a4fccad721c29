import { withPgTransaction } from "@guichet/db";
import { AppError, validateInput } from "@guichet/runtime";
import {
  answerPage,
  type Choice,
  canAccessService,
  csrfField,
  errorSummary,
  type FormState,
  formOf,
  html,
  inputField,
  type PageRequest,
  type PageResponse,
  type PageResult,
  radioField,
  requireStaff,
  type StaffIdentity,
  selectField,
  verifyCsrf,
} from "@guichet/web";
import { Controller, Get, Inject, Param, Post, Req, Res } from "@nestjs/common";
import { APPOINTMENTS, type AppointmentsDeps } from "../appointments.deps.ts";
import { type AppointmentRow, appointmentRepository } from "../booking/appointment.repository.ts";
import { lockAppointment } from "../booking/appointment-access.ts";
import { bookableOffer } from "../booking/booking.context.ts";
import { bookingInputSchema, rescheduleInputSchema } from "../booking/booking-input.schema.ts";
import type { Offer } from "../directory/offer-directory.ts";
import { addDays, localDateOf } from "../slots/slot-search.ts";
import { problemsOf, queryString, weekStart } from "./page-input.ts";
import { parisSlot, parisTime } from "./paris-format.ts";
import { contactFields, offerTitle, slotChoices, weekNavigation } from "./view-parts.ts";

const ROLES = ["reception", "agent", "admin"] as const;
const BASE = "/accueil/rendez-vous";
const WEEK = 7;
const CHANNELS: readonly Choice[] = [
  { value: "phone", label: "Au téléphone" },
  { value: "counter", label: "À l’accueil (guichet)" },
];
const STATUS_LABELS: Record<AppointmentRow["status"], string> = {
  booked: "Réservé",
  cancelled: "Annulé",
  attended: "Venu",
  "no-show": "Absent",
};

/**
 * Reception, counter and phone agents book for a citizen in three steps: (1) what and where,
 * (2) slot and the person's contact, (3) the confirmation to read out. The day's planning of a site
 * records attendance (no-shows), cancels and moves appointments.
 */
@Controller("accueil/rendez-vous")
export class AgentBookingController {
  constructor(@Inject(APPOINTMENTS) private readonly deps: AppointmentsDeps) {}

  @Get()
  async chooseOffer(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.deps.page, async () => {
      const staff = requireStaff(request, this.deps.page.secret, ROLES);
      const choices = this.offersOf(staff).map((offer) => ({
        value: offer.id,
        label: offer.name,
        group: offer.site.name,
      }));
      const sites = this.deps.context.directory().sites.map((site) => ({ value: site.id, label: site.name }));
      const state = { values: {}, problems: [] };
      return {
        title: "Rendez-vous — étape 1 sur 3 : quoi et où",
        currentPath: BASE,
        main: html`<h1>Prendre un rendez-vous pour une personne</h1>
<p>Étape 1 sur 3 : le rendez-vous et le lieu.</p>
<form method="get" action="${BASE}/creneaux">
${selectField(state, { name: "offre", label: "Rendez-vous (par lieu)", choices, required: true })}
<button type="submit">Voir les créneaux libres</button>
</form>
<h2>Planning du jour</h2>
<form method="get" action="${BASE}/planning">
${selectField(state, { name: "site", label: "Lieu", choices: sites })}
${inputField({ values: { jour: localDateOf(this.deps.context.now()) }, problems: [] }, { name: "jour", label: "Jour", type: "date" })}
<button type="submit" class="secondary">Afficher le planning</button>
</form>`,
      };
    });
  }

  @Get("creneaux")
  async chooseSlot(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.deps.page, async () => {
      const staff = requireStaff(request, this.deps.page.secret, ROLES);
      return this.slotPage(request, this.offerFor(staff, queryString(request, "offre")), { values: {}, problems: [] });
    });
  }

  @Post("reserver")
  async reserve(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.deps.page, async () => {
      const staff = requireStaff(request, this.deps.page.secret, ROLES);
      const form = formOf(request);
      verifyCsrf(request, form);
      const offer = this.offerFor(staff, form.offerId ?? "");
      try {
        const input = validateInput(bookingInputSchema, form, "rendez-vous");
        const channel = form.channel === "counter" ? "counter" : "phone";
        const booked = await this.deps.book.execute({ ...input, channel, bookedBy: staff.id });
        return { redirect: `${BASE}/${booked.appointment.id}` };
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== "validation" && error.code !== "conflict")) throw error;
        return this.slotPage(
          request,
          offer,
          { values: form, problems: problemsOf(error) },
          error.code === "conflict" ? 409 : 400,
        );
      }
    });
  }

  @Get("planning")
  async planning(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.deps.page, async () => {
      const staff = requireStaff(request, this.deps.page.secret, ROLES);
      const directory = this.deps.context.directory();
      const site =
        directory.sites.find((candidate) => candidate.id === queryString(request, "site")) ?? directory.sites[0];
      if (!site) throw new AppError("not-found", "Aucun lieu n’est configuré.");
      const day = /^\d{4}-\d{2}-\d{2}$/.test(queryString(request, "jour"))
        ? queryString(request, "jour")
        : localDateOf(this.deps.context.now());
      const from = new Date(`${day}T00:00:00+01:00`);
      const rows = await withPgTransaction(this.deps.context.pool, (tx) =>
        appointmentRepository.ofSite(tx, site.id, new Date(from.getTime() - 3_600_000), addHours(from, 25)),
      );
      const visible = rows.filter((row) => localDateOf(row.startsAt) === day && this.mayHandle(staff, row.serviceId));
      return {
        title: `Planning des rendez-vous — ${site.name}, ${day}`,
        currentPath: BASE,
        main: html`<h1>Rendez-vous — ${site.name}</h1>
<p>Jour : ${day}. <a href="${BASE}">Nouveau rendez-vous ou autre lieu</a></p>
${
  visible.length === 0
    ? html`<p>Aucun rendez-vous ce jour-là.</p>`
    : html`<div class="table-wrapper"><table><caption>Rendez-vous du ${day}</caption>
<thead><tr><th scope="col">Heure</th><th scope="col">Rendez-vous</th><th scope="col">Personne</th><th scope="col">État</th><th scope="col">Actions</th></tr></thead>
<tbody>${visible.map((row) => this.planningRow(request, row))}</tbody></table></div>`
}`,
      };
    });
  }

  @Get(":id")
  async confirmation(@Req() request: PageRequest, @Res() response: PageResponse, @Param("id") id: string) {
    await answerPage(request, response, this.deps.page, async () => {
      const staff = requireStaff(request, this.deps.page.secret, ROLES);
      const row = await this.appointment(staff, id);
      const offer = this.deps.context.directory().offer(row.offerId);
      return {
        title: "Rendez-vous — étape 3 sur 3 : confirmation",
        currentPath: BASE,
        headers: { "cache-control": "no-store" },
        notice:
          row.status === "booked" ? "Rendez-vous réservé." : `Rendez-vous ${STATUS_LABELS[row.status].toLowerCase()}.`,
        main: html`<h1>Rendez-vous de ${row.citizenName}</h1>
<p>Étape 3 sur 3 : lisez ou remettez ces informations à la personne.</p>
<dl>
<dt>Rendez-vous</dt><dd>${offer ? offerTitle(offer) : row.offerId}</dd>
<dt>Date</dt><dd>${parisSlot(row.startsAt, row.endsAt)}</dd>
<dt>Adresse</dt><dd>${offer?.site.address ?? ""}</dd>
${offer?.bring ? html`<dt>À apporter</dt><dd>${offer.bring}</dd>` : ""}
<dt>Confirmation</dt><dd>${CONFIRMATION_BY[row.preferredChannel]}</dd>
<dt>Lien pour déplacer ou annuler</dt><dd>${this.deps.context.links.appointmentUrl(row.id)}</dd>
</dl>
<p><a href="${BASE}">Prendre un autre rendez-vous</a> · <a href="${planningOf(row)}">Planning de ce jour</a> · <a href="${BASE}/${row.id}/deplacer">Déplacer</a></p>`,
      };
    });
  }

  @Post(":id/presence")
  async attendance(@Req() request: PageRequest, @Res() response: PageResponse, @Param("id") id: string) {
    await answerPage(request, response, this.deps.page, async () => {
      const staff = requireStaff(request, this.deps.page.secret, ROLES);
      const form = formOf(request);
      verifyCsrf(request, form);
      const row = await this.appointment(staff, id);
      await this.deps.attendance.execute(row.id, staff.id, form.outcome === "no-show" ? "no-show" : "attended");
      return { redirect: planningOf(row) };
    });
  }

  @Post(":id/annuler")
  async cancel(@Req() request: PageRequest, @Res() response: PageResponse, @Param("id") id: string) {
    await answerPage(request, response, this.deps.page, async () => {
      const staff = requireStaff(request, this.deps.page.secret, ROLES);
      verifyCsrf(request, formOf(request));
      const row = await this.appointment(staff, id);
      await this.deps.cancel.execute({ id: row.id, staffId: staff.id });
      return { redirect: planningOf(row) };
    });
  }

  @Get(":id/deplacer")
  async moveForm(@Req() request: PageRequest, @Res() response: PageResponse, @Param("id") id: string) {
    await answerPage(request, response, this.deps.page, async () => {
      const staff = requireStaff(request, this.deps.page.secret, ROLES);
      return this.movePage(request, await this.appointment(staff, id), { values: {}, problems: [] });
    });
  }

  @Post(":id/deplacer")
  async move(@Req() request: PageRequest, @Res() response: PageResponse, @Param("id") id: string) {
    await answerPage(request, response, this.deps.page, async () => {
      const staff = requireStaff(request, this.deps.page.secret, ROLES);
      const form = formOf(request);
      verifyCsrf(request, form);
      const row = await this.appointment(staff, id);
      try {
        const { start } = validateInput(rescheduleInputSchema, form, "nouveau créneau");
        await this.deps.reschedule.execute({ id: row.id, staffId: staff.id }, start);
        return { redirect: `${BASE}/${row.id}` };
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== "validation" && error.code !== "conflict")) throw error;
        return this.movePage(
          request,
          row,
          { values: form, problems: problemsOf(error) },
          error.code === "conflict" ? 409 : 400,
        );
      }
    });
  }

  private planningRow(request: PageRequest, row: AppointmentRow) {
    const offer = this.deps.context.directory().offer(row.offerId);
    const started = row.startsAt <= this.deps.context.now();
    const action = (path: string, label: string, extra = html``) =>
      html`<form method="post" action="${BASE}/${row.id}/${path}">${csrfField(request)}${extra}<button type="submit" class="secondary">${label}<span class="visually-hidden"> : ${row.citizenName}, ${parisTime(row.startsAt)}</span></button></form>`;
    return html`<tr><td>${parisTime(row.startsAt)}${row.extended ? " (horaire élargi)" : ""}</td><td>${offer?.name ?? row.offerId}</td><td><a href="${BASE}/${row.id}">${row.citizenName}</a></td><td>${STATUS_LABELS[row.status]}</td><td>${
      row.status === "booked" && started
        ? html`${action("presence", "Venu", html`<input type="hidden" name="outcome" value="attended">`)}${action("presence", "Absent", html`<input type="hidden" name="outcome" value="no-show">`)}`
        : row.status === "booked"
          ? html`<a href="${BASE}/${row.id}/deplacer">Déplacer<span class="visually-hidden"> : ${row.citizenName}</span></a>${action("annuler", "Annuler")}`
          : ""
    }</td></tr>`;
  }

  private async slotPage(request: PageRequest, offer: Offer, state: FormState, status = 200): Promise<PageResult> {
    const today = localDateOf(this.deps.context.now());
    const from = weekStart(request, today);
    const slots =
      (await this.deps.searchSlots.execute({ offers: [offer], from, days: WEEK, by: "agent" })).get(offer.id) ?? [];
    return {
      status,
      title: `Rendez-vous — étape 2 sur 3 : créneau et personne — ${offer.name}`,
      currentPath: BASE,
      headers: { "cache-control": "no-store" },
      main: html`<h1>${offerTitle(offer)}</h1>
<p>Étape 2 sur 3 : le créneau et la personne. <a href="${BASE}">Changer de rendez-vous</a></p>
${errorSummary(state.problems)}
${weekNavigation(`${BASE}/creneaux`, { offre: offer.id }, from > today ? today : null, addDays(from, WEEK))}
${
  slots.length === 0
    ? html`<p>Aucun créneau libre cette semaine : voyez la semaine suivante.</p>`
    : html`<form method="post" action="${BASE}/reserver" novalidate>${csrfField(request)}
<input type="hidden" name="offerId" value="${offer.id}">
${slotChoices(state, slots, "Créneaux libres")}
${contactFields(state, true)}
${radioField(state, { name: "channel", legend: "Rendez-vous pris", choices: CHANNELS, fallback: "phone" })}
<button type="submit">Réserver pour cette personne</button></form>`
}`,
    };
  }

  private async movePage(
    request: PageRequest,
    row: AppointmentRow,
    state: FormState,
    status = 200,
  ): Promise<PageResult> {
    const offer = bookableOffer(this.deps.context, row.offerId);
    const today = localDateOf(this.deps.context.now());
    const from = weekStart(request, today);
    const slots =
      (await this.deps.searchSlots.execute({ offers: [offer], from, days: WEEK, by: "agent" })).get(offer.id) ?? [];
    return {
      status,
      title: `Déplacer le rendez-vous de ${row.citizenName}`,
      currentPath: BASE,
      main: html`<h1>Déplacer le rendez-vous de ${row.citizenName}</h1>
${errorSummary(state.problems)}
<p>Actuellement : ${parisSlot(row.startsAt, row.endsAt)}, ${offerTitle(offer)}.</p>
${weekNavigation(`${BASE}/${row.id}/deplacer`, {}, from > today ? today : null, addDays(from, WEEK))}
<form method="post" action="${BASE}/${row.id}/deplacer" novalidate>${csrfField(request)}
${slotChoices(state, slots, "Nouveau créneau")}
<button type="submit">Déplacer</button></form>`,
    };
  }

  private offersOf(staff: StaffIdentity): Offer[] {
    return this.deps.context
      .directory()
      .offers.filter((offer) => offer.booking === "slots" && this.mayHandle(staff, offer.serviceId));
  }

  private offerFor(staff: StaffIdentity, offerId: string): Offer {
    const offer = bookableOffer(this.deps.context, offerId);
    if (!this.mayHandle(staff, offer.serviceId))
      throw new AppError("forbidden", "Ces rendez-vous relèvent d’un service auquel vous n’avez pas accès.");
    return offer;
  }

  /** Reception books for every service; an agent for the services they belong to. */
  private mayHandle(staff: StaffIdentity, serviceId: string | null): boolean {
    return (
      staff.roles.includes("reception") ||
      staff.roles.includes("admin") ||
      (serviceId !== null && canAccessService(staff, serviceId))
    );
  }

  private async appointment(staff: StaffIdentity, id: string): Promise<AppointmentRow> {
    const row = await withPgTransaction(this.deps.context.pool, (tx) => lockAppointment(tx, { id, staffId: staff.id }));
    if (!this.mayHandle(staff, row.serviceId))
      throw new AppError("forbidden", "Ce rendez-vous relève d’un service auquel vous n’avez pas accès.");
    return row;
  }
}

const CONFIRMATION_BY: Record<AppointmentRow["preferredChannel"], string> = {
  email: "Envoyée par e-mail, avec un rappel la veille.",
  sms: "Envoyée par SMS, avec un rappel la veille.",
  letter: "Envoyée par courrier postal.",
};

/** The planning of the appointment's site and day. */
function planningOf(row: AppointmentRow): string {
  return `${BASE}/planning?${new URLSearchParams({ site: row.siteId, jour: localDateOf(row.startsAt) }).toString()}`;
}

function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * 3_600_000);
}
