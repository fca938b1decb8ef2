import { describe, expect, it } from 'vitest';
import { expectFinding, overall, runOnFixture } from '../test/support/check-harness.js';
import check from './maintained.js';

const known = <T>(value: T) => ({ state: 'known' as const, value });

describe('maintained', () => {
  it('passes a repository committed to within 12 months and not archived', async () => {
    const findings = await runOnFixture(check, 'minimal-pass', {
      facts: { archived: known(false), lastCommitAt: known('2026-06-01T10:00:00Z') },
    });
    expect(overall(findings)).toBe('pass');
    expectFinding(findings, { status: 'pass', messageId: 'active' });
    expectFinding(findings, { status: 'pass', messageId: 'not-archived' });
  });

  it('warns when the last commit is more than 12 months old, with the dates', async () => {
    const findings = await runOnFixture(check, 'minimal-pass', {
      facts: { archived: known(false), lastCommitAt: known('2025-11-01T09:00:00Z') },
    });
    const f = expectFinding(findings, { status: 'warn', messageId: 'stale' });
    expect(f.data).toMatchObject({ lastCommit: '2025-11-01', now: '2026-11-23', days: 387 });
  });

  it('warns when the repository is archived', async () => {
    const findings = await runOnFixture(check, 'minimal-pass', { facts: { archived: known(true) } });
    expect(overall(findings)).toBe('warn');
    expectFinding(findings, { status: 'warn', messageId: 'archived' });
  });

  it('does not pass on one fact when the other is unknown (a local clone cannot tell if it is archived)', async () => {
    const findings = await runOnFixture(check, 'minimal-pass', {
      facts: {
        archived: {
          state: 'unavailable',
          reason: 'not-supported',
          detail: 'a local audit cannot know archived',
        },
        lastCommitAt: known('2026-06-01T10:00:00Z'),
      },
    });
    expectFinding(findings, { status: 'pass', messageId: 'active' });
    const f = expectFinding(findings, { status: 'unknown', messageId: 'unknown' });
    expect(String(f.data?.detail)).toContain('archived');
    expect(overall(findings)).toBe('unknown');
  });

  it('says unknown when the source cannot tell', async () => {
    const findings = await runOnFixture(check, 'minimal-pass', {
      facts: { lastCommitAt: { state: 'unavailable', reason: 'not-supported', detail: 'no .git directory' } },
    });
    expect(findings).toHaveLength(1);
    const f = expectFinding(findings, { status: 'unknown', messageId: 'unknown' });
    expect(String(f.data?.detail)).toContain('no .git directory');
  });
});
