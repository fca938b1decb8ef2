import { CRITERIA, type Criterion, type Level } from '../engine/check.js';
import { CRITERION_TITLES, LEVEL_LABELS, NO_RESULT, criterionShort } from '../present/vocabulary.js';
import { levelRank } from '../store/levels.js';
import { html, type SafeHtml } from './html.js';

/** Shared pieces of the dashboard's pages. */

export { LEVEL_LABELS as LEVEL_NAMES, NO_RESULT, criterionShort };
export const criterionTitle = (c: Criterion): string => CRITERION_TITLES[c];
export { CRITERIA };

/** `undefined`: the audit has no result for it (no check ran). */
export function levelTag(level: Level | null | undefined): SafeHtml {
  if (level === undefined) return html`<span class="tag tag-unknown">${NO_RESULT}</span>`;
  const key = level ?? 'none';
  return html`<span class="tag tag-${key}">${LEVEL_LABELS[key]}</span>`;
}

export type Trend = 'up' | 'down' | 'same';

export function trendOf(level: Level | null, previous: Level | null | undefined): Trend | undefined {
  if (previous === undefined) return undefined;
  const delta = levelRank(level) - levelRank(previous);
  return delta > 0 ? 'up' : delta < 0 ? 'down' : 'same';
}

/** The arrow is decoration; the words are what assistive technology reads (WCAG 1.1.1, 1.4.1). */
export function trendCell(level: Level | null, previous: Level | null | undefined): SafeHtml {
  const trend = trendOf(level, previous);
  if (trend === undefined || previous === undefined) return html`<span class="hint">First audit</span>`;
  const arrow = { up: '↑', down: '↓', same: '→' }[trend];
  const words = {
    up: `Up from ${LEVEL_LABELS[previous ?? 'none']}`,
    down: `Down from ${LEVEL_LABELS[previous ?? 'none']}`,
    same: 'No change',
  }[trend];
  return html`<span class="trend"><span aria-hidden="true">${arrow}</span> ${words}</span>`;
}

/** Dates as people in the UK read them, in UTC so every reader sees the same text. */
export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

export const timeTag = (iso: string, withTime = false): SafeHtml =>
  html`<time datetime="${iso}">${withTime ? formatDateTime(iso) : formatDate(iso)}</time>`;

/** Repositories audited by the CLI from a local directory have no GitHub address. */
export const isLocal = (owner: string): boolean => owner === 'local';

export const githubUrl = (owner: string, name: string): string =>
  `https://github.com/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;

export const repositoryPath = (owner: string, name: string): string =>
  `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;

export const badgePath = (owner: string, name: string, ext: 'svg' | 'json' = 'svg'): string =>
  `/badges/${encodeURIComponent(owner)}/${encodeURIComponent(name)}.${ext}`;

export function page(options: {
  title: string;
  body: SafeHtml;
  description?: string;
  /** The page's Atom feed of changes, for feed readers to find. */
  feed?: string;
}): SafeHtml {
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} – TCoP audit dashboard</title>
        <meta
          name="description"
          content="${options.description ?? 'Which repositories meet the Technology Code of Practice criteria.'}"
        />
        <link rel="stylesheet" href="/assets/dashboard.css" />
        ${options.feed ? html`<link rel="alternate" type="application/atom+xml" href="${options.feed}" title="Changes" />` : ''}
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to main content</a>
        <header class="site-header">
          <div class="inner">
            <a href="/">TCoP audit dashboard</a>
            <p>Technology Code of Practice: open source, open standards, security, sustainability</p>
          </div>
        </header>
        <main id="main" tabindex="-1">${options.body}</main>
        <footer class="site-footer">
          <p>
            Public repositories only. Levels follow the
            <a href="https://www.gov.uk/guidance/the-technology-code-of-practice"
              >Technology Code of Practice</a
            >. Data: <a href="/?format=csv">CSV</a>, <a href="/?format=json">JSON</a>.
          </p>
        </footer>
      </body>
    </html> `;
}
