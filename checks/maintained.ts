import { defineCheck, type CheckFinding } from '../src/engine/check.js';

type MessageId = 'active' | 'notArchived' | 'archived' | 'stale' | 'unknown';

/** A repository with no commit for this long looks unmaintained to anyone deciding whether to depend on it. */
export const STALE_MONTHS = 12;

export default defineCheck({
  meta: {
    id: 'maintained',
    criterion: 'tcop-12',
    level: 'standard',
    title: 'Repository is actively maintained',
    description:
      'Sustainable technology is looked after: TCoP 12 asks teams to plan for maintenance over the life of a service. The check reads whether the repository is archived and when it was last committed to (GitHub: last push; local audits: the last commit in git history) and warns when there has been no commit for 12 months.',
    wants: [],
    needs: ['archived', 'lastCommitAt'],
    messages: {
      active: 'Last commit on {{lastCommit}}, within the last {{months}} months.',
      notArchived: 'The repository is not archived.',
      archived: 'The repository is archived: it is read-only and no longer maintained.',
      stale: 'No commit since {{lastCommit}} ({{days}} days before {{now}}), more than {{months}} months.',
      unknown: 'Could not tell whether the repository is maintained: {{detail}}.',
    },
    remediation: {
      archived:
        'If the code is still in use, unarchive it and name the team that maintains it; otherwise say in the README what replaces it.',
      stale:
        'Keep dependencies and runtimes up to date (automated updates help), or archive the repository and say in the README that it is no longer maintained.',
      unknown:
        'Audit with a GitHub token that can read repository metadata, or from a git clone with history.',
    },
    references: [
      {
        title: 'Technology Code of Practice: make your technology sustainable',
        url: 'https://www.gov.uk/guidance/make-your-technology-sustainable',
      },
      {
        title: 'Service Manual: maintaining a service',
        url: 'https://www.gov.uk/service-manual/technology/maintaining-a-service',
      },
      {
        title: 'GitHub Docs: archiving repositories',
        url: 'https://docs.github.com/en/repositories/archiving-a-github-repository/archiving-repositories',
      },
    ],
  },
  run(snapshot) {
    const archived = snapshot.fact('archived');
    const lastCommitAt = snapshot.fact('lastCommitAt');
    const months = STALE_MONTHS;
    const findings: CheckFinding<MessageId>[] = [];
    if (archived.state === 'known')
      findings.push(
        archived.value
          ? { status: 'warn' as const, messageId: 'archived' as const }
          : { status: 'pass' as const, messageId: 'notArchived' as const },
      );
    if (lastCommitAt.state === 'known') {
      const last = new Date(lastCommitAt.value);
      const cutoff = new Date(snapshot.now.getTime());
      cutoff.setUTCMonth(cutoff.getUTCMonth() - STALE_MONTHS);
      const lastCommit = lastCommitAt.value.slice(0, 10);
      const evidence = { lastCommitAt: lastCommitAt.value };
      if (Number.isNaN(last.getTime()))
        findings.push({
          status: 'unknown' as const,
          messageId: 'unknown' as const,
          data: { detail: `unreadable date ${lastCommitAt.value}` },
        });
      else if (last.getTime() < cutoff.getTime()) {
        const days = Math.floor((snapshot.now.getTime() - last.getTime()) / 86_400_000);
        findings.push({
          status: 'warn' as const,
          messageId: 'stale' as const,
          data: { lastCommit, days, now: snapshot.now.toISOString().slice(0, 10), months },
          evidence,
        });
      } else
        findings.push({
          status: 'pass' as const,
          messageId: 'active' as const,
          data: { lastCommit, months },
          evidence,
        });
    }
    // Half of the answer is not a pass: a fact the source could not know stays unknown beside the other.
    const detail = [archived, lastCommitAt]
      .map((f) => (f.state === 'unavailable' ? f.detail : ''))
      .filter(Boolean)
      .join('; ');
    if (detail !== '') findings.push({ status: 'unknown', messageId: 'unknown', data: { detail } });
    return findings;
  },
});
