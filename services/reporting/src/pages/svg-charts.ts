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
