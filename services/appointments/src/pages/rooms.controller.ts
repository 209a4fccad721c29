import type { SqlExecutor } from "@guichet/db";
import { AppError, validateInput } from "@guichet/runtime";
import {
  answerPage,
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
  selectField,
  textareaField,
  verifyCsrf,
} from "@guichet/web";
import { Controller, Get, Inject, Param, Post, Req, Res } from "@nestjs/common";
import { APPOINTMENTS, type AppointmentsDeps } from "../appointments.deps.ts";
import { poolExecutor } from "../booking/pool-executor.ts";
import { isWellFormedToken, tokenHash } from "../booking/private-link.ts";
import { roomRequestSchema } from "../rooms/request-room/room-request.schema.ts";
import { type RoomBookingRow, roomBookingRepository } from "../rooms/room-booking.repository.ts";
import { addDays, localDateOf } from "../slots/slot-search.ts";
import { PRIVATE_PAGE, queryString } from "./page-input.ts";
import { parisSlot } from "./paris-format.ts";
import { weeklyHours } from "./view-parts.ts";

const USES = [
  { value: "famille", label: "Fête ou réunion de famille" },
  { value: "mariage", label: "Mariage" },
  { value: "association", label: "Association" },
];
const STATUS: Record<RoomBookingRow["status"], string> = {
  requested: "En attente de réponse",
  approved: "Acceptée",
  rejected: "Refusée",
  cancelled: "Annulée",
};
const AVAILABILITY_DAYS = 28;

/**
 * Rooms of the annex town halls: public availability (approved bookings of the next four weeks),
 * the request form, the requester's private status page, and the service's approval queue.
 */
@Controller()
export class RoomsController {
  constructor(@Inject(APPOINTMENTS) private readonly deps: AppointmentsDeps) {}

  @Get("salles")
  async rooms(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.deps.page, () =>
      this.roomsPage(request, { values: { roomId: queryString(request, "salle") }, problems: [] }),
    );
  }

  @Post("salles/demande")
  async requestRoom(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.deps.page, async () => {
      const form = formOf(request);
      verifyCsrf(request, form);
      try {
        const input = validateInput(roomRequestSchema, form, "demande de salle");
        const { manageUrl } = await this.deps.requestRoom.execute(input);
        return { redirect: `${new URL(manageUrl).pathname}?fait=demande` };
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== "validation" && error.code !== "conflict")) throw error;
        const problems = error.problems.length ? [...error.problems] : [{ field: "from", message: error.message }];
        return this.roomsPage(request, { values: form, problems }, error.code === "conflict" ? 409 : 400);
      }
    });
  }

  @Get("salles/demande/:token")
  async status(@Req() request: PageRequest, @Res() response: PageResponse, @Param("token") token: string) {
    await answerPage(request, response, this.deps.page, async () => {
      const row = isWellFormedToken(token)
        ? await this.read((tx) => roomBookingRepository.byTokenHash(tx, tokenHash(token)))
        : null;
      if (!row) throw new AppError("not-found", "Cette demande de salle est introuvable. Vérifiez le lien reçu.");
      const room = this.deps.context.directory().room(row.roomId);
      return {
        title: `Ma demande de salle — ${room?.name ?? row.roomId}`,
        currentPath: "/salles",
        headers: PRIVATE_PAGE,
        notice:
          queryString(request, "fait") === "demande"
            ? "Votre demande est enregistrée : le service vous répondra."
            : undefined,
        main: html`<h1>Ma demande de salle</h1><dl>
<dt>Salle</dt><dd>${room?.name ?? row.roomId}</dd>
<dt>Date</dt><dd>${parisSlot(row.startsAt, row.endsAt)}</dd>
<dt>État</dt><dd>${STATUS[row.status]}</dd>
${row.decisionNote ? html`<dt>Message du service</dt><dd>${row.decisionNote}</dd>` : ""}
</dl>`,
      };
    });
  }

  @Get("accueil/salles")
  async queue(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.deps.page, async () => {
      this.requireRoomStaff(request);
      const pending = await this.read((tx) => roomBookingRepository.pending(tx));
      const directory = this.deps.context.directory();
      const state = { values: {}, problems: [] };
      return {
        title: "Demandes de salles à traiter",
        currentPath: "/accueil/salles",
        main: html`<h1>Demandes de salles à traiter</h1>
${
  pending.length === 0
    ? html`<p>Aucune demande en attente.</p>`
    : html`<ul>${pending.map(
        (
          row,
        ) => html`<li><h2>${directory.room(row.roomId)?.name ?? row.roomId} — ${parisSlot(row.startsAt, row.endsAt)}</h2>
<p>${USES.find((use) => use.value === row.purpose)?.label}${row.organisation ? ` (${row.organisation})` : ""}, ${row.attendees} personnes. ${row.description}</p>
<p>Demandeur : ${row.requesterName}, ${row.requesterEmail ?? row.requesterPhone ?? ""}</p>
<form method="post" action="/accueil/salles/${row.id}/decision">${csrfField(request)}
${textareaField(state, { name: `note-${row.id}`, label: "Message au demandeur (facultatif)", rows: 2 })}
<button type="submit" name="decision" value="approved">Accepter<span class="visually-hidden"> la demande de ${row.requesterName}</span></button>
<button type="submit" name="decision" value="rejected" class="secondary">Refuser<span class="visually-hidden"> la demande de ${row.requesterName}</span></button>
</form></li>`,
      )}</ul>`
}`,
      };
    });
  }

  @Post("accueil/salles/:id/decision")
  async decide(@Req() request: PageRequest, @Res() response: PageResponse, @Param("id") id: string) {
    await answerPage(request, response, this.deps.page, async () => {
      const staff = this.requireRoomStaff(request);
      const form = formOf(request);
      verifyCsrf(request, form);
      const decision = form.decision === "approved" ? "approved" : "rejected";
      const note = form[`note-${id}`]?.trim() || null;
      await this.deps.decideRoom.execute({ id, decision, staffId: staff.id, note });
      return { redirect: "/accueil/salles" };
    });
  }

  private requireRoomStaff(request: PageRequest) {
    const staff = requireStaff(request, this.deps.page.secret, ["reception", "agent", "admin"]);
    const service = this.deps.context.directory().roomService.id;
    if (
      !staff.roles.includes("admin") &&
      !staff.roles.includes("reception") &&
      !staff.allServices &&
      !staff.serviceIds.includes(service)
    )
      throw new AppError("forbidden", "Les demandes de salles sont traitées par le service vie associative.");
    return staff;
  }

  private async roomsPage(request: PageRequest, state: FormState, status = 200): Promise<PageResult> {
    const directory = this.deps.context.directory();
    const now = this.deps.context.now();
    const today = localDateOf(now);
    const approved = await this.read((tx) =>
      roomBookingRepository.approved(tx, now, new Date(now.getTime() + AVAILABILITY_DAYS * 86_400_000)),
    );
    const rooms = directory.rooms.map((room) => ({
      value: room.id,
      label: `${room.name} (${room.capacity} personnes)`,
    }));
    return {
      status,
      title: state.problems.length ? "Erreurs dans la demande de salle" : "Réserver une salle",
      currentPath: "/salles",
      headers: { "cache-control": "no-store" },
      main: html`<h1>Réserver une salle dans une mairie déléguée</h1>
${errorSummary(state.problems)}
<p>Les familles et les associations peuvent demander une salle ${weeklyHours(directory.roomCalendar)}. Le service ${directory.roomService.name} répond à chaque demande.</p>
<h2>Disponibilités des quatre prochaines semaines</h2>
${directory.rooms.map((room) => {
  const taken = approved.filter((booking) => booking.roomId === room.id);
  return html`<h3>${room.name}</h3><p>${room.site.name}, ${room.capacity} personnes au plus.</p>${
    taken.length === 0
      ? html`<p>Libre du ${today} au ${addDays(today, AVAILABILITY_DAYS)}.</p>`
      : html`<p>Déjà réservée :</p><ul>${taken.map((booking) => html`<li>${parisSlot(booking.startsAt, booking.endsAt)}</li>`)}</ul>`
  }`;
})}
<h2>Demander une salle</h2>
<form method="post" action="/salles/demande" novalidate>${csrfField(request)}
${selectField(state, { name: "roomId", label: "Salle", choices: rooms, required: true })}
${inputField(state, { name: "date", label: "Date", type: "date", required: true, hint: "Format : AAAA-MM-JJ" })}
${inputField(state, { name: "from", label: "Heure de début", type: "time", required: true, hint: "Format : HH:MM" })}
${inputField(state, { name: "to", label: "Heure de fin", type: "time", required: true, hint: "Format : HH:MM" })}
${radioField(state, { name: "purpose", legend: "Usage", choices: USES, fallback: "famille" })}
${inputField(state, { name: "organisation", label: "Association (si c’en est une)" })}
${inputField(state, { name: "attendees", label: "Nombre de personnes", type: "number", required: true })}
${textareaField(state, { name: "description", label: "L’événement en quelques mots", required: true, rows: 3 })}
${inputField(state, { name: "name", label: "Nom et prénom", required: true, autocomplete: "name" })}
${inputField(state, { name: "email", label: "Adresse e-mail", type: "email", autocomplete: "email" })}
${inputField(state, { name: "phone", label: "Téléphone", type: "tel", autocomplete: "tel" })}
<button type="submit">Envoyer la demande</button></form>`,
    };
  }

  private read<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return work(poolExecutor(this.deps.context.pool));
  }
}
