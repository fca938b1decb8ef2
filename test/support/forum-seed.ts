import type { Report } from '../../src/engine/report.js';
import type { AuditStore, SaveAuditInput } from '../../src/store/types.js';
import { OUTCOMES, sampleReport } from './sample-reports.js';

/**
 * Crawl audits of the forum fixture's suppliers (fixtures/forum/forum.yml): one repository that
 * fell from Exemplar to Baseline with an applied and an expired exemption and a setting the
 * forum could not see, one below baseline per supplier that has one, a private repository, and a
 * repository outside a custom-property selector.
 */
export const FORUM_MEMBERS = { 'bravo-group?supplier=bravo': ['bravo-group/bravo-app'] };

export function forumAudit(
  full: string,
  at: string,
  outcome: keyof typeof OUTCOMES,
  extra: {
    visibility?: 'public' | 'private';
    trigger?: SaveAuditInput['trigger'];
    edit?: (r: Report) => void;
  } = {},
): SaveAuditInput {
  const [owner = '', name = ''] = full.split('/');
  const report = sampleReport({
    repo: full,
    generatedAt: at,
    commit: `${at.slice(0, 10).replace(/-/g, '')}`.padEnd(40, 'a'),
    failing: OUTCOMES[outcome],
  });
  extra.edit?.(report);
  return {
    repo: { owner, name, visibility: extra.visibility ?? 'public', archived: false, description: null },
    report,
    trigger: extra.trigger ?? 'crawl',
  };
}

function withExemptions(report: Report): void {
  const f = report.findings.find((x) => x.check === 'security-txt');
  if (f) {
    f.status = 'info';
    f.exemption = {
      reason: 'Contact published on the supplier site',
      expires: '2027-06-30',
      originalStatus: 'fail',
    };
  }
  report.findings.push({
    check: 'licence-file',
    criterion: 'tcop-3',
    level: 'baseline',
    status: 'fail',
    messageId: 'exemptionExpired',
    message: 'The exemption for licence-file expired on 2026-01-01 (reason given: Licence under review).',
    evidence: { exemption: { reason: 'Licence under review', expires: '2026-01-01' } },
  });
  report.checks.push({
    id: 'branch-protection',
    title: 'Default branch is protected',
    criterion: 'tcop-6',
    level: 'standard',
    status: 'unknown',
    severity: 'fail',
    docs: 'docs/checks/branch-protection.md',
    references: [],
    unavailableFacts: [{ fact: 'branchProtection', reason: 'no-permission' }],
  });
  report.findings.push({
    check: 'branch-protection',
    criterion: 'tcop-6',
    level: 'standard',
    status: 'unknown',
    messageId: 'unavailable',
    message: 'Branch protection could not be read.',
  });
}

export async function seedForum(store: AuditStore): Promise<void> {
  await store.saveAudits([
    forumAudit('acme/portal', '2026-11-01T09:00:00Z', 'exemplar'),
    forumAudit('acme/portal', '2026-11-20T09:00:00Z', 'baseline', { edit: withExemptions }),
    forumAudit('acme/records-api', '2026-11-19T09:00:00Z', 'standard'),
    forumAudit('acme/secret-roadmap', '2026-11-21T09:00:00Z', 'none', { visibility: 'private' }),
    forumAudit('bravo-group/bravo-app', '2026-11-18T09:00:00Z', 'none'),
    forumAudit('bravo-group/other-app', '2026-11-18T09:00:00Z', 'exemplar'),
    forumAudit('charlie/charlie-web', '2026-11-17T09:00:00Z', 'standard'),
    forumAudit('shared-code/charlie-toolkit', '2026-11-16T09:00:00Z', 'exemplar', { trigger: 'push' }),
    forumAudit('delta-records/patient-api', '2026-11-15T09:00:00Z', 'none'),
  ]);
}
