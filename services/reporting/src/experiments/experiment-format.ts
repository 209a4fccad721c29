import { formatHours, formatNumber, formatPercent } from "../pages/french-format.ts";
import type { MeasureComparison, Unit, Verdict } from "./compare-arms.ts";
import type { ExperimentReport } from "./experiment-report.ts";

/** French wording of the report, shared by the page and the PDF. */
export const VERDICT_FR: Record<Verdict, string> = {
  increase: "Hausse significative",
  decrease: "Baisse significative",
  "no-difference": "Pas de différence significative",
  "not-enough-data": "Pas assez de données",
  "no-data": "Pas de données",
};

export function formatValue(unit: Unit, value: number | null): string {
  if (value === null) return "–";
  switch (unit) {
    case "percent":
      return formatPercent(value);
    case "hours":
      return formatHours(value);
    case "score":
      return `${formatNumber(Math.round(value * 100) / 100)} / 5`;
    case "per-day":
      return `${formatNumber(value)} par jour`;
  }
}

/** "+12,5 points [+4,1 ; +20,9]", "× 1,4 [1,2 ; 1,6]" or the reason nothing is concluded. */
export function formatDifference(m: MeasureComparison, minCount: number): string {
  if (m.verdict === "no-data") return "aucune donnée enregistrée";
  if (!m.difference) return `moins de ${minCount} observations d’un côté au moins : pas de conclusion`;
  const d = m.difference;
  if (d.ratio) {
    const r = (v: number) => formatNumber(Math.round(v * 100) / 100);
    return `× ${r(d.value)} [${r(d.low)} ; ${r(d.high)}]`;
  }
  const signed = (v: number) => {
    const text =
      m.unit === "percent"
        ? `${formatNumber(Math.round(v * 1000) / 10)} pt`
        : m.unit === "hours"
          ? formatHours(Math.round(v * 10) / 10)
          : formatNumber(Math.round(v * 100) / 100);
    return v > 0 ? `+${text}` : text;
  };
  return `${signed(d.value)} [${signed(d.low)} ; ${signed(d.high)}]`;
}

export function comparisonLabel(report: ExperimentReport): string {
  const c = report.experiment.comparison;
  return c.kind === "before"
    ? `Période de référence du ${frenchDay(c.from)} au ${frenchDay(c.to)}, mêmes sites`
    : `Groupe témoin : sites ${c.siteIds.join(", ")}, même période`;
}

export function frenchDay(day: string): string {
  const [y, m, d] = day.split("-");
  return `${d}/${m}/${y}`;
}

/** What the intervals mean, in one sentence an elected official can read. */
export function methodNote(report: ExperimentReport): string {
  return (
    `Entre crochets : fourchette de la différence, au niveau de confiance de ${formatPercent(report.level)} pour l’ensemble ` +
    `des mesures à la fois (correction de Bonferroni). Une différence n’est dite significative que si toute la ` +
    `fourchette est du même côté ; en dessous de ${report.minCount} observations d’un côté, aucune conclusion n’est tirée.`
  );
}
