import { errorSummary, html, type SafeHtml } from "@guichet/web";
import { contactFieldset } from "../staff-pages/staff-page.ts";
import type { Catalogue } from "../web/catalogue.client.ts";
import { type FormState, inputField, selectField, summaryProblems, textareaField } from "../web/form-fields.ts";
import { parisDateTime } from "../web/page-edge.ts";

export function subjectChoices(catalogue: Catalogue) {
  return [
    { value: "", label: "Je ne sais pas / à orienter (tri par l’accueil central)" },
    ...catalogue.subjects.map((s) => ({ value: s.id, label: s.label, group: s.group })),
  ];
}

/** A site picker from the catalogue, or a plain field when routing cannot be reached. */
export function siteField(state: FormState, catalogue: Catalogue, label: string, required: boolean): SafeHtml {
  return catalogue.sites.length > 0
    ? selectField(state, {
        name: "siteId",
        label,
        required,
        choices: [
          { value: "", label: "Choisir le lieu" },
          ...catalogue.sites.map((s) => ({ value: s.id, label: s.label })),
        ],
      })
    : inputField(state, { name: "siteId", label, required, hint: "Identifiant du site (catalogue indisponible)" });
}

export function counterFormMain(
  catalogue: Catalogue,
  state: FormState,
  hidden: { idempotencyKey: string; csrf: SafeHtml },
) {
  return html`<h1>Enregistrer une visite au guichet</h1>
${errorSummary(summaryProblems(state.problems))}
<form method="post" action="/accueil/saisie/guichet" novalidate>
${hidden.csrf}
<input type="hidden" name="idempotencyKey" value="${hidden.idempotencyKey}">
<fieldset><legend>La visite</legend>
${siteField(state, catalogue, "Lieu de l’accueil", true)}
${selectField(state, { name: "subjectId", label: "Sujet", choices: subjectChoices(catalogue) })}
${textareaField(state, { name: "asked", label: "Ce que le visiteur demande", required: true, rows: 6 })}
${textareaField(state, { name: "answeredOnTheSpot", label: "Ce qui a déjà été répondu au guichet (facultatif)", rows: 4, hint: "Renseigné : la demande est marquée « répondue sur place »." })}
</fieldset>
${contactFieldset(state, { legend: "Le visiteur", fallbackChannel: "none" })}
<button type="submit" class="button">Enregistrer la visite</button>
</form>`;
}

export function counterDoneMain(done: { requestId: string; reference: string; receivedAt: Date }) {
  return html`<h1>Visite enregistrée : demande ${done.reference}</h1>
<p>Reçue le ${parisDateTime(done.receivedAt)} (heure de Paris).</p>
<ul>
<li><a href="/accueil/saisie/guichet/${done.requestId}/recu.pdf">Imprimer le reçu à remettre au visiteur (PDF)</a></li>
<li><a href="/api/requests/${done.requestId}/receipt.pdf">Accusé d’enregistrement complet (PDF, disponible après orientation de la demande)</a></li>
<li><a href="/accueil/saisie/guichet">Enregistrer une autre visite</a></li>
</ul>`;
}
