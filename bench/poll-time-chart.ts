/**
 * `poll-time.svg`: poll wall time and DynamoDB capacity against the number of links, ours against
 * the naive baseline, both axes logarithmic. Plain SVG, no library: two panels of lines and points.
 */

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  /** x = links, y = value; points with y <= 0 are left out (log scale). */
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

export interface ChartPanel {
  readonly title: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
}

const PANEL_W = 420;
const PANEL_H = 300;
const MARGIN = { top: 40, right: 20, bottom: 50, left: 70 };

export function renderChart(title: string, panels: readonly ChartPanel[]): string {
  const width = panels.length * PANEL_W;
  const height = PANEL_H + 60;
  const body = panels.map((panel, i) => renderPanel(panel, i * PANEL_W, 30)).join('\n');
  const legend = renderLegend(panels[0]?.series ?? [], PANEL_H + 40);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    body,
    legend,
    '</svg>',
    '',
  ].join('\n');
}

function renderPanel(panel: ChartPanel, x0: number, y0: number): string {
  const points = panel.series.flatMap((s) => s.points.filter((p) => p.x > 0 && p.y > 0));
  if (points.length === 0) return '';
  const [xMin, xMax] = decades(points.map((p) => p.x));
  const [yMin, yMax] = decades(points.map((p) => p.y));
  const plotW = PANEL_W - MARGIN.left - MARGIN.right;
  const plotH = PANEL_H - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => x0 + MARGIN.left + ((Math.log10(x) - xMin) / (xMax - xMin)) * plotW;
  const sy = (y: number) => y0 + MARGIN.top + plotH - ((Math.log10(y) - yMin) / (yMax - yMin)) * plotH;
  const parts: string[] = [];
  parts.push(
    `<text x="${x0 + PANEL_W / 2}" y="${y0 + 20}" text-anchor="middle" font-size="12" font-weight="bold">${escapeXml(panel.title)}</text>`,
  );
  for (let d = xMin; d <= xMax; d++) {
    const x = sx(10 ** d);
    parts.push(`<line x1="${x}" y1="${sy(10 ** yMin)}" x2="${x}" y2="${sy(10 ** yMax)}" stroke="#ddd"/>`);
    parts.push(`<text x="${x}" y="${sy(10 ** yMin) + 14}" text-anchor="middle">${tick(10 ** d)}</text>`);
  }
  for (let d = yMin; d <= yMax; d++) {
    const y = sy(10 ** d);
    parts.push(`<line x1="${sx(10 ** xMin)}" y1="${y}" x2="${sx(10 ** xMax)}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${sx(10 ** xMin) - 6}" y="${y + 4}" text-anchor="end">${tick(10 ** d)}</text>`);
  }
  parts.push(
    `<text x="${x0 + MARGIN.left + plotW / 2}" y="${y0 + PANEL_H - 12}" text-anchor="middle">links (clusters x links per cluster)</text>`,
  );
  const yMid = y0 + MARGIN.top + plotH / 2;
  parts.push(
    `<text x="${x0 + 16}" y="${yMid}" text-anchor="middle" transform="rotate(-90 ${x0 + 16} ${yMid})">${escapeXml(panel.yLabel)}</text>`,
  );
  for (const series of panel.series) {
    const visible = series.points.filter((p) => p.x > 0 && p.y > 0).sort((a, b) => a.x - b.x);
    if (visible.length === 0) continue;
    const path = visible.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    parts.push(
      `<polyline points="${path}" fill="none" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    for (const p of visible)
      parts.push(
        `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3" fill="${series.color}"/>`,
      );
  }
  return parts.join('\n');
}

function renderLegend(series: readonly ChartSeries[], y: number): string {
  return series
    .map((s, i) => {
      const x = 80 + i * 200;
      return (
        `<line x1="${x}" y1="${y}" x2="${x + 30}" y2="${y}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>` +
        `<text x="${x + 36}" y="${y + 4}">${escapeXml(s.label)}</text>`
      );
    })
    .join('\n');
}

/** Whole decades covering the values, at least one wide. */
function decades(values: readonly number[]): [number, number] {
  const low = Math.floor(Math.log10(Math.min(...values)));
  const high = Math.ceil(Math.log10(Math.max(...values)));
  return [low, Math.max(high, low + 1)];
}

function tick(value: number): string {
  if (value >= 1e6) return `${value / 1e6}M`;
  if (value >= 1e3) return `${value / 1e3}k`;
  return String(value);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
