import type { Writable } from "node:stream";
import PDFDocument from "pdfkit";
import type { MeasureComparison } from "./compare-arms.ts";
import {
  comparisonLabel,
  formatDifference,
  formatValue,
  frenchDay,
  methodNote,
  VERDICT_FR,
} from "./experiment-format.ts";
import type { ExperimentReport } from "./experiment-report.ts";

const BLUE = "#000091";
const GREY = "#666666";

/** Paired bars with their intervals, drawn in the PDF (same reading as the page's SVG). */
function chart(doc: PDFKit.PDFDocument, title: string, measures: MeasureComparison[], max: number) {
  const left = 50;
  const labelWidth = 200;
  const width = 260;
  doc.moveDown().font("Helvetica-Bold").fontSize(11).text(title, left);
  let y = doc.y + 6;
  doc.rect(left + labelWidth, y, 9, 9).fill(BLUE);
  doc
    .fillColor("black")
    .font("Helvetica")
    .fontSize(8)
    .text("Expérimentation", left + labelWidth + 13, y);
  doc.rect(left + labelWidth + 100, y, 9, 9).fill(GREY);
  doc.fillColor("black").text("Référence", left + labelWidth + 113, y);
  y += 18;
  const x = (v: number) => left + labelWidth + (Math.min(v, max) / max) * width;
  for (const m of measures) {
    if (y > 760) {
      doc.addPage();
      y = 50;
    }
    doc
      .fillColor("black")
      .fontSize(8)
      .text(m.label, left, y + 4, { width: labelWidth - 8 });
    for (const [side, color, dy] of [
      [m.treatment, BLUE, 0],
      [m.comparison, GREY, 11],
    ] as const) {
      if (side.value === null) {
        doc.fillColor("black").text("pas de données", left + labelWidth + 2, y + dy);
        continue;
      }
      doc.rect(left + labelWidth, y + dy, Math.max(0.5, x(side.value) - left - labelWidth), 9).fill(color);
      if (side.interval)
        doc
          .moveTo(x(side.interval.low), y + dy + 4.5)
          .lineTo(x(side.interval.high), y + dy + 4.5)
          .lineWidth(1)
          .stroke("black");
      doc
        .fillColor("black")
        .text(formatValue(m.unit, side.value), x(Math.max(side.value, side.interval?.high ?? 0)) + 4, y + dy);
    }
    y += 30;
  }
  doc.x = left;
  doc.y = y;
}

/** One experiment's report as a PDF for elected officials (pdfkit, standard fonts). */
export function writeExperimentReportPdf(report: ExperimentReport, town: string, out: Writable): Promise<void> {
  const e = report.experiment;
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    info: { Title: `Expérimentation — ${e.name}`, Author: `Mairie de ${town}` },
    lang: "fr-FR",
  });
  const done = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  doc.pipe(out);
  doc.font("Helvetica-Bold").fontSize(16).text(`Mairie de ${town}`);
  doc.fontSize(14).text(`Expérimentation : ${e.name}`);
  doc.moveDown(0.5).font("Helvetica").fontSize(10);
  doc.text(`Du ${frenchDay(e.from)} au ${frenchDay(e.to)}. ${comparisonLabel(report)}.`);
  doc.text(`Changement apporté : ${e.change}`);
  doc.text(`Hypothèse : ${e.hypothesis}`);
  doc.moveDown(0.5).fontSize(8).text(methodNote(report));
  const shares = report.measures.filter((m) => m.unit === "percent");
  const hours = report.measures.filter((m) => m.unit === "hours");
  chart(doc, "Parts et taux", shares, 1);
  chart(
    doc,
    "Délais (heures ouvrées, moyenne)",
    hours,
    Math.max(1, ...hours.flatMap((m) => [m.treatment, m.comparison].map((s) => s.interval?.high ?? s.value ?? 0))),
  );
  doc.addPage().font("Helvetica-Bold").fontSize(12).text("Résultats mesure par mesure");
  for (const m of report.measures) {
    doc.moveDown(0.6).font("Helvetica-Bold").fontSize(10).text(`${m.label} — ${VERDICT_FR[m.verdict]}`);
    doc
      .font("Helvetica")
      .fontSize(9)
      .text(
        `Expérimentation : ${formatValue(m.unit, m.treatment.value)} (sur ${m.treatment.n}) ; référence : ${formatValue(m.unit, m.comparison.value)} (sur ${m.comparison.n}) ; différence : ${formatDifference(m, report.minCount)}`,
      );
  }
  doc.end();
  return done;
}
