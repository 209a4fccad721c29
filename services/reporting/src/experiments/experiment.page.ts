import { csrfField, errorSummary, fieldId, html, type PageRequest, type SafeHtml } from "@guichet/web";
import { formatNumber } from "../pages/french-format.ts";
import { pairedBarChart } from "../pages/svg-charts.ts";
import type { MeasureComparison } from "./compare-arms.ts";
import type { Experiment } from "./experiment.types.ts";
import {
  comparisonLabel,
  formatDifference,
  formatValue,
  frenchDay,
  methodNote,
  VERDICT_FR,
} from "./experiment-format.ts";
import type { ExperimentReport } from "./experiment-report.ts";

export type ExperimentForm = Record<string, string>;

function text(name: string, label: string, form: ExperimentForm, hint?: string, type = "text"): SafeHtml {
  const id = fieldId(name);
  return html`<div class="field"><label for="${id}">${label}</label>${
    hint ? html`<p class="hint" id="${id}-aide">${hint}</p>` : ""
  }<input type="${type}" id="${id}" name="${name}" value="${form[name] ?? ""}"${hint ? html` aria-describedby="${id}-aide"` : ""}></div>`;
}

function area(name: string, label: string, form: ExperimentForm): SafeHtml {
  return html`<div class="field"><label for="${fieldId(name)}">${label}</label>
<textarea id="${fieldId(name)}" name="${name}" rows="3">${form[name] ?? ""}</textarea></div>`;
}

const CHANNELS: [string, string][] = [
  ["web", "Formulaire en ligne"],
  ["email", "Courriel"],
  ["phone", "Téléphone"],
  ["counter", "Accueil physique"],
  ["postal", "Courrier"],
];

/** The list of experiments and, for those who may, the form defining a new one. */
export function experimentsMain(
  request: PageRequest,
  experiments: Experiment[],
  canDefine: boolean,
  form: ExperimentForm,
  problems: { field: string; message: string }[],
): SafeHtml {
  const list =
    experiments.length === 0
      ? html`<p>Aucune expérimentation définie pour l’instant.</p>`
      : html`<ul>${experiments.map(
          (e) =>
            html`<li><a href="/experimentations/${e.id}">${e.name}</a> — du ${frenchDay(e.from)} au ${frenchDay(e.to)}</li>`,
        )}</ul>`;
  const checked = (name: string, value: string) =>
    (form[name] ?? "").split(",").includes(value) ? html` checked` : "";
  const defineForm = canDefine
    ? html`<h2>Définir une expérimentation</h2>
${errorSummary(problems)}
<form method="post" action="/experimentations">${csrfField(request)}
${text("id", "Identifiant", form, "Minuscules, chiffres et tirets, par exemple annexe-brain-2026.")}
${text("name", "Nom", form)}
${area("hypothesis", "Hypothèse testée", form)}
${area("change", "Changement apporté", form)}
${text("from", "Début (inclus)", form, undefined, "date")}
${text("to", "Fin (incluse)", form, undefined, "date")}
${text("siteIds", "Sites concernés", form, "Identifiants du catalogue séparés par des virgules (vide : tous), par exemple brain.")}
<fieldset><legend>Canaux concernés (aucun coché : tous)</legend>
${CHANNELS.map(
  ([value, label]) =>
    html`<div class="choice"><input type="checkbox" id="${fieldId(`channels-${value}`)}" name="channels" value="${value}"${checked("channels", value)}><label for="${fieldId(`channels-${value}`)}">${label}</label></div>`,
)}</fieldset>
${text("subjectIds", "Objets concernés", form, "Identifiants séparés par des virgules (vide : tous).")}
${text("serviceIds", "Services concernés", form, "Identifiants séparés par des virgules (vide : tous).")}
<fieldset><legend>Comparer avec</legend>
<div class="choice"><input type="radio" id="${fieldId("comparison.kind")}" name="comparisonKind" value="before"${form.comparisonKind !== "group" ? html` checked` : ""}><label for="${fieldId("comparison.kind")}">une période de référence avant l’expérimentation (mêmes sites)</label></div>
<div class="choice"><input type="radio" id="${fieldId("comparison-kind-group")}" name="comparisonKind" value="group"${form.comparisonKind === "group" ? html` checked` : ""}><label for="${fieldId("comparison-kind-group")}">un groupe témoin d’autres sites (même période)</label></div>
</fieldset>
${text("comparison.from", "Début de la période de référence", form, undefined, "date")}
${text("comparison.to", "Fin de la période de référence", form, undefined, "date")}
${text("comparison.siteIds", "Sites du groupe témoin", form, "Identifiants séparés par des virgules, par exemple andard,corne.")}
<p><button type="submit" class="button">Enregistrer l’expérimentation</button></p>
</form>`
    : html`<p>Seul un responsable de tous les services ou un administrateur peut définir une expérimentation.</p>`;
  return html`<h1>Expérimentations</h1>
<p>Chaque expérimentation compare les demandes de son périmètre à une période de référence ou à un groupe témoin, sur les mêmes mesures.</p>
${list}
${defineForm}`;
}

function chartOf(id: string, title: string, measures: MeasureComparison[], max?: number): SafeHtml {
  if (measures.length === 0) return html``;
  const unit = measures[0]?.unit ?? "percent";
  return pairedBarChart({
    id,
    title,
    description:
      "Barres : valeur de l’expérimentation et de la référence ; trait : fourchette de confiance. Les chiffres sont dans le tableau qui suit.",
    rows: measures.map((m) => ({
      label: m.label,
      treatment: { value: m.treatment.value, low: m.treatment.interval?.low, high: m.treatment.interval?.high },
      comparison: { value: m.comparison.value, low: m.comparison.interval?.low, high: m.comparison.interval?.high },
    })),
    ...(max === undefined ? {} : { max }),
    format: (v) => formatValue(unit, v),
  });
}

function table(caption: string, measures: MeasureComparison[], minCount: number): SafeHtml {
  if (measures.length === 0) return html``;
  return html`<div class="table-wrapper"><table><caption>${caption}</caption>
<thead><tr><th scope="col">Mesure</th><th scope="col">Expérimentation</th><th scope="col">Référence</th><th scope="col">Différence [fourchette]</th><th scope="col">Conclusion</th></tr></thead>
<tbody>${measures.map(
    (m) => html`<tr><th scope="row">${m.label}</th>
<td>${formatValue(m.unit, m.treatment.value)} <span class="hint">(sur ${formatNumber(m.treatment.n)})</span></td>
<td>${formatValue(m.unit, m.comparison.value)} <span class="hint">(sur ${formatNumber(m.comparison.n)})</span></td>
<td>${formatDifference(m, minCount)}</td>
<td><strong>${VERDICT_FR[m.verdict]}</strong></td></tr>`,
  )}</tbody></table></div>`;
}

/** One experiment's report: what changed, then each family of measures as a chart followed by its table. */
export function experimentReportMain(report: ExperimentReport): SafeHtml {
  const e = report.experiment;
  const of = (unit: MeasureComparison["unit"]) => report.measures.filter((m) => m.unit === unit);
  const significant = report.measures.filter((m) => m.verdict === "increase" || m.verdict === "decrease");
  return html`<h1>Expérimentation : ${e.name}</h1>
<dl>
<dt>Période</dt><dd>du ${frenchDay(e.from)} au ${frenchDay(e.to)}</dd>
<dt>Comparaison</dt><dd>${comparisonLabel(report)}</dd>
<dt>Changement apporté</dt><dd>${e.change}</dd>
<dt>Hypothèse</dt><dd>${e.hypothesis}</dd>
<dt>Périmètre</dt><dd>sites : ${e.siteIds.join(", ") || "tous"} ; canaux : ${e.channels.join(", ") || "tous"} ; objets : ${e.subjectIds.join(", ") || "tous"} ; services : ${e.serviceIds.join(", ") || "tous"}</dd>
</dl>
<p><a href="/api/experiments/${e.id}/report.pdf">Télécharger le rapport (PDF)</a></p>
<h2>En résumé</h2>
${
  significant.length === 0
    ? html`<p>Aucune différence significative entre l’expérimentation et la référence.</p>`
    : html`<ul>${significant.map((m) => html`<li>${m.label} : ${VERDICT_FR[m.verdict].toLowerCase()} (${formatDifference(m, report.minCount)})</li>`)}</ul>`
}
<p class="hint">${methodNote(report)}</p>
<h2>Volumes</h2>
${table("Demandes par jour", of("per-day"), report.minCount)}
<h2>Parts et taux</h2>
${chartOf("graphique-parts", "Parts et taux, expérimentation et référence", of("percent"), 1)}
${table("Parts et taux", of("percent"), report.minCount)}
<h2>Délais</h2>
${chartOf("graphique-delais", "Délais moyens en heures ouvrées", of("hours"))}
${table("Délais moyens (heures ouvrées)", of("hours"), report.minCount)}
<h2>Satisfaction</h2>
${chartOf("graphique-satisfaction", "Note moyenne de satisfaction", of("score"), 5)}
${table("Satisfaction", of("score"), report.minCount)}
<h2>Avis des usagers volontaires</h2>
<p>${formatNumber(report.volunteers.invited)} volontaire(s) invité(s), ${formatNumber(report.volunteers.answered)} réponse(s)${
    report.volunteers.averageScore === null
      ? html` ; note moyenne affichée à partir de 5 réponses.`
      : html` ; note moyenne : ${formatValue("score", report.volunteers.averageScore)}.`
  }</p>`;
}
