import { csrfField, errorSummary, fieldId, html, type RequestLike, renderPage } from "@guichet/web";
import { describeDecisionDate, describeForCitizen } from "./citizen-timeline.ts";
import type { CitizenRequest } from "./follow-up.query.ts";

export interface FollowUpFormView {
  reference: string;
  problems: { field: string; message: string }[];
  notFound: boolean;
}

export function renderFollowUpForm(request: RequestLike, town: string, view: FollowUpFormView): string {
  const invalid = (field: string) => view.problems.some((p) => p.field === field);
  const field = (name: string, label: string, hint: string, type: string, value: string, autocomplete: string) =>
    html`<p><label for="${fieldId(name)}">${label}</label>
<span class="hint" id="${fieldId(name)}-aide">${hint}</span>
<input type="${type}" id="${fieldId(name)}" name="${name}" value="${value}" autocomplete="${autocomplete}" required
 aria-describedby="${fieldId(name)}-aide"${invalid(name) ? html` aria-invalid="true"` : ""}></p>`;
  const main = html`<h1>Suivre ma demande</h1>
${errorSummary(view.problems)}
${view.notFound ? html`<p class="notice" role="alert">Nous n’avons trouvé aucune demande correspondante. Vérifiez le numéro et l’adresse électronique (ou le lien reçu), ou contactez l’accueil de la mairie.</p>` : ""}
<p>Indiquez le numéro de votre demande, qui figure sur votre accusé d’enregistrement, et l’adresse électronique que vous nous avez donnée. Tous les champs sont obligatoires.</p>
<form method="post" action="/suivi" novalidate>
${csrfField(request)}
${field("reference", "Numéro de la demande", "Exemple : LA-2026-000123", "text", view.reference, "off")}
${field("email", "Adresse électronique", "Exemple : nom@exemple.fr", "email", "", "email")}
<p><button type="submit">Voir le suivi</button></p>
</form>
<p>Vous avez reçu un lien de suivi personnel par courriel ? Il vous amène directement à cette page, sans rien saisir.</p>`;
  return renderPage({
    title: view.problems.length || view.notFound ? "Erreur — Suivre ma demande" : "Suivre ma demande",
    main,
    town: { name: town },
    currentPath: "/suivi",
  });
}

export function renderFollowUp(town: string, found: CitizenRequest): string {
  const lines = found.events.map(describeForCitizen).filter((line) => line !== null);
  const decision = found.closed ? null : describeDecisionDate(found.decisionDueAt);
  const main = html`<h1>Suivi de la demande ${found.reference}</h1>
<p>État : <strong>${found.closed ? "demande close" : "demande en cours"}</strong>.</p>
${decision ? html`<p>${decision}</p>` : ""}
<h2>Étapes</h2>
<ol class="timeline">${lines.map(
    (line) =>
      html`<li><p><strong>${line.when}</strong> : ${line.text}</p>${line.detail ? html`<p>Message du service : ${line.detail}</p>` : ""}</li>`,
  )}</ol>
<p><a href="/suivi">Suivre une autre demande</a></p>`;
  return renderPage({
    title: `Suivi de la demande ${found.reference}`,
    main,
    town: { name: town },
    currentPath: "/suivi",
  });
}
