import { csrfField, errorSummary, fieldId, html, type RequestLike, type SafeHtml } from "@guichet/web";
import type { Catalog } from "../catalog/catalog.ts";
import { ageText, channelLabel, dateTimeText } from "../desk/desk-format.ts";
import type { TriageItem } from "../desk/desk-queries.ts";
import { type Problem, subjectOptions } from "../desk/desk-views.ts";

export interface TriageView {
  catalog: Catalog;
  items: TriageItem[];
  request: RequestLike;
  problems: Problem[];
  values: Record<string, string>;
  now: Date;
}

/** The field of the subject picker of one request (one form per request on the page). */
export function triageField(requestId: string): string {
  return `tri.${requestId}.subjectId`;
}

export function triageMain(view: TriageView): SafeHtml {
  const tz = view.catalog.commune.timezone;
  return html`${errorSummary(view.problems)}
<h1>Tri des demandes</h1>
<p>Les demandes que le routage automatique n’a pas su orienter. Choisissez le sujet : la demande part au service qui en est chargé et l’usager reçoit son accusé de réception.</p>
${
  view.items.length === 0
    ? html`<p>Aucune demande à trier.</p>`
    : html`<p>${view.items.length} demande${view.items.length > 1 ? "s" : ""} à trier, les plus anciennes d’abord.</p>
<ol class="triage">
${view.items.map((item) => {
  const field = triageField(item.requestId);
  const id = fieldId(field);
  const problem = view.problems.find((p) => p.field === field);
  const since = item.receivedAt ?? item.placedAt;
  return html`<li>
<h2>${item.reference}${item.title ? html` — ${item.title}` : ""}</h2>
<p>Reçue le ${dateTimeText(item.receivedAt, tz)} (${channelLabel(item.channel)}), en attente depuis ${ageText(since, view.now)}.</p>
<p>${item.excerpt}</p>
<p><a href="/bureau/demandes/${item.requestId}">Voir la demande ${item.reference} en entier</a></p>
<form method="post" action="/accueil/tri/${item.requestId}">
${csrfField(view.request)}
<label for="${id}">Sujet de la demande ${item.reference}</label>
${problem ? html`<p class="field-error" id="${id}-erreur">${problem.message}</p>` : ""}
<select id="${id}" name="subjectId" required${problem ? html` aria-describedby="${id}-erreur" aria-invalid="true"` : ""}>
${subjectOptions(view.catalog, view.values[field] ?? "")}
</select>
<button type="submit">Orienter la demande ${item.reference}</button>
</form>
</li>`;
})}
</ol>`
}`;
}
