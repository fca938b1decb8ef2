import { CRITERIA, LEVELS, type Level } from '../engine/check.js';
import {
  FRAMEWORK_IDS,
  FRAMEWORKS,
  MAPPED_CHECKS,
  frameworksOf,
  type FrameworkId,
} from '../frameworks/index.js';
import type { Supplier } from '../forum/config.js';
import type { LevelSpread, SupplierSummary } from '../forum/suppliers.js';
import { csvField } from './export.js';
import { html, type SafeHtml } from './html.js';
import {
  LEVEL_NAMES,
  criterionShort,
  criterionTitle,
  levelTag,
  page,
  repositoryPath,
  timeTag,
  trendCell,
} from './view.js';

/** The forum's pages: every supplier at a glance, and one supplier's public repositories. */

export interface SuppliersQuery {
  signed?: string;
  /** The worst level of the supplier's repositories; `none` for "some are below baseline". */
  level?: Level | 'none';
}

const LEVEL_FILTERS: readonly string[] = [...LEVELS, 'none'];

export function parseSuppliersQuery(params: URLSearchParams, pledges: readonly string[]): SuppliersQuery {
  const signed = params.get('signed')?.trim();
  const level = params.get('level')?.trim();
  return {
    ...(signed && pledges.includes(signed) ? { signed } : {}),
    ...(level && LEVEL_FILTERS.includes(level) ? { level: level as Level | 'none' } : {}),
  };
}

export function filterSuppliers(
  summaries: readonly SupplierSummary[],
  query: SuppliersQuery,
): SupplierSummary[] {
  return summaries.filter(
    (s) =>
      (!query.signed || s.supplier.signed.includes(query.signed)) &&
      (!query.level || (s.overall.worst !== undefined && (s.overall.worst ?? 'none') === query.level)),
  );
}

export const supplierPath = (id: string, suffix = ''): string =>
  `/suppliers/${encodeURIComponent(id)}${suffix}`;

function suppliersHref(query: SuppliersQuery, format?: 'csv' | 'json'): string {
  const params = new URLSearchParams();
  if (query.signed) params.set('signed', query.signed);
  if (query.level) params.set('level', query.level);
  if (format) params.set('format', format);
  const text = params.toString();
  return text ? `/suppliers?${text}` : '/suppliers';
}

/** Links people may follow: web and mail addresses only (forum.yml allows no other). */
function contactHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return ['https:', 'http:', 'mailto:'].includes(parsed.protocol) ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}

const spreadTag = (level: Level | null | undefined): SafeHtml =>
  level === undefined ? html`<span class="hint">No audits</span>` : levelTag(level);

function trendWords(s: SupplierSummary): string {
  const parts = [
    s.trend.up > 0 ? `${s.trend.up} up` : '',
    s.trend.down > 0 ? `${s.trend.down} down` : '',
  ].filter(Boolean);
  if (s.repositories.length === 0) return 'No audits';
  if (s.trend.first === s.repositories.length) return 'First audits';
  return parts.length > 0 ? parts.join(', ') : 'No change';
}

export function renderSuppliersOverview(data: {
  forumName: string;
  summaries: readonly SupplierSummary[];
  query: SuppliersQuery;
  pledges: readonly string[];
}): SafeHtml {
  const { query, summaries } = data;
  const filtered = Boolean(query.signed || query.level);
  const option = (value: string, label: string, selected: string | undefined): SafeHtml =>
    html`<option value="${value}" ${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
  return page({
    title: filtered ? 'Suppliers (filtered)' : 'Suppliers',
    description: `How the suppliers of ${data.forumName} measure against the Technology Code of Practice.`,
    feed: '/feed.atom',
    body: html`
      <p><a href="/">All repositories</a></p>
      <h1>${data.forumName}: suppliers</h1>
      <p class="lede">
        Each supplier's public repositories, from their latest audits: the worst and the median level, and how
        many do not meet baseline.
      </p>
      <h2>Filter</h2>
      <form class="filters" method="get" action="/suppliers" aria-label="Filter suppliers">
        <div class="field">
          <label for="signed">Signed</label>
          <select id="signed" name="signed">
            ${option('', 'Any pledge or charter', query.signed)}${data.pledges.map((p) => option(p, p, query.signed))}
          </select>
        </div>
        <div class="field">
          <label for="level">Worst level</label>
          <select id="level" name="level">
            ${option('', 'Any level', query.level)}${['exemplar', 'standard', 'baseline', 'none'].map((l) => option(l, LEVEL_NAMES[l as Level | 'none'], query.level))}
          </select>
        </div>
        <button type="submit">Apply</button>
        ${filtered ? html`<a href="/suppliers">Clear filters</a>` : ''}
      </form>
      <div class="actions">
        <p>
          Download ${filtered ? 'these' : 'all'} ${summaries.length} suppliers:
          <a href="${suppliersHref(query, 'csv')}" download>CSV</a> or
          <a href="${suppliersHref(query, 'json')}" download>JSON</a>. Changes:
          <a href="/feed.atom">Atom feed</a>.
        </p>
      </div>
      <div class="table-wrap">
        <table id="suppliers">
          <caption>
            Suppliers${filtered ? ' matching the filters' : ''}: ${summaries.length}
          </caption>
          <thead>
            <tr>
              <th scope="col">Supplier</th>
              <th scope="col">Signed</th>
              <th scope="col" class="num">Public repositories</th>
              <th scope="col">Worst level</th>
              <th scope="col">Median level</th>
              <th scope="col" class="num">Not meeting baseline</th>
              <th scope="col">Trend</th>
              <th scope="col">Last audit</th>
            </tr>
          </thead>
          <tbody>
            ${summaries.map(
              (s) =>
                html`<tr>
                  <th scope="row"><a href="${supplierPath(s.supplier.id)}">${s.supplier.name}</a></th>
                  <td>
                    ${s.supplier.signed.length > 0 ? s.supplier.signed.join(', ') : html`<span class="hint">None recorded</span>`}
                  </td>
                  <td class="num">${s.repositories.length}</td>
                  <td>${spreadTag(s.overall.worst)}</td>
                  <td>${spreadTag(s.overall.median)}</td>
                  <td class="num">${s.notBaseline.length}</td>
                  <td>${trendWords(s)}</td>
                  <td>${s.lastAuditAt ? timeTag(s.lastAuditAt) : html`<span class="hint">Never</span>`}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${summaries.length === 0 ? html`<p>No suppliers match these filters. <a href="/suppliers">Clear the filters</a>.</p>` : ''}
    `,
  });
}

/** One exported supplier row: the overview's columns, plus the organisations and repositories it names. */
export function supplierExportRow(s: SupplierSummary): Record<string, unknown> {
  const level = (l: Level | null | undefined): string => (l === undefined ? 'no-result' : (l ?? 'none'));
  return {
    id: s.supplier.id,
    name: s.supplier.name,
    contact: s.supplier.contact ?? null,
    signed: s.supplier.signed,
    organisations: s.supplier.organisations.map((o) => o.name),
    repositories: s.repositories.length,
    worst: level(s.overall.worst),
    median: level(s.overall.median),
    criteria: Object.fromEntries(
      CRITERIA.map((c) => [c, { worst: level(s.criteria[c].worst), median: level(s.criteria[c].median) }]),
    ),
    notMeetingBaseline: s.notBaseline.map((r) => `${r.owner}/${r.name}`),
    trend: { up: s.trend.up, down: s.trend.down },
    lastAudit: s.lastAuditAt ?? null,
  };
}

export function suppliersCsv(summaries: readonly SupplierSummary[]): string {
  const head = [
    'supplier',
    'name',
    'signed',
    'repositories',
    'worst',
    'median',
    ...CRITERIA.flatMap((c) => [`${c}_worst`, `${c}_median`]),
    'not_meeting_baseline',
    'trend_up',
    'trend_down',
    'last_audit',
    'contact',
  ];
  const lines = [head.join(',')];
  for (const s of summaries) {
    const row = supplierExportRow(s) as ReturnType<typeof supplierExportRow> & {
      criteria: Record<string, { worst: string; median: string }>;
    };
    lines.push(
      [
        s.supplier.id,
        s.supplier.name,
        s.supplier.signed.join(' '),
        String(s.repositories.length),
        String(row.worst),
        String(row.median),
        ...CRITERIA.flatMap((c) => [row.criteria[c]?.worst ?? '', row.criteria[c]?.median ?? '']),
        (row.notMeetingBaseline as string[]).join(' '),
        String(s.trend.up),
        String(s.trend.down),
        s.lastAuditAt ?? '',
        s.supplier.contact ?? '',
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Per point of a framework: the checks that give evidence for it, and the repositories where one fails. */
function frameworkRows(framework: FrameworkId, s: SupplierSummary) {
  const checksByPoint = new Map<string, string[]>();
  for (const check of MAPPED_CHECKS)
    for (const m of frameworksOf(check))
      if (m.framework === framework)
        checksByPoint.set(m.point, [...(checksByPoint.get(m.point) ?? []), check]);
  return Object.entries(FRAMEWORKS[framework].points)
    .filter(([point]) => checksByPoint.has(point))
    .map(([point, title]) => {
      const checks = (checksByPoint.get(point) ?? []).sort();
      const failing = s.repositories.filter((r) => r.failingChecks.some((c) => checks.includes(c)));
      return { point, title, checks, failing };
    });
}

const spreadCells = (s: LevelSpread): SafeHtml =>
  html`<td>${spreadTag(s.worst)}</td>
    <td>${spreadTag(s.median)}</td>`;

export function renderSupplierPage(data: {
  summary: SupplierSummary;
  framework: FrameworkId;
  origin?: string;
}): SafeHtml {
  const s = data.summary;
  const supplier: Supplier = s.supplier;
  const contact = contactHref(supplier.contact);
  const framework = FRAMEWORKS[data.framework];
  const rows = frameworkRows(data.framework, s);
  const badge = supplierPath(supplier.id, '/badge.svg');
  const origin = data.origin ?? 'https://DASHBOARD-ADDRESS';
  return page({
    title: supplier.name,
    description: `Technology Code of Practice levels of ${supplier.name}'s public repositories.`,
    feed: supplierPath(supplier.id, '/feed.atom'),
    body: html`
      <p><a href="/suppliers">All suppliers</a></p>
      <h1>${supplier.name}</h1>
      <dl class="summary">
        <dt>Public repositories</dt>
        <dd>${s.repositories.length}</dd>
        <dt>Worst level</dt>
        <dd>${spreadTag(s.overall.worst)}</dd>
        <dt>Median level</dt>
        <dd>${spreadTag(s.overall.median)}</dd>
        <dt>Trend</dt>
        <dd>
          ${s.previousMedian !== undefined && s.overall.median !== undefined ? trendCell(s.overall.median, s.previousMedian) : html`<span class="hint">No audits</span>`}
          (${trendWords(s)})
        </dd>
        <dt>Signed</dt>
        <dd>${supplier.signed.length > 0 ? supplier.signed.join(', ') : 'None recorded'}</dd>
        <dt>Organisations</dt>
        <dd>
          ${
            supplier.organisations.length > 0
              ? supplier.organisations.map(
                  (o, i) =>
                    html`${i > 0 ? ', ' : ''}${o.name}${
                      o.properties
                        ? html` (${Object.entries(o.properties)
                            .map(([k, v]) => `${k}: ${v.join(' or ')}`)
                            .join('; ')})`
                        : ''
                    }`,
                )
              : 'None'
          }
        </dd>
        ${
          supplier.repositories.length > 0
            ? html`<dt>Named repositories</dt>
                <dd>${supplier.repositories.join(', ')}</dd>`
            : ''
        }
        <dt>Contact</dt>
        <dd>${contact ? html`<a href="${contact}">${supplier.contact}</a>` : 'Not given'}</dd>
        <dt>Changes</dt>
        <dd>
          <a href="${supplierPath(supplier.id, '/feed.atom')}"
            >Atom feed of level changes and newly failing checks</a
          >
        </dd>
      </dl>

      <h2>Criteria</h2>
      <div class="table-wrap">
        <table>
          <caption>
            Worst and median level per criterion across ${s.repositories.length} public repositories
          </caption>
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col">Worst</th>
              <th scope="col">Median</th>
              <th scope="col" class="num">Repositories with a result</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Overall</th>
              ${spreadCells(s.overall)}
              <td class="num">${s.overall.counted}</td>
            </tr>
            ${CRITERIA.map(
              (c) =>
                html`<tr>
                  <th scope="row">${criterionTitle(c)}</th>
                  ${spreadCells(s.criteria[c])}
                  <td class="num">${s.criteria[c].counted}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>

      <h2>Not meeting baseline</h2>
      ${
        s.notBaseline.length === 0
          ? html`<p>Every public repository audited meets baseline.</p>`
          : html`<ul>
              ${s.notBaseline.map((r) => html`<li><a href="${repositoryPath(r.owner, r.name)}">${r.owner}/${r.name}</a>: fails ${r.failingChecks.join(', ') || 'a baseline check'}</li>`)}
            </ul>`
      }

      <h2>Repositories</h2>
      ${
        s.repositories.length === 0
          ? html`<p>No public repository of this supplier has been audited yet.</p>`
          : html`<div class="table-wrap">
              <table id="repositories">
                <caption>
                  Public repositories of ${supplier.name}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Repository</th>
                    <th scope="col">Level</th>
                    ${CRITERIA.map((c) => html`<th scope="col"><abbr title="${criterionTitle(c)}">${criterionShort(c)}</abbr></th>`)}
                    <th scope="col">Last audit</th>
                    <th scope="col">Trend</th>
                  </tr>
                </thead>
                <tbody>
                  ${s.repositories.map(
                    (r) =>
                      html`<tr>
                        <th scope="row">
                          <a href="${repositoryPath(r.owner, r.name)}">${r.owner}/${r.name}</a>
                        </th>
                        <td>${levelTag(r.level)}</td>
                        ${CRITERIA.map((c) => html`<td>${levelTag(r.criteria[c])}</td>`)}
                        <td>${timeTag(r.lastAuditAt)}</td>
                        <td>${trendCell(r.level, r.previousLevel)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }

      <h2 id="frameworks">By framework</h2>
      <form
        class="filters"
        method="get"
        action="${supplierPath(supplier.id)}#frameworks"
        aria-label="Group results by framework"
      >
        <div class="field">
          <label for="framework">Framework</label>
          <select id="framework" name="framework">
            ${FRAMEWORK_IDS.map((f) => html`<option value="${f}" ${f === data.framework ? html` selected` : ''}>${FRAMEWORKS[f].title}</option>`)}
          </select>
        </div>
        <button type="submit">Group</button>
      </form>
      <div class="table-wrap">
        <table id="framework-results">
          <caption>
            ${framework.title}: repositories where a check giving evidence for the point fails
          </caption>
          <thead>
            <tr>
              <th scope="col">Point</th>
              <th scope="col">Checks</th>
              <th scope="col" class="num">Repositories failing</th>
              <th scope="col">Which</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (row) =>
                html`<tr>
                  <th scope="row">${row.point}: ${row.title}</th>
                  <td>${row.checks.map((c, i) => html`${i > 0 ? ', ' : ''}<code>${c}</code>`)}</td>
                  <td class="num">${row.failing.length} of ${s.repositories.length}</td>
                  <td>
                    ${row.failing.length === 0 ? html`<span class="hint">None</span>` : row.failing.map((r, i) => html`${i > 0 ? ', ' : ''}<a href="${repositoryPath(r.owner, r.name)}">${r.owner}/${r.name}</a>`)}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="hint">Mappings and their sources: <a href="${framework.url}">${framework.title}</a>.</p>

      <h2>Badge</h2>
      <p>
        The supplier's badge shows the level every one of its public repositories reaches:
        <img
          src="${badge}"
          alt="TCoP · ${s.overall.worst === undefined ? 'No result' : LEVEL_NAMES[s.overall.worst ?? 'none']}"
        />
      </p>
      <pre><code>${`[![TCoP supplier level](${origin}${badge})](${origin}${supplierPath(supplier.id)})`}</code></pre>
    `,
  });
}
