import type { LevelCounts, Page, RepositorySummary, SortKey } from '../store/types.js';
import { html, type SafeHtml } from './html.js';
import { defaultDirection, overviewHref, type OverviewQuery } from './query.js';
import {
  CRITERIA,
  LEVEL_NAMES,
  criterionShort,
  criterionTitle,
  levelTag,
  page,
  repositoryPath,
  timeTag,
  trendCell,
} from './view.js';

export interface OverviewData {
  query: OverviewQuery;
  counts: LevelCounts;
  repositories: Page<RepositorySummary>;
  owners: readonly string[];
  failingChecks: readonly string[];
}

const LEVEL_ORDER = ['exemplar', 'standard', 'baseline', 'none'] as const;

export function renderOverview(data: OverviewData): SafeHtml {
  const { query, repositories } = data;
  const filtered = Boolean(query.owner || query.level || query.criterion || query.check);
  const first = repositories.total === 0 ? 0 : (repositories.page - 1) * repositories.size + 1;
  const last = Math.min(repositories.total, repositories.page * repositories.size);
  return page({
    title: filtered ? 'Repositories (filtered)' : 'Repositories',
    body: html`
      <h1>Technology Code of Practice: repositories</h1>
      <p class="lede">
        How public repositories measure against TCoP 3 (open source), TCoP 4 (open standards), TCoP 6
        (security) and TCoP 12 (sustainability), from their latest audit.
      </p>
      ${countsSection(data.counts, filtered)} ${filterForm(data)}
      <div class="actions">
        <p>
          Download ${filtered ? 'these' : 'all'} ${data.counts.total} repositories:
          <a href="${overviewHref(query, { page: 1, format: 'csv' })}" download>CSV</a> or
          <a href="${overviewHref(query, { page: 1, format: 'json' })}" download>JSON</a>
        </p>
      </div>
      <div class="table-wrap">
        <table id="repositories">
          <caption>
            Repositories${filtered ? ' matching the filters' : ''}:
            ${repositories.total === 0 ? 'none' : `${first} to ${last} of ${repositories.total}`}
          </caption>
          <thead>
            <tr>
              ${sortHeader(query, 'name', 'Repository')} ${sortHeader(query, 'level', 'Level')}
              ${CRITERIA.map((c) => sortHeader(query, c, criterionShort(c), criterionTitle(c)))}
              ${sortHeader(query, 'lastAudit', 'Last audit')}
              <th scope="col">Trend</th>
            </tr>
          </thead>
          <tbody>
            ${repositories.items.map(repositoryRow)}
          </tbody>
        </table>
      </div>
      ${repositories.total === 0 ? html`<p>No repositories match these filters. <a href="/">Clear the filters</a>.</p>` : ''}
      ${pagination(query, repositories)}
    `,
  });
}

function countsSection(counts: LevelCounts, filtered: boolean): SafeHtml {
  return html` <h2>Levels${filtered ? ' of the filtered repositories' : ''}</h2>
    <ul class="counts">
      <li><span class="count">${counts.total}</span> repositories</li>
      ${LEVEL_ORDER.map((l) => html`<li><span class="count">${counts.overall[l]}</span> ${LEVEL_NAMES[l] === 'Not met' ? 'not meeting baseline' : `at ${LEVEL_NAMES[l]}`}</li>`)}
    </ul>
    <div class="table-wrap">
      <table>
        <caption>
          Repositories by level, overall and per criterion
        </caption>
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            ${LEVEL_ORDER.map((l) => html`<th scope="col" class="num">${LEVEL_NAMES[l]}</th>`)}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Overall</th>
            ${LEVEL_ORDER.map((l) => html`<td class="num">${counts.overall[l]}</td>`)}
          </tr>
          ${CRITERIA.map(
            (c) =>
              html`<tr>
                <th scope="row">${criterionTitle(c)}</th>
                ${LEVEL_ORDER.map((l) => html`<td class="num">${counts.criteria[c][l]}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

function option(value: string, label: string, selected: string | undefined): SafeHtml {
  return html`<option value="${value}" ${value === (selected ?? '') ? html` selected` : ''}>
    ${label}
  </option>`;
}

function filterForm({ query, owners, failingChecks }: OverviewData): SafeHtml {
  return html` <h2>Filter and sort</h2>
    <form class="filters" method="get" action="/" aria-label="Filter and sort repositories">
      <div class="field">
        <label for="owner">Organisation</label>
        <select id="owner" name="owner">
          ${option('', 'All organisations', query.owner)}${owners.map((o) => option(o, o, query.owner))}
        </select>
      </div>
      <div class="field">
        <label for="level">Level</label>
        <select id="level" name="level">
          ${option('', 'Any level', query.level)}${LEVEL_ORDER.map((l) => option(l, LEVEL_NAMES[l], query.level))}
        </select>
      </div>
      <div class="field">
        <label for="criterion">Criterion</label>
        <select id="criterion" name="criterion" aria-describedby="criterion-hint">
          ${option('', 'Overall', query.criterion)}${CRITERIA.map((c) => option(c, criterionTitle(c), query.criterion))}
        </select>
        <span id="criterion-hint" class="hint"
          >With a level: that criterion's level. Alone: a check of it fails.</span
        >
      </div>
      <div class="field">
        <label for="check">Failing check</label>
        <select id="check" name="check">
          ${option('', 'Any', query.check)}${failingChecks.map((c) => option(c, c, query.check))}
        </select>
      </div>
      <div class="field">
        <label for="sort">Sort by</label>
        <select id="sort" name="sort">
          ${option('name', 'Repository', query.sort.key)}${option('level', 'Level', query.sort.key)}${option('lastAudit', 'Last audit', query.sort.key)}${CRITERIA.map((c) => option(c, criterionShort(c), query.sort.key))}
        </select>
      </div>
      <div class="field">
        <label for="dir">Order</label>
        <select id="dir" name="dir">
          ${option('asc', 'Ascending', query.sort.direction)}${option('desc', 'Descending', query.sort.direction)}
        </select>
      </div>
      <button type="submit">Apply</button>
      ${query.owner || query.level || query.criterion || query.check ? html`<a href="/">Clear filters</a>` : ''}
    </form>`;
}

/** Column headers are links that sort; `aria-sort` tells assistive technology the current order. */
function sortHeader(query: OverviewQuery, key: SortKey, label: string, title?: string): SafeHtml {
  const current = query.sort.key === key;
  const direction = current ? (query.sort.direction === 'asc' ? 'desc' : 'asc') : defaultDirection(key);
  const ariaSort = current ? (query.sort.direction === 'asc' ? 'ascending' : 'descending') : undefined;
  const href = overviewHref(query, { sort: { key, direction }, page: 1 });
  return html`<th scope="col" ${ariaSort ? html` aria-sort="${ariaSort}"` : ''}>
    <a href="${href}" ${title ? html` title="${title}"` : ''}
      >${label}<span class="visually-hidden"
        >, sort ${direction === 'asc' ? 'ascending' : 'descending'}</span
      ></a
    >${current ? html` <span aria-hidden="true">${query.sort.direction === 'asc' ? '▲' : '▼'}</span>` : ''}
  </th>`;
}

function repositoryRow(r: RepositorySummary): SafeHtml {
  return html`<tr>
    <th scope="row">
      <a href="${repositoryPath(r.owner, r.name)}">${r.owner}/${r.name}</a
      >${r.archived ? html` <span class="tag tag-archived">Archived</span>` : ''}
    </th>
    <td>${levelTag(r.level)}</td>
    ${CRITERIA.map((c) => html`<td>${levelTag(r.criteria[c])}</td>`)}
    <td>${timeTag(r.lastAuditAt)}</td>
    <td>${trendCell(r.level, r.previousLevel)}</td>
  </tr>`;
}

function pagination(query: OverviewQuery, repositories: Page<RepositorySummary>): SafeHtml {
  const pages = Math.max(1, Math.ceil(repositories.total / repositories.size));
  if (pages === 1) return html``;
  const current = repositories.page;
  const shown = [...new Set([1, current - 2, current - 1, current, current + 1, current + 2, pages])]
    .filter((p) => p >= 1 && p <= pages)
    .sort((a, b) => a - b);
  const items: SafeHtml[] = [];
  if (current > 1)
    items.push(
      html`<li>
        <a href="${overviewHref(query, { page: current - 1 })}" rel="prev"
          >Previous<span class="visually-hidden"> page</span></a
        >
      </li>`,
    );
  let last = 0;
  for (const p of shown) {
    if (p - last > 1) items.push(html`<li aria-hidden="true">…</li>`);
    items.push(
      p === current
        ? html`<li>
            <a href="${overviewHref(query, { page: p })}" aria-current="page"
              ><span class="visually-hidden">Page </span>${p}</a
            >
          </li>`
        : html`<li>
            <a href="${overviewHref(query, { page: p })}"><span class="visually-hidden">Page </span>${p}</a>
          </li>`,
    );
    last = p;
  }
  if (current < pages)
    items.push(
      html`<li>
        <a href="${overviewHref(query, { page: current + 1 })}" rel="next"
          >Next<span class="visually-hidden"> page</span></a
        >
      </li>`,
    );
  return html`<nav class="pagination" aria-label="Pages of repositories">
    <ul>
      ${items}
    </ul>
  </nav>`;
}
