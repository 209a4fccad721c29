import type { Writable } from "node:stream";
import PDFDocument from "pdfkit";
import type { PhoneReportRow } from "../reports/phone-report.sql.ts";
import type { MeasureName, SlaReportRow } from "../reports/sla-report.query.ts";

export interface MonthlyReportData {
  town: string;
  month: string; // YYYY-MM
  rows: SlaReportRow[];
  phone: PhoneReportRow[] | null;
}

const MONTHS = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];
const percent = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1).replace(".", ",")} %`);
const hours = (v: number | null) => (v === null ? "–" : `${v.toFixed(1).replace(".", ",")} h`);
const MEASURES: [MeasureName, string][] = [
  ["acknowledgement", "Accusé de réception"],
  ["firstResponse", "Première réponse"],
  ["resolution", "Clôture"],
];

function monthLabel(month: string): string {
  const [year, m] = month.split("-");
  return `${MONTHS[Number(m) - 1] ?? m} ${year}`;
}

/** The monthly report of the services a manager reads, as a PDF (pdfkit, standard fonts). */
export function writeMonthlyReportPdf(
  data: MonthlyReportData,
  out: Writable,
  options: { compress?: boolean } = {},
): Promise<void> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    compress: options.compress ?? true,
    info: { Title: `Rapport mensuel des délais — ${monthLabel(data.month)}`, Author: `Mairie de ${data.town}` },
    lang: "fr-FR",
  });
  const done = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  doc.pipe(out);
  doc.font("Helvetica-Bold").fontSize(16).text(`Mairie de ${data.town}`);
  doc.fontSize(14).text(`Rapport mensuel des délais — ${monthLabel(data.month)}`);
  doc.moveDown().font("Helvetica").fontSize(9);
  doc.text(
    "Délais en heures ouvrées du calendrier de chaque service. Une demande encore ouverte après son échéance compte hors délai.",
  );
  for (const row of data.rows) {
    doc
      .moveDown()
      .font("Helvetica-Bold")
      .fontSize(11)
      .text(row.group.service ?? "Sans service attribué");
    doc.font("Helvetica").fontSize(9);
    doc.text(
      `Demandes reçues : ${row.volume} — en cours : ${row.open} — transferts par demande : ${row.transfersPerRequest.toFixed(2).replace(".", ",")} — passées par l’accueil : ${percent(row.sentToTriageShare)}`,
    );
    for (const [name, label] of MEASURES) {
      const m = row.measures[name];
      doc.text(
        `${label} : médiane ${hours(m.medianHours)}, 9e décile ${hours(m.p90Hours)}, dans l’objectif ${m.within}, hors délai ${m.missed}, en attente ${m.pending} (${percent(m.shareWithin)})`,
      );
    }
    doc.text(
      `Accusés de réception manquants : ${row.acknowledgementsMissing}, en retard : ${row.acknowledgementsLate}`,
    );
  }
  if (data.phone && data.phone.length > 0) {
    doc.moveDown().font("Helvetica-Bold").fontSize(11).text("Téléphone");
    doc.font("Helvetica").fontSize(9);
    for (const p of data.phone)
      doc.text(
        `${p.site ?? "Tous sites"} : ${p.offered} appels présentés, ${p.answered} décrochés, ${p.abandoned} abandonnés — taux de décroché ${percent(p.pickUpRate)} (objectif 85 %)`,
      );
  }
  doc.end();
  return done;
}
