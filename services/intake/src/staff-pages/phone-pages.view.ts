import { errorSummary, html, type SafeHtml } from "@guichet/web";
import { siteField, subjectChoices } from "../counter/counter.view.ts";
import type { ImportReport } from "../phone/import-calls/import-calls.usecase.ts";
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
import { contactFieldset } from "./staff-page.ts";

interface Hidden {
  idempotencyKey: string;
  csrf: SafeHtml;
}

export function callNoteMain(catalogue: Catalogue, state: FormState, hidden: Hidden) {
  return html`<h1>Noter un appel téléphonique</h1>
${errorSummary(summaryProblems(state.problems))}
<form method="post" action="/accueil/saisie/telephone" novalidate>
${hidden.csrf}
<input type="hidden" name="idempotencyKey" value="${hidden.idempotencyKey}">
<fieldset><legend>L’appel</legend>
${inputField(state, { name: "callId", label: "Identifiant de l’appel au standard (facultatif)", hint: "Affiché par le poste ou le logiciel du standard ; sans identifiant, l’appel est daté de maintenant." })}
${siteField(state, catalogue, "Accueil qui a pris l’appel (facultatif)", false)}
${selectField(state, { name: "subjectId", label: "Sujet", choices: subjectChoices(catalogue) })}
${textareaField(state, { name: "asked", label: "Ce que l’appelant demande", required: true, rows: 6 })}
${textareaField(state, { name: "answeredOnTheSpot", label: "Ce qui a déjà été répondu au téléphone (facultatif)", rows: 4 })}
</fieldset>
${contactFieldset(state, { legend: "L’appelant", fallbackChannel: "none" })}
<button type="submit" class="button">Enregistrer l’appel</button>
</form>`;
}

export function callNoteDoneMain(done: { reference: string; receivedAt: Date }) {
  return html`<h1>Appel enregistré : demande ${done.reference}</h1>
<p>Reçue le ${parisDateTime(done.receivedAt)} (heure de Paris).</p>
<p><a href="/accueil/saisie/telephone">Noter un autre appel</a></p>`;
}

const FORMATS = [
  { value: "asterisk", label: "Asterisk (Master.csv)" },
  { value: "generic", label: "CSV générique (avec correspondance des colonnes)" },
];

export function callImportMain(catalogue: Catalogue, state: FormState, hidden: { csrf: SafeHtml }) {
  return html`<h1>Importer le journal d’appels du standard</h1>
${errorSummary(summaryProblems(state.problems))}
<p>Les lignes en erreur sont signalées avec leur numéro ; les autres sont importées. Importer deux fois le même fichier ne crée rien en double.</p>
<form method="post" action="/accueil/saisie/appels" enctype="multipart/form-data" novalidate>
${hidden.csrf}
${fileField(state, { name: "file", label: "Fichier CSV du standard", required: true, accept: ".csv,text/csv", hint: "50 Mo au plus." })}
${selectField(state, { name: "format", label: "Format du fichier", required: true, choices: FORMATS })}
${siteField(state, catalogue, "Standard de quel site (facultatif)", false)}
${textareaField(state, { name: "mapping", label: "Correspondance des colonnes, format générique seulement (JSON)", rows: 5, hint: "Voir docs/channels.md, section Téléphone." })}
<button type="submit" class="button">Importer</button>
</form>`;
}

export function importReportMain(report: ImportReport) {
  return html`<h1>Rapport d’import du journal d’appels</h1>
<ul>
<li>Lignes lues : ${report.rows}</li>
<li>Appels importés : ${report.imported}</li>
<li>Déjà importés (doublons) : ${report.duplicates}</li>
<li>Ignorées : ${report.ignored}</li>
<li>Demandes de rappel créées : ${report.callbacks}</li>
<li>Lignes en erreur : ${report.errors.length}</li>
</ul>
${
  report.errors.length > 0
    ? html`<div class="table-wrapper"><table><caption>Lignes en erreur</caption>
<thead><tr><th scope="col">Ligne</th><th scope="col">Colonne</th><th scope="col">Raison</th></tr></thead>
<tbody>${report.errors.map((e) => html`<tr><td>${e.line}</td><td>${e.column ?? "—"}</td><td>${e.message}</td></tr>`)}</tbody>
</table></div>`
    : ""
}
<p><a href="/accueil/saisie/appels">Importer un autre fichier</a></p>`;
}
