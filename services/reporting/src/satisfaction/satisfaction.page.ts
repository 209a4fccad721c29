import { errorSummary, fieldId, html, type SafeHtml } from "@guichet/web";
import { formatNumber, formatPercent } from "../pages/french-format.ts";
import { barChart } from "../pages/svg-charts.ts";
import { MIN_ANSWERS_SHOWN, type SatisfactionGroup, type SatisfactionRow } from "./satisfaction.query.ts";

const GROUP_LABEL: Record<SatisfactionGroup, string> = {
  service: "Service",
  site: "Site",
  channel: "Canal de réponse",
  experiment: "Expérimentation",
};
const CHANNEL_LABEL: Record<string, string> = {
  email: "Lien par courriel",
  sms: "Lien par SMS",
  counter: "Accueil",
  phone: "Téléphone",
};

export interface SatisfactionForm {
  from: string;
  to: string;
  groupBy: string;
}

const score = (v: number | null) => (v === null ? "–" : `${formatNumber(Math.round(v * 100) / 100)} / 5`);

/** Results by service, site, channel or experiment: a chart of the mean score, then the table of every figure. */
export function satisfactionMain(
  form: SatisfactionForm,
  rows: SatisfactionRow[] | null,
  problems: { field: string; message: string }[],
): SafeHtml {
  const groupBy = (form.groupBy in GROUP_LABEL ? form.groupBy : "service") as SatisfactionGroup;
  const label = (r: SatisfactionRow) =>
    r.group === null ? "(non renseigné)" : groupBy === "channel" ? (CHANNEL_LABEL[r.group] ?? r.group) : r.group;
  const date = (name: "from" | "to", text: string) =>
    html`<p><label for="${fieldId(name)}">${text}</label>
<input type="date" id="${fieldId(name)}" name="${name}" value="${form[name]}" required></p>`;
  const results =
    rows === null
      ? ""
      : rows.length === 0
        ? html`<p>Aucune enquête envoyée ni réponse reçue sur cette période.</p>`
        : html`${barChart({
            id: "graphique-satisfaction",
            title: `Note moyenne de satisfaction par ${GROUP_LABEL[groupBy].toLowerCase()}`,
            description: "Les chiffres sont dans le tableau qui suit.",
            bars: rows.map((r) => ({ label: label(r), value: r.averageScore ?? 0 })),
            max: 5,
            format: (v) => (v === 0 ? "–" : score(v)),
          })}
<div class="table-wrapper"><table><caption>Enquêtes de satisfaction par ${GROUP_LABEL[groupBy].toLowerCase()}</caption>
<thead><tr><th scope="col">${GROUP_LABEL[groupBy]}</th><th scope="col">Liens envoyés</th><th scope="col">Réponses en ligne</th><th scope="col">Taux de réponse</th><th scope="col">Avis recueillis par les agents</th><th scope="col">Note moyenne</th><th scope="col">Satisfaits (4 ou 5)</th></tr></thead>
<tbody>${rows.map(
            (r) =>
              html`<tr><th scope="row">${label(r)}</th><td>${formatNumber(r.invited)}</td><td>${formatNumber(r.answeredOnline)}</td><td>${formatPercent(r.responseRate)}</td><td>${formatNumber(r.recordedByAgents)}</td><td>${score(r.averageScore)}</td><td>${formatPercent(r.satisfiedShare)}</td></tr>`,
          )}</tbody></table></div>
<p class="hint">Une note n’est affichée qu’à partir de ${MIN_ANSWERS_SHOWN} réponses. Les résultats ne contiennent ni commentaire ni donnée personnelle.</p>`;
  return html`<h1>Satisfaction des usagers</h1>
${errorSummary(problems)}
<form method="get" action="/tableau-de-bord/satisfaction">
${date("from", "Du")}
${date("to", "Au")}
<p><label for="${fieldId("groupBy")}">Regrouper par</label>
<select id="${fieldId("groupBy")}" name="groupBy">${Object.entries(GROUP_LABEL).map(
    ([value, text]) => html`<option value="${value}"${value === groupBy ? html` selected` : ""}>${text}</option>`,
  )}</select></p>
<p><button type="submit">Afficher</button></p>
</form>
${results}`;
}
