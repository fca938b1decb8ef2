import type { Criterion, Status } from '../engine/check.js';
import type { CheckResult, Finding } from '../engine/report.js';
import type { AuditRow, HistoryPoint, RepositorySummary } from '../store/types.js';
import { STATUS_LABELS } from '../present/vocabulary.js';
import { badgeText } from './badges.js';
import { html, type SafeHtml } from './html.js';
import { historyChart } from './history-chart.js';
import {
  CRITERIA,
  LEVEL_NAMES,
  NO_RESULT,
  badgePath,
  criterionTitle,
  githubUrl,
  isLocal,
  levelTag,
  page,
  repositoryPath,
  timeTag,
  trendCell,
} from './view.js';

export interface RepositoryPageData {
  repository: RepositorySummary;
  audit: AuditRow;
  history: readonly HistoryPoint[];
  /**
   * Absolute origin for the README snippet, e.g. `https://tcop.example.org` (`TCOP_PUBLIC_URL`).
   * Without it the snippet says where the address goes instead of guessing it from the request.
   */
  origin?: string;
}

/** Stands for the dashboard's address in the snippet when no public URL is configured. */
export const DASHBOARD_ADDRESS = 'https://DASHBOARD-ADDRESS';

const STATUS_ORDER: readonly Status[] = ['fail', 'warn', 'unknown', 'info'];

/** Who audited: the App (an installation), the forum's crawl (an outsider's token), or the CLI. */
export function provenanceOf(trigger: string | null): 'installation' | 'crawl' | 'cli' {
  if (trigger === 'crawl') return 'crawl';
  if (trigger === 'cli' || trigger === 'manual' || trigger === null) return 'cli';
  return 'installation';
}

const PROVENANCE_TEXT = {
  installation: 'The GitHub App, installed on the repository',
  crawl: "The forum's crawl, without installation: settings only administrators see are not visible to it",
  cli: 'The command line tool',
} as const;

/** How "could not tell" reads when the reason is that this audit's token was not allowed to look. */
const UNSEEN = {
  crawl: 'Not visible to the forum',
  installation: 'Not visible to the App',
  cli: 'Not visible to the token',
} as const;

export interface ListedExemption {
  check: string;
  reason: string;
  expires?: string;
  expired: boolean;
}

/** The exemptions the audit applied, and the expired ones it refused, once each. */
export function exemptionsOf(audit: Pick<AuditRow, 'report'>): ListedExemption[] {
  const seen = new Map<string, ListedExemption>();
  for (const f of audit.report.findings) {
    const expired = f.messageId === 'exemptionExpired';
    const e = expired
      ? ((f.evidence?.exemption ?? undefined) as { reason?: string; expires?: string } | undefined)
      : f.exemption;
    if (!e || typeof e.reason !== 'string') continue;
    const entry: ListedExemption = {
      check: f.check,
      reason: e.reason,
      ...(typeof e.expires === 'string' ? { expires: e.expires } : {}),
      expired,
    };
    seen.set(`${entry.check}\u0000${entry.reason}\u0000${entry.expires ?? ''}\u0000${expired}`, entry);
  }
  return [...seen.values()].sort((a, b) =>
    a.check === b.check ? Number(b.expired) - Number(a.expired) : a.check < b.check ? -1 : 1,
  );
}

/** Report data came from an audit; only web links become links. */
function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}

export function renderRepositoryPage(data: RepositoryPageData): SafeHtml {
  const { repository: r, audit } = data;
  const fullName = `${r.owner}/${r.name}`;
  const local = isLocal(r.owner);
  const commitHref =
    audit.commit && !local
      ? `${githubUrl(r.owner, r.name)}/commit/${encodeURIComponent(audit.commit)}`
      : undefined;
  const checks = new Map(audit.report.checks.map((c) => [c.id, c]));
  const provenance = provenanceOf(audit.trigger);
  const unseen = audit.report.checks.filter((c) =>
    (c.unavailableFacts ?? []).some((f) => f.reason === 'no-permission'),
  );
  const exemptions = exemptionsOf(audit);
  const feed = `${repositoryPath(r.owner, r.name)}/feed.atom`;
  return page({
    title: fullName,
    description: `Technology Code of Practice audit of ${fullName}.`,
    feed,
    body: html`
      <p><a href="/">All repositories</a></p>
      <h1>${fullName}</h1>
      ${r.description ? html`<p class="lede">${r.description}</p>` : ''}
      ${r.archived ? html`<p><span class="tag tag-archived">Archived</span></p>` : ''}
      <dl class="summary">
        <dt>Level</dt>
        <dd>${levelTag(r.level)}</dd>
        <dt>Trend</dt>
        <dd>${trendCell(r.level, r.previousLevel)}</dd>
        <dt>Last audit</dt>
        <dd>${timeTag(audit.auditedAt, true)}</dd>
        <dt>Commit</dt>
        <dd>
          ${audit.commit ? (commitHref ? html`<a href="${commitHref}"><code>${audit.commit.slice(0, 12)}</code><span class="visually-hidden"> (full commit on GitHub)</span></a>` : html`<code>${audit.commit.slice(0, 12)}</code>`) : 'Not recorded'}${audit.ref ? html` on <code>${audit.ref}</code>` : ''}
        </dd>
        ${
          local
            ? html`<dt>Source</dt>
                <dd>Audited from a local directory with the command line tool</dd>`
            : html`<dt>Repository</dt>
                <dd><a href="${githubUrl(r.owner, r.name)}">${fullName} on GitHub</a></dd>`
        }
        <dt>Audited by</dt>
        <dd>${PROVENANCE_TEXT[provenance]}</dd>
        <dt>Audits recorded</dt>
        <dd>${r.auditCount}</dd>
        <dt>Tool version</dt>
        <dd>${audit.toolVersion}</dd>
        <dt>Changes</dt>
        <dd><a href="${feed}">Atom feed of level changes and newly failing checks</a></dd>
      </dl>
      ${
        unseen.length > 0
          ? html`<h2>${UNSEEN[provenance]}</h2>
              <p>This audit could not read these settings, so their checks say nothing either way:</p>
              <ul>
                ${unseen.map((c) => html`<li>${c.title} (<code>${c.id}</code>): ${(c.unavailableFacts ?? []).map((f) => f.fact).join(', ')}</li>`)}
              </ul>`
          : ''
      }

      <h2>Exemptions</h2>
      ${
        audit.findingsPruned
          ? html`<p>The findings of this audit are no longer kept, nor the exemptions applied to them.</p>`
          : exemptions.length === 0
            ? html`<p>No exemption applies to this audit.</p>`
            : html`<div class="table-wrap">
                <table id="exemptions">
                  <caption>
                    Exemptions in the repository's configuration that this audit applied or refused
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Check</th>
                      <th scope="col">Reason</th>
                      <th scope="col">Expires</th>
                      <th scope="col">State</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${exemptions.map(
                      (e) =>
                        html`<tr>
                          <th scope="row"><code>${e.check}</code></th>
                          <td>${e.reason}</td>
                          <td>${e.expires ?? html`<span class="hint">No expiry</span>`}</td>
                          <td>
                            ${e.expired ? html`<span class="tag status-fail">Expired</span>` : html`<span class="tag status-info">Applied</span>`}
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
      }

      <h2>Criteria</h2>
      <div class="table-wrap">
        <table>
          <caption>
            Level per criterion in the latest audit
          </caption>
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col">Level</th>
              <th scope="col">Previous audit</th>
              <th scope="col">Checks</th>
            </tr>
          </thead>
          <tbody>
            ${CRITERIA.map((c) => {
              const result = audit.report.criteria.find((x) => x.id === c);
              const previous = r.previousCriteria;
              return html`<tr>
                <th scope="row">${criterionTitle(c)}</th>
                <td>${levelTag(audit.criteria[c])}</td>
                <td>${previous ? levelTag(previous[c]) : html`<span class="hint">None</span>`}</td>
                <td>${result ? `${audit.report.checks.filter((x) => x.criterion === c).length}` : '0'}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>

      <h2>Findings</h2>
      ${audit.findingsPruned ? html`<p>The findings of this audit are no longer kept; only its levels are.</p>` : CRITERIA.map((c) => criterionFindings(c, audit, checks, data))}

      <h2 id="history-heading">History</h2>
      ${historyChart(data.history)}
      <details>
        <summary>History as a table</summary>
        <table>
          <caption>
            Audits of ${fullName}, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Level</th>
              ${CRITERIA.map((c) => html`<th scope="col">${criterionTitle(c)}</th>`)}
              <th scope="col">Commit</th>
            </tr>
          </thead>
          <tbody>
            ${data.history.map(
              (h) =>
                html`<tr>
                  <th scope="row">${timeTag(h.auditedAt, true)}</th>
                  <td>${LEVEL_NAMES[h.level ?? 'none']}</td>
                  ${CRITERIA.map((c) => html`<td>${h.criteria[c] === undefined ? NO_RESULT : LEVEL_NAMES[h.criteria[c] ?? 'none']}</td>`)}
                  <td>${h.commit ? html`<code>${h.commit.slice(0, 12)}</code>` : '–'}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </details>

      <h2>Badges</h2>
      <p>
        The badge shows the latest level:
        <img src="${badgePath(r.owner, r.name)}" alt="${badgeText(r.level)}" />. To show it in the
        repository's README, add:
      </p>
      <pre><code>${`[![${badgeText(r.level).replace(/ · .*/, ' level')}](${data.origin ?? DASHBOARD_ADDRESS}${badgePath(r.owner, r.name)})](${data.origin ?? DASHBOARD_ADDRESS}${repositoryPath(r.owner, r.name)})`}</code></pre>
      ${data.origin ? '' : html`<p class="hint">Replace <code>${DASHBOARD_ADDRESS}</code> with this dashboard's address.</p>`}
      <p>
        Add <code>?criterion=tcop-3</code> (or <code>tcop-4</code>, <code>tcop-6</code>, <code>tcop-12</code>)
        for one criterion.
        <a href="${badgePath(r.owner, r.name, 'json')}">The badge as shields.io endpoint JSON</a>.
      </p>
    `,
  });
}

function criterionFindings(
  criterion: Criterion,
  audit: AuditRow,
  checks: ReadonlyMap<string, CheckResult>,
  data: RepositoryPageData,
): SafeHtml {
  const own = audit.report.findings.filter((f) => f.criterion === criterion);
  const open = own
    .filter((f) => f.status !== 'pass')
    .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
  const passing = [...new Set(own.filter((f) => f.status === 'pass').map((f) => f.check))]
    .filter((id) => !open.some((f) => f.check === id))
    .map((id) => checks.get(id)?.title ?? id);
  return html`<section aria-labelledby="findings-${criterion}">
    <h3 id="findings-${criterion}">${criterionTitle(criterion)} ${levelTag(audit.criteria[criterion])}</h3>
    ${own.length === 0 ? html`<p>No check of this criterion ran.</p>` : ''}
    ${open.map((f) => findingBlock(f, checks.get(f.check), data))}
    ${passing.length > 0 ? html`<p><strong>Passing:</strong> ${passing.join('; ')}.</p>` : ''}
  </section>`;
}

function findingBlock(f: Finding, check: CheckResult | undefined, data: RepositoryPageData): SafeHtml {
  const { repository: r, audit } = data;
  const where = f.location;
  const fileHref =
    where && audit.commit && !isLocal(r.owner)
      ? `${githubUrl(r.owner, r.name)}/blob/${encodeURIComponent(audit.commit)}/${where.path.split('/').map(encodeURIComponent).join('/')}${where.startLine ? `#L${where.startLine}` : ''}`
      : undefined;
  const whereText = where ? `${where.path}${where.startLine ? `:${where.startLine}` : ''}` : undefined;
  const references = (check?.references ?? []).flatMap((ref) => {
    const href = safeHref(ref.url);
    return href ? [html`<a href="${href}">${ref.title}</a>`] : [];
  });
  return html`<div class="finding finding-${f.status}">
    <h4>
      <span class="tag status-${f.status}"
        >${f.status === 'unknown' && (check?.unavailableFacts ?? []).some((x) => x.reason === 'no-permission') ? UNSEEN[provenanceOf(audit.trigger)] : STATUS_LABELS[f.status]}</span
      >
      ${check?.title ?? f.check}
    </h4>
    <p>${f.message}</p>
    ${whereText ? html`<p>Where: ${fileHref ? html`<a href="${fileHref}"><code>${whereText}</code></a>` : html`<code>${whereText}</code>`}</p>` : ''}
    ${f.remediation ? html`<p><strong>How to fix:</strong> ${f.remediation}</p>` : ''}
    ${f.exemption ? html`<p>Exempted: ${f.exemption.reason}${f.exemption.expires ? ` (until ${f.exemption.expires})` : ''}</p>` : ''}
    ${references.length > 0 ? html`<p>References: ${references.flatMap((ref, i) => (i === 0 ? [ref] : [html`, `, ref]))}</p>` : ''}
    <p class="hint">Check <code>${f.check}</code>, ${LEVEL_NAMES[f.level]} level.</p>
  </div>`;
}
