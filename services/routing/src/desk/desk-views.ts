import { randomUUID } from "node:crypto";
import { type CitizenContact, type DeskStatus, deskStatusSchema } from "@guichet/contracts";
import {
  csrfField,
  errorSummary,
  fieldId,
  html,
  type RequestLike,
  type SafeHtml,
  type StaffIdentity,
} from "@guichet/web";
import type { DeskEntry } from "../../generated/prisma/client.ts";
import type { Catalog } from "../catalog/catalog.ts";
import { canTransfer, canWork } from "./desk-access.ts";
import {
  ageText,
  channelLabel,
  dateTimeText,
  OUTCOME_LABELS,
  REPLY_CHANNEL_LABELS,
  serviceName,
  subjectLabel,
} from "./desk-format.ts";
import type { CaseDetails, CaseSummary } from "./desk-queries.ts";
import { STATUS_LABELS } from "./desk-status.ts";

export interface Problem {
  field: string;
  message: string;
}

/** Multi-line text kept readable without inline styles. */
export function paragraphs(text: string | null): SafeHtml {
  if (!text) return html``;
  return html`${text
    .split(/\n{2,}/)
    .map(
      (block) => html`<p>${block.split("\n").map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`))}</p>`,
    )}`;
}

export interface QueueView {
  catalog: Catalog;
  services: { id: string; selected: boolean }[];
  serviceId: string | null;
  status: DeskStatus | null;
  counts: Record<DeskStatus, number>;
  cases: CaseSummary[];
  now: Date;
}

function queueHref(serviceId: string | null, status: DeskStatus | null): string {
  const params = new URLSearchParams();
  if (serviceId) params.set("serviceId", serviceId);
  if (status) params.set("status", status);
  const query = params.toString();
  return query ? `/bureau?${query}` : "/bureau";
}

export function queueMain(view: QueueView): SafeHtml {
  const total = Object.values(view.counts).reduce((a, b) => a + b, 0);
  const tabs = [
    { status: null, label: "Toutes", count: total },
    ...deskStatusSchema.options.map((s) => ({ status: s, label: STATUS_LABELS[s], count: view.counts[s] })),
  ];
  const only = view.services.length === 1 ? (view.services[0]?.id ?? null) : null;
  const shown = view.serviceId ?? only;
  const heading = shown ? serviceName(view.catalog, shown) : "tous mes services";
  const filterLabel = view.status ? STATUS_LABELS[view.status].toLowerCase() : "tous statuts";
  return html`<h1>Demandes de ${heading}</h1>
${
  view.services.length > 1
    ? html`<nav aria-label="Choisir le service"><ul class="services">
<li><a href="${queueHref(null, view.status)}"${view.serviceId === null ? html` aria-current="page"` : ""}>Tous mes services</a></li>
${view.services.map(
  (s) =>
    html`<li><a href="${queueHref(s.id, view.status)}"${s.selected ? html` aria-current="page"` : ""}>${serviceName(view.catalog, s.id)}</a></li>`,
)}
</ul></nav>`
    : ""
}
<nav aria-label="Filtrer par statut"><ul class="tabs">
${tabs.map(
  (t) =>
    html`<li><a href="${queueHref(view.serviceId, t.status)}"${t.status === view.status ? html` aria-current="page"` : ""}>${t.label} (${t.count})</a></li>`,
)}
</ul></nav>
${
  view.cases.length === 0
    ? html`<p>Aucune demande dans cette file.</p>`
    : html`<table>
<caption>${view.cases.length} demande${view.cases.length > 1 ? "s" : ""} (${filterLabel}), les plus anciennes d’abord</caption>
<thead><tr><th scope="col">Référence</th><th scope="col">Objet</th><th scope="col">Service</th><th scope="col">Statut</th><th scope="col">Attribuée à</th><th scope="col">Attente</th><th scope="col">Transferts</th></tr></thead>
<tbody>
${view.cases.map(
  (c) => html`<tr>
<th scope="row"><a href="/bureau/demandes/${c.requestId}">${c.reference}</a></th>
<td>${c.title ?? subjectLabel(view.catalog, c.subjectId)}${c.unreadFollowUps > 0 ? html` <strong>(${c.unreadFollowUps} nouveau${c.unreadFollowUps > 1 ? "x" : ""} message${c.unreadFollowUps > 1 ? "s" : ""} de l’usager)</strong>` : ""}</td>
<td>${serviceName(view.catalog, c.serviceId)}</td>
<td>${STATUS_LABELS[c.status as DeskStatus]}</td>
<td>${c.assigneeName ?? "Personne"}</td>
<td>${ageText(c.placedAt ?? c.receivedAt, view.now)}</td>
<td>${c.transferCount}</td>
</tr>`,
)}
</tbody>
</table>`
}`;
}

export interface DetailsView {
  catalog: Catalog;
  details: CaseDetails;
  staff: StaffIdentity;
  request: RequestLike;
  problems: Problem[];
  /** Values the person typed, given back when a form is refused. */
  values: Record<string, string>;
  now: Date;
}

function entryText(entry: DeskEntry, catalog: Catalog): SafeHtml {
  const data = (entry.data ?? {}) as Record<string, unknown>;
  const by = entry.staffName ? html` par ${entry.staffName}` : "";
  const str = (key: string) => (typeof data[key] === "string" ? (data[key] as string) : null);
  switch (entry.kind) {
    case "routed":
      return html`Orientée vers ${serviceName(catalog, str("serviceId"))} (sujet : ${subjectLabel(catalog, str("subjectId"))})${by}. ${entry.body ?? ""}`;
    case "triage":
      return html`Envoyée au tri de l’accueil : ${entry.body ?? ""}`;
    case "transfer":
      return html`Transférée de ${serviceName(catalog, str("fromServiceId"))} à ${serviceName(catalog, str("toServiceId"))}${by} (transfert n° ${String(data.transferCount ?? "")}). Motif : ${entry.body ?? ""}`;
    case "status": {
      const from = STATUS_LABELS[(str("from") ?? "new") as DeskStatus];
      const to = STATUS_LABELS[(str("to") ?? "new") as DeskStatus];
      const outcome = str("outcome");
      return html`Statut : ${from} → ${to}${by}${outcome ? html`, issue : ${OUTCOME_LABELS[outcome as keyof typeof OUTCOME_LABELS] ?? outcome}` : ""}.${entry.body ? html` Message à l’usager : ${paragraphs(entry.body)}` : ""}`;
    }
    case "assignment":
      return str("assigneeId")
        ? html`Attribuée à ${str("assigneeName") ?? str("assigneeId")}${by}.`
        : html`Attribution retirée${by}.`;
    case "note":
      return html`Note interne${by} : ${paragraphs(entry.body)}`;
    case "reply":
      return html`Réponse à l’usager${by} : ${paragraphs(entry.body)}`;
    case "follow-up":
      return html`Nouveau message de l’usager (${channelLabel(str("channel"))}) : ${paragraphs(entry.body)}`;
    default:
      return html`${entry.kind}`;
  }
}

function contactList(citizen: CitizenContact | null): SafeHtml {
  if (!citizen) return html`<p>Coordonnées pas encore reçues.</p>`;
  return html`<dl>
<dt>Nom</dt><dd>${citizen.name ?? "Non communiqué"}</dd>
<dt>Courriel</dt><dd>${citizen.email ?? "Non communiqué"}</dd>
<dt>Téléphone</dt><dd>${citizen.phone ?? "Non communiqué"}</dd>
<dt>Adresse postale</dt><dd>${citizen.postalAddress ?? "Non communiquée"}</dd>
<dt>Canal de réponse souhaité</dt><dd>${REPLY_CHANNEL_LABELS[citizen.preferredChannel] ?? citizen.preferredChannel}</dd>
</dl>`;
}

/** One form field's accessible wiring: id, error message and aria-describedby. */
function fieldState(view: DetailsView, field: string) {
  const id = fieldId(field);
  const problem = view.problems.find((p) => p.field === field);
  const errorId = `${id}-erreur`;
  return {
    id,
    error: problem ? html`<p class="field-error" id="${errorId}">${problem.message}</p>` : html``,
    describedBy: problem ? html` aria-describedby="${errorId}" aria-invalid="true"` : html``,
    value: view.values[field] ?? "",
  };
}

export function detailsMain(view: DetailsView): SafeHtml {
  const { deskCase: c, entries } = view.details;
  const { catalog, staff } = view;
  const tz = catalog.commune.timezone;
  const action = (name: string) => `/bureau/demandes/${c.requestId}/${name}`;
  const working = c.queue === "service" && canWork(staff, c.serviceId);
  const status = c.status as DeskStatus;
  const citizen = c.citizen as CitizenContact | null;
  return html`${errorSummary(view.problems)}
<h1>Demande ${c.reference}</h1>
<p><a href="/bureau">Retour à la file des demandes</a></p>
<h2>Situation</h2>
<dl>
<dt>Statut</dt><dd>${c.queue === "triage" ? "En attente de tri à l’accueil" : STATUS_LABELS[status]}${c.outcome ? html` (${OUTCOME_LABELS[c.outcome as keyof typeof OUTCOME_LABELS] ?? c.outcome})` : ""}</dd>
<dt>Service en charge</dt><dd>${serviceName(catalog, c.serviceId)}</dd>
<dt>Sujet</dt><dd>${subjectLabel(catalog, c.subjectId)}</dd>
<dt>Attribuée à</dt><dd>${c.assigneeName ?? "Personne"}</dd>
<dt>Reçue le</dt><dd>${dateTimeText(c.receivedAt, tz)} (${channelLabel(c.channel)}), il y a ${ageText(c.receivedAt, view.now)}</dd>
<dt>Transferts</dt><dd>${c.transferCount}</dd>
</dl>
<h2>Demande de l’usager</h2>
${c.title ? html`<p><strong>${c.title}</strong></p>` : ""}
${c.body === null ? html`<p>Contenu pas encore reçu.</p>` : paragraphs(c.body)}
<h2>Coordonnées de l’usager</h2>
${contactList(citizen)}
<h2>Historique</h2>
<ol class="timeline">
${c.receivedAt ? html`<li><time datetime="${c.receivedAt.toISOString()}">${dateTimeText(c.receivedAt, tz)}</time> — Reçue (${channelLabel(c.channel)}).</li>` : ""}
${entries.map((e) => html`<li><time datetime="${e.at.toISOString()}">${dateTimeText(e.at, tz)}</time> — ${entryText(e, catalog)}</li>`)}
</ol>
${working ? workForms(view, action, status) : ""}
${c.queue === "service" && c.status !== "closed" && canTransfer(staff, c.serviceId) ? transferForm(view, action) : ""}`;
}

function workForms(view: DetailsView, action: (name: string) => string, status: DeskStatus): SafeHtml {
  const { request, staff } = view;
  const assignee = fieldState(view, "attribution.assigneeId");
  const reply = fieldState(view, "reponse.body");
  const note = fieldState(view, "note.body");
  const newStatus = fieldState(view, "statut.status");
  const statusNote = fieldState(view, "statut.note");
  const outcome = fieldState(view, "statut.outcome");
  const statusChoices = (["in-progress", "waiting-citizen", "closed"] as const).filter((s) => s !== status);
  return html`<h2>Attribution</h2>
<form method="post" action="${action("attribuer")}">
${csrfField(request)}<input type="hidden" name="assigneeId" value="${staff.id}">
<button type="submit">Me l’attribuer</button>
</form>
<form method="post" action="${action("attribuer")}">
${csrfField(request)}
<label for="${assignee.id}">Identifiant de l’agent à qui attribuer la demande (laisser vide pour retirer l’attribution)</label>
${assignee.error}<input type="text" id="${assignee.id}" name="assigneeId" value="${assignee.value}" maxlength="120"${assignee.describedBy}>
<button type="submit">Attribuer</button>
</form>
${
  status === "closed"
    ? ""
    : html`<h2>Répondre à l’usager</h2>
<form method="post" action="${action("repondre")}">
${csrfField(request)}<input type="hidden" name="replyId" value="${view.values["reponse.replyId"] || randomUUID()}">
<label for="${reply.id}">Réponse (envoyée à l’usager sur le canal qu’il a choisi)</label>
${reply.error}<textarea id="${reply.id}" name="body" rows="8" maxlength="20000"${reply.describedBy}>${reply.value}</textarea>
<button type="submit">Envoyer la réponse</button>
</form>`
}
<h2>Changer le statut</h2>
<form method="post" action="${action("statut")}">
${csrfField(request)}
<fieldset${newStatus.describedBy}>
<legend>Nouveau statut</legend>
${newStatus.error}
${statusChoices.map(
  (s, i) =>
    html`<div><input type="radio" name="status" value="${s}" id="${i === 0 ? newStatus.id : `${newStatus.id}-${s}`}"${newStatus.value === s ? html` checked` : ""}>
<label for="${i === 0 ? newStatus.id : `${newStatus.id}-${s}`}">${s === "in-progress" && status === "closed" ? "Rouvrir (en cours)" : STATUS_LABELS[s]}</label></div>`,
)}
</fieldset>
<label for="${statusNote.id}">Message à l’usager (obligatoire pour « En attente de l’usager » : précisez ce qui manque)</label>
${statusNote.error}<textarea id="${statusNote.id}" name="note" rows="4" maxlength="5000"${statusNote.describedBy}>${statusNote.value}</textarea>
<label for="${outcome.id}">Issue (obligatoire pour clôturer)</label>
${outcome.error}<select id="${outcome.id}" name="outcome"${outcome.describedBy}>
<option value="">— Choisir —</option>
${Object.entries(OUTCOME_LABELS).map(([value, label]) => html`<option value="${value}"${outcome.value === value ? html` selected` : ""}>${label}</option>`)}
</select>
<button type="submit">Changer le statut</button>
</form>
<h2>Note interne</h2>
<form method="post" action="${action("notes")}">
${csrfField(request)}
<label for="${note.id}">Note (visible des agents seulement)</label>
${note.error}<textarea id="${note.id}" name="body" rows="4" maxlength="5000"${note.describedBy}>${note.value}</textarea>
<button type="submit">Ajouter la note</button>
</form>`;
}

function transferForm(view: DetailsView, action: (name: string) => string): SafeHtml {
  const { catalog, request } = view;
  const current = view.details.deskCase.serviceId;
  const toService = fieldState(view, "transfert.toServiceId");
  const subject = fieldState(view, "transfert.subjectId");
  const reason = fieldState(view, "transfert.reason");
  return html`<h2>Transférer à un autre service</h2>
<form method="post" action="${action("transferer")}">
${csrfField(request)}
<label for="${toService.id}">Service destinataire</label>
${toService.error}<select id="${toService.id}" name="toServiceId"${toService.describedBy}>
<option value="">— Choisir un service, ou un sujet ci-dessous —</option>
${catalog.services
  .filter((s) => s.id !== current)
  .map((s) => html`<option value="${s.id}"${toService.value === s.id ? html` selected` : ""}>${s.name}</option>`)}
</select>
<label for="${subject.id}">Sujet (facultatif : le service du sujet reçoit la demande)</label>
${subject.error}<select id="${subject.id}" name="subjectId"${subject.describedBy}>
${subjectOptions(catalog, subject.value)}
</select>
<label for="${reason.id}">Motif du transfert (obligatoire)</label>
${reason.error}<textarea id="${reason.id}" name="reason" rows="3" maxlength="2000" required${reason.describedBy}>${reason.value}</textarea>
<button type="submit">Transférer</button>
</form>`;
}

/** Subjects grouped by service, for the triage and transfer forms. */
export function subjectOptions(catalog: Catalog, selected: string): SafeHtml {
  return html`<option value="">— Choisir un sujet —</option>
${catalog.services
  .filter((service) => catalog.subjects.some((s) => s.serviceId === service.id))
  .map(
    (service) => html`<optgroup label="${service.name}">
${catalog.subjects
  .filter((s) => s.serviceId === service.id)
  .map((s) => html`<option value="${s.id}"${selected === s.id ? html` selected` : ""}>${s.label}</option>`)}
</optgroup>`,
  )}`;
}
