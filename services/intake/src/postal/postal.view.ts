import { errorSummary, fieldId, html, type SafeHtml } from "@guichet/web";
import { siteField, subjectChoices } from "../counter/counter.view.ts";
import { contactFieldset } from "../staff-pages/staff-page.ts";
import type { Catalogue } from "../web/catalogue.client.ts";
import {
  type FormState,
  fileField,
  inputField,
  selectField,
  summaryProblems,
  textareaField,
} from "../web/form-fields.ts";
import { parisDateTime } from "../web/page-edge.ts";
import { OLD_STAMP_DAYS } from "./postal-letter.schema.ts";

export function postalFormMain(
  catalogue: Catalogue,
  state: FormState,
  hidden: { idempotencyKey: string; csrf: SafeHtml },
) {
  const confirmId = fieldId("confirmOldStamp");
  return html`<h1>Enregistrer un courrier reçu</h1>
${errorSummary(summaryProblems(state.problems))}
<form method="post" action="/accueil/saisie/courrier" enctype="multipart/form-data" novalidate>
${hidden.csrf}
<input type="hidden" name="idempotencyKey" value="${hidden.idempotencyKey}">
<fieldset><legend>Le courrier</legend>
${inputField(state, { name: "stampDate", label: "Date du cachet d’arrivée", type: "date", required: true, hint: "Date légale de réception : celle du tampon « arrivée », pas celle de la saisie." })}
${inputField(state, { name: "stampTime", label: "Heure du cachet (facultatif)", type: "time", hint: "Sans heure, la réception est datée de 00 h 00 ce jour-là." })}
<div class="choice"><input type="checkbox" id="${confirmId}" name="confirmOldStamp" value="oui"${
    state.values.confirmOldStamp === "oui" ? html` checked` : ""
  }><label for="${confirmId}">Je confirme une date de cachet de plus de ${OLD_STAMP_DAYS} jours</label></div>
${fileField(state, { name: "scan", label: "Courrier numérisé", required: true, accept: "application/pdf,image/jpeg,image/png", hint: "PDF, JPEG ou PNG, 20 Mo au plus. Il est conservé comme preuve." })}
${siteField(state, catalogue, "Lieu de réception (facultatif)", false)}
${selectField(state, { name: "subjectId", label: "Sujet", choices: subjectChoices(catalogue) })}
${inputField(state, { name: "title", label: "Objet du courrier (facultatif)" })}
${textareaField(state, { name: "summary", label: "Résumé du courrier", required: true, rows: 6 })}
</fieldset>
${contactFieldset(state, { legend: "L’expéditeur", fallbackChannel: "letter", addressRequired: true })}
<button type="submit" class="button">Enregistrer le courrier</button>
</form>`;
}

export function postalDoneMain(done: { reference: string; receivedAt: Date }) {
  return html`<h1>Courrier enregistré : demande ${done.reference}</h1>
<p>Date légale de réception : ${parisDateTime(done.receivedAt)} (heure de Paris).</p>
<p><a href="/accueil/saisie/courrier">Enregistrer un autre courrier</a></p>`;
}
