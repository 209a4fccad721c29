import { html, type SafeHtml } from "@guichet/web";

export interface Bar {
  label: string;
  value: number;
}

/**
 * A horizontal bar chart as server-rendered SVG. The figures are in the table shown next to it, so
 * the SVG is an image with a title and a description for assistive technologies.
 */
export function barChart(options: {
  id: string;
  title: string;
  description: string;
  bars: readonly Bar[];
  max?: number;
  format: (value: number) => string;
}): SafeHtml {
  const rowHeight = 28;
  const labelWidth = 220;
  const chartWidth = 380;
  const height = Math.max(1, options.bars.length) * rowHeight + 10;
  const max = options.max ?? Math.max(1, ...options.bars.map((b) => b.value));
  return html`<svg class="chart" role="img" aria-labelledby="${options.id}-titre ${options.id}-desc"
 viewBox="0 0 ${labelWidth + chartWidth + 80} ${height}" width="100%" height="${height}" xmlns="http://www.w3.org/2000/svg">
<title id="${options.id}-titre">${options.title}</title>
<desc id="${options.id}-desc">${options.description}</desc>
${options.bars.map((bar, i) => {
  const y = 5 + i * rowHeight;
  const width = max > 0 ? Math.round((bar.value / max) * chartWidth) : 0;
  return html`<g>
<text x="${labelWidth - 8}" y="${y + 18}" text-anchor="end" font-size="13" fill="#1e1e1e">${truncate(bar.label, 30)}</text>
<rect x="${labelWidth}" y="${y + 4}" width="${width}" height="${rowHeight - 10}" fill="#000091"></rect>
<text x="${labelWidth + width + 6}" y="${y + 18}" font-size="13" fill="#1e1e1e">${options.format(bar.value)}</text>
</g>`;
})}
</svg>`;
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

export interface PairedBar {
  label: string;
  /** The experiment's value and its interval, then the comparison's. */
  treatment: { value: number | null; low?: number | null; high?: number | null };
  comparison: { value: number | null; low?: number | null; high?: number | null };
}

/**
 * Two bars per measure (experiment in blue, comparison in grey), each with its confidence interval
 * as a whisker; the figures and the verdicts are in the table that follows.
 */
export function pairedBarChart(options: {
  id: string;
  title: string;
  description: string;
  rows: readonly PairedBar[];
  max?: number;
  format: (value: number) => string;
}): SafeHtml {
  const rowHeight = 46;
  const labelWidth = 260;
  const chartWidth = 340;
  const height = Math.max(1, options.rows.length) * rowHeight + 34;
  const values = options.rows.flatMap((r) => [r.treatment, r.comparison].flatMap((s) => [s.value ?? 0, s.high ?? 0]));
  const max = options.max ?? Math.max(1e-9, ...values);
  const x = (v: number) => labelWidth + Math.round((Math.min(v, max) / max) * chartWidth);
  const bar = (side: PairedBar["treatment"], y: number, fill: string) => {
    if (side.value === null)
      return html`<text x="${labelWidth + 4}" y="${y + 11}" font-size="12" fill="#1e1e1e">pas de données</text>`;
    const whisker =
      side.low !== undefined && side.low !== null && side.high !== undefined && side.high !== null
        ? html`<line x1="${x(side.low)}" x2="${x(side.high)}" y1="${y + 7}" y2="${y + 7}" stroke="#1e1e1e" stroke-width="2"></line>`
        : "";
    return html`<rect x="${labelWidth}" y="${y}" width="${x(side.value) - labelWidth}" height="14" fill="${fill}"></rect>${whisker}
<text x="${x(Math.max(side.value, side.high ?? 0)) + 6}" y="${y + 11}" font-size="12" fill="#1e1e1e">${options.format(side.value)}</text>`;
  };
  return html`<svg class="chart" role="img" aria-labelledby="${options.id}-titre ${options.id}-desc"
 viewBox="0 0 ${labelWidth + chartWidth + 120} ${height}" width="100%" height="${height}" xmlns="http://www.w3.org/2000/svg">
<title id="${options.id}-titre">${options.title}</title>
<desc id="${options.id}-desc">${options.description}</desc>
<rect x="${labelWidth}" y="4" width="12" height="12" fill="#000091"></rect><text x="${labelWidth + 18}" y="14" font-size="12" fill="#1e1e1e">Expérimentation</text>
<rect x="${labelWidth + 140}" y="4" width="12" height="12" fill="#666666"></rect><text x="${labelWidth + 158}" y="14" font-size="12" fill="#1e1e1e">Référence</text>
${options.rows.map((row, i) => {
  const y = 28 + i * rowHeight;
  return html`<g>
<text x="${labelWidth - 8}" y="${y + 20}" text-anchor="end" font-size="13" fill="#1e1e1e">${truncate(row.label, 36)}</text>
${bar(row.treatment, y, "#000091")}
${bar(row.comparison, y + 18, "#666666")}
</g>`;
})}
</svg>`;
}
