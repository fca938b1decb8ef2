import { levelRank } from '../store/levels.js';
import type { HistoryPoint } from '../store/types.js';
import { html, type SafeHtml } from './html.js';
import { LEVEL_NAMES, formatDate } from './view.js';

const WIDTH = 720;
const HEIGHT = 220;
const LEFT = 92;
const RIGHT = 16;
const TOP = 14;
const BOTTOM = 36;
const BANDS = ['none', 'baseline', 'standard', 'exemplar'] as const;

/**
 * The level over time as a step chart in inline SVG: no script, no external request. It is one
 * image with a text alternative (WCAG 1.1.1); the same data is in the table after it.
 */
export function historyChart(newestFirst: readonly HistoryPoint[], id = 'history'): SafeHtml {
  const points = [...newestFirst].reverse();
  if (points.length === 0) return html``;
  const times = points.map((p) => Date.parse(p.auditedAt));
  const start = Math.min(...times);
  const end = Math.max(...times);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (t: number): number =>
    end === start ? LEFT + plotWidth / 2 : LEFT + ((t - start) / (end - start)) * plotWidth;
  const y = (rank: number): number => TOP + plotHeight - (rank / (BANDS.length - 1)) * plotHeight;
  const coords = points.map((p, i) => ({ x: x(times[i] ?? start), y: y(levelRank(p.level)) }));
  let path = '';
  coords.forEach((c, i) => {
    const previous = coords[i - 1];
    path += previous ? ` H${c.x.toFixed(1)} V${c.y.toFixed(1)}` : `M${c.x.toFixed(1)} ${c.y.toFixed(1)}`;
  });
  const firstPoint = points[0];
  const lastPoint = points[points.length - 1];
  if (!firstPoint || !lastPoint) return html``;
  const describe = (p: HistoryPoint): string =>
    `${LEVEL_NAMES[p.level ?? 'none']} on ${formatDate(p.auditedAt)}`;
  const summary =
    points.length === 1
      ? `One audit: ${describe(firstPoint)}.`
      : `${points.length} audits, from ${describe(firstPoint)} to ${describe(lastPoint)}.`;
  return html`<svg
    class="chart"
    viewBox="0 0 ${WIDTH} ${HEIGHT}"
    width="${WIDTH}"
    height="${HEIGHT}"
    role="img"
    aria-labelledby="${id}-title ${id}-desc"
    xmlns="http://www.w3.org/2000/svg"
  >
    <title id="${id}-title">Level over time</title>
    <desc id="${id}-desc">${summary}</desc>
    ${BANDS.map(
      (band, rank) =>
        html`<line
            x1="${LEFT}"
            x2="${WIDTH - RIGHT}"
            y1="${y(rank)}"
            y2="${y(rank)}"
            stroke="#b1b4b6"
            stroke-width="1"
          />
          <text
            x="${LEFT - 8}"
            y="${y(rank) + 5}"
            text-anchor="end"
            font-size="14"
            fill="#0b0c0c"
            font-family="Arial, sans-serif"
            >${LEVEL_NAMES[band]}</text
          >`,
    )}
    <path d="${path}" fill="none" stroke="#1d70b8" stroke-width="3" />
    ${coords.map((c) => html`<circle cx="${c.x.toFixed(1)}" cy="${c.y.toFixed(1)}" r="4" fill="#1d70b8" />`)}
    <text x="${LEFT}" y="${HEIGHT - 10}" font-size="14" fill="#0b0c0c" font-family="Arial, sans-serif">
      ${formatDate(firstPoint.auditedAt)}
    </text>
    ${points.length > 1 ? html`<text x="${WIDTH - RIGHT}" y="${HEIGHT - 10}" text-anchor="end" font-size="14" fill="#0b0c0c" font-family="Arial, sans-serif">${formatDate(lastPoint.auditedAt)}</text>` : ''}
  </svg>`;
}
