import { errorSummary, fieldId, html, renderPage, type SafeHtml, type StaffIdentity } from "@guichet/web";
import type { AppointmentReportRow } from "../reports/appointment-report.sql.ts";
import type { PhoneReportRow } from "../reports/phone-report.sql.ts";
import { DIMENSIONS, type Dimension, PERIODS } from "../reports/report-params.ts";
import type { BacklogRow, MeasureName, SlaReportRow } from "../reports/sla-report.query.ts";
import { formatHours, formatNumber, formatPercent } from "./french-format.ts";
import { barChart } from "./svg-charts.ts";

export interface DashboardForm {
  from: string;
  to: string;
  groupBy: string;
  period: string;
  service: string;
}

export interface DashboardView {
  staff: StaffIdentity;
  town: string;
  form: DashboardForm;
  problems: { field: string; message: string }[];
  services: readonly string[];
  report: { rows: SlaReportRow[]; backlog: BacklogRow[]; asOf: string } | null;
  phone: PhoneReportRow[] | null;
  appointments: AppointmentReportRow[] | null;
  exportQuery: string;
}

const DIMENSION_LABEL: Record<Dimension, string> = {
  service: "Service",
  subject: "Objet",
  site: "Site",
  channel: "Canal",
  experiment: "Expérimentation",
};
const PERIOD_LABEL: Record<string, string> = { day: "Jour", week: "Semaine", month: "Mois", year: "Année" };
const MEASURE_LABEL: Record<MeasureName, string> = {
  registration: "Accusé d’enregistrement",
  acknowledgement: "Accusé de réception",
  firstResponse: "Première réponse",
  resolution: "Clôture",
  decision: "Date de décision légale",
};

function rowLabel(row: SlaReportRow, groupBy: Dimension | undefined): string {
  const parts = [...(groupBy ? [row.group[groupBy] ?? "(non renseigné)"] : []), ...(row.period ? [row.period] : [])];
  return parts.length > 0 ? parts.join(" — ") : "Toutes les demandes";
}

function select(name: keyof DashboardForm, label: string, value: string, options: [string, string][]): SafeHtml {
  return html`<p><label for="${fieldId(name)}">${label}</label>
<select id="${fieldId(name)}" name="${name}">${options.map(
    ([v, text]) => html`<option value="${v}"${v === value ? html` selected` : ""}>${text}</option>`,
  )}</select></p>`;
}

function filters(view: DashboardView): SafeHtml {
  const f = view.form;
  const invalid = (field: string) => view.problems.some((p) => p.field === field);
  const dateField = (name: "from" | "to", label: string) =>
    html`<p><label for="${fieldId(name)}">${label} <span class="hint">(jj/mm/aaaa)</span></label>
<input type="date" id="${fieldId(name)}" name="${name}" value="${f[name]}" required${invalid(name) ? html` aria-invalid="true"` : ""}></p>`;
  return html`<form method="get" action="/tableau-de-bord" class="filters">
<fieldset><legend>Filtres</legend>
${dateField("from", "Reçues à partir du")}
${dateField("to", "Reçues jusqu’au (inclus)")}
${select("groupBy", "Regrouper par", f.groupBy, [["", "Aucun regroupement"], ...DIMENSIONS.map((d) => [d, DIMENSION_LABEL[d]] as [string, string])])}
${select("period", "Période", f.period, [["", "Toute la période"], ...PERIODS.map((p) => [p, PERIOD_LABEL[p] ?? p] as [string, string])])}
${select("service", "Service", f.service, [["", "Tous mes services"], ...view.services.map((s) => [s, s] as [string, string])])}
<p><button type="submit">Afficher</button></p>
</fieldset></form>`;
}

function volumes(rows: SlaReportRow[], groupBy: Dimension | undefined): SafeHtml {
  const bars = rows.map((r) => ({ label: rowLabel(r, groupBy), value: r.volume }));
  return html`<section aria-labelledby="volumes"><h2 id="volumes">Volumes de demandes</h2>
<div class="chart-and-table">
${barChart({ id: "graphique-volumes", title: "Nombre de demandes reçues", description: "Les chiffres sont dans le tableau qui suit.", bars, format: formatNumber })}
<table><caption>Demandes reçues, en cours, réorientations</caption>
<thead><tr><th scope="col">Groupe</th><th scope="col">Reçues</th><th scope="col">En cours</th><th scope="col">Transferts par demande</th><th scope="col">Part passée par l’accueil (tri)</th></tr></thead>
<tbody>${rows.map(
    (r) =>
      html`<tr><th scope="row">${rowLabel(r, groupBy)}</th><td>${formatNumber(r.volume)}</td><td>${formatNumber(r.open)}</td><td>${formatNumber(r.transfersPerRequest)}</td><td>${formatPercent(r.sentToTriageShare)}</td></tr>`,
  )}</tbody></table></div></section>`;
}

function delays(rows: SlaReportRow[], groupBy: Dimension | undefined): SafeHtml {
  const measures: MeasureName[] = ["registration", "acknowledgement", "firstResponse", "resolution", "decision"];
  return html`<section aria-labelledby="delais"><h2 id="delais">Délais et respect des objectifs</h2>
<p>Délais en heures ouvrées du calendrier du service (accusé d’enregistrement : heures réelles). Une demande encore ouverte après son échéance compte comme hors délai ; avant, comme « en attente ».</p>
${barChart({
  id: "graphique-cloture",
  title: "Part des demandes closes dans l’objectif",
  description: "Les chiffres sont dans le tableau qui suit, ligne « Clôture ».",
  bars: rows.map((r) => ({ label: rowLabel(r, groupBy), value: r.measures.resolution.shareWithin ?? 0 })),
  max: 1,
  format: (v) => formatPercent(v),
})}
${rows.map(
  (r) => html`<table><caption>${rowLabel(r, groupBy)} : délais par étape</caption>
<thead><tr><th scope="col">Étape</th><th scope="col">Médiane</th><th scope="col">9ᵉ décile</th><th scope="col">Dans l’objectif</th><th scope="col">Hors délai</th><th scope="col">En attente</th><th scope="col">Part dans l’objectif</th></tr></thead>
<tbody>${measures.map((m) => {
    const f = r.measures[m];
    return html`<tr><th scope="row">${MEASURE_LABEL[m]}</th><td>${formatHours(f.medianHours)}</td><td>${formatHours(f.p90Hours)}</td><td>${formatNumber(f.within)}</td><td>${formatNumber(f.missed)}</td><td>${formatNumber(f.pending)}</td><td>${formatPercent(f.shareWithin)}</td></tr>`;
  })}</tbody></table>
<p>Accusés de réception manquants : ${formatNumber(r.acknowledgementsMissing)} ; envoyés en retard : ${formatNumber(r.acknowledgementsLate)} ; en échec d’envoi : ${formatNumber(r.acknowledgementsFailed)}.</p>`,
)}
</section>`;
}

function backlog(rows: BacklogRow[]): SafeHtml {
  const ages = [
    ["0-7", "7 jours ou moins"],
    ["8-14", "8 à 14 jours"],
    ["15-30", "15 à 30 jours"],
    ["31-60", "31 à 60 jours"],
    ["61+", "plus de 60 jours"],
  ] as const;
  const totals = ages.map(([age, label]) => ({
    label,
    value: rows.filter((r) => r.age === age).reduce((sum, r) => sum + r.count, 0),
  }));
  return html`<section aria-labelledby="stock"><h2 id="stock">Demandes en cours par ancienneté</h2>
${barChart({ id: "graphique-stock", title: "Demandes en cours par ancienneté (jours calendaires)", description: "Les chiffres sont dans le tableau qui suit.", bars: totals, format: formatNumber })}
<table><caption>Demandes en cours par ancienneté</caption><thead><tr><th scope="col">Ancienneté</th><th scope="col">Demandes</th></tr></thead>
<tbody>${totals.map((t) => html`<tr><th scope="row">${t.label}</th><td>${formatNumber(t.value)}</td></tr>`)}</tbody></table></section>`;
}

function phone(rows: PhoneReportRow[]): SafeHtml {
  const label = (r: PhoneReportRow) => [r.site ?? "Tous sites", ...(r.period ? [r.period] : [])].join(" — ");
  return html`<section aria-labelledby="telephone"><h2 id="telephone">Téléphone</h2>
${barChart({ id: "graphique-decroche", title: "Taux de décroché (objectif national 85 %)", description: "Les chiffres sont dans le tableau qui suit.", bars: rows.map((r) => ({ label: label(r), value: r.pickUpRate ?? 0 })), max: 1, format: formatPercent })}
<table><caption>Appels présentés, décrochés, abandonnés</caption>
<thead><tr><th scope="col">Groupe</th><th scope="col">Présentés</th><th scope="col">Décrochés</th><th scope="col">Abandonnés</th><th scope="col">Manqués</th><th scope="col">Taux de décroché</th><th scope="col">Attente moyenne</th></tr></thead>
<tbody>${rows.map(
    (r) =>
      html`<tr><th scope="row">${label(r)}</th><td>${formatNumber(r.offered)}</td><td>${formatNumber(r.answered)}</td><td>${formatNumber(r.abandoned)}</td><td>${formatNumber(r.missed)}</td><td>${formatPercent(r.pickUpRate)}</td><td>${r.averageWaitSeconds === null ? "–" : `${formatNumber(r.averageWaitSeconds)} s`}</td></tr>`,
  )}</tbody></table></section>`;
}

function appointments(rows: AppointmentReportRow[]): SafeHtml {
  return html`<section aria-labelledby="rendez-vous"><h2 id="rendez-vous">Rendez-vous par site</h2>
${
  rows.length === 0
    ? html`<p>Aucun rendez-vous sur cette période.</p>`
    : html`<div class="table-wrapper"><table><caption>Rendez-vous dont le créneau est dans la période</caption>
<thead><tr><th scope="col">Site</th><th scope="col">Réservés</th><th scope="col">Annulés</th><th scope="col">Venus</th><th scope="col">Absents</th><th scope="col">Taux d’absence</th><th scope="col">En horaires élargis</th><th scope="col">Délai médian de réservation</th><th scope="col">Web / téléphone / accueil</th></tr></thead>
<tbody>${rows.map(
        (r) =>
          html`<tr><th scope="row">${r.site}</th><td>${formatNumber(r.booked)}</td><td>${formatNumber(r.cancelled)}</td><td>${formatNumber(r.attended)}</td><td>${formatNumber(r.noShows)}</td><td>${formatPercent(r.noShowRate)}</td><td>${formatNumber(r.extendedHours)} (${formatPercent(r.extendedShare)})</td><td>${r.medianLeadDays === null ? "–" : `${formatNumber(r.medianLeadDays)} j`}</td><td>${formatNumber(r.byChannel.web)} / ${formatNumber(r.byChannel.phone)} / ${formatNumber(r.byChannel.counter)}</td></tr>`,
      )}</tbody></table></div>`
}</section>`;
}

export function renderDashboard(view: DashboardView): string {
  const groupBy = (view.form.groupBy || undefined) as Dimension | undefined;
  const body = view.report
    ? html`<p><a href="/api/reports/export.csv?${view.exportQuery}">Exporter les demandes (CSV)</a> —
<a href="/api/reports/export.xlsx?${view.exportQuery}">Exporter les demandes (Excel)</a></p>
${view.report.rows.length === 0 ? html`<p>Aucune demande reçue sur cette période.</p>` : html`${volumes(view.report.rows, groupBy)}${delays(view.report.rows, groupBy)}`}
${backlog(view.report.backlog)}
${view.phone ? phone(view.phone) : ""}
${view.appointments ? appointments(view.appointments) : ""}`
    : "";
  const main = html`<h1>Tableau de bord des délais</h1>
${errorSummary(view.problems)}
${filters(view)}
${body}`;
  return renderPage({
    title: view.problems.length ? "Erreur — Tableau de bord des délais" : "Tableau de bord des délais",
    main,
    town: { name: view.town },
    staff: view.staff,
    currentPath: "/tableau-de-bord",
  });
}
