import { describe, expect, it } from 'vitest';
import { expectFindings, runOnFixture } from '../test/support/check-harness.js';
import check from './maintained.js';

const known = <T>(value: T) => ({ state: 'known' as const, value });

describe('maintained', () => {
  it('passes a repository committed to within 12 months and not archived', async () => {
    const findings = await runOnFixture(check, 'minimal-pass', {
      facts: { archived: known(false), lastCommitAt: known('2026-06-01T10:00:00Z') },
    });
    expectFindings(findings, [
      { status: 'pass', messageId: 'active', path: null },
      { status: 'pass', messageId: 'notArchived', path: null },
    ]);
  });

  it('warns when the last commit is more than 12 months old, with the dates', async () => {
    const findings = await runOnFixture(check, 'minimal-pass', {
      facts: { archived: known(false), lastCommitAt: known('2025-11-01T09:00:00Z') },
    });
    expectFindings(findings, [
      {
        status: 'warn',
        messageId: 'stale',
        path: null,
        data: { lastCommit: '2025-11-01', now: '2026-11-23', days: 387 },
      },
      { status: 'pass', messageId: 'notArchived' },
    ]);
  });

  it('warns when the repository is archived', async () => {
    const findings = await runOnFixture(check, 'minimal-pass', {
      facts: { archived: known(true), lastCommitAt: known('2026-06-01T10:00:00Z') },
    });
    expectFindings(findings, [
      { status: 'pass', messageId: 'active' },
      { status: 'warn', messageId: 'archived', path: null },
    ]);
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
    expectFindings(findings, [
      { status: 'pass', messageId: 'active' },
      { status: 'unknown', messageId: 'unknown', data: { detail: expect.stringContaining('archived') } },
    ]);
  });

  it('says unknown when the source cannot tell', async () => {
    const findings = await runOnFixture(check, 'minimal-pass', {
      facts: { lastCommitAt: { state: 'unavailable', reason: 'not-supported', detail: 'no .git directory' } },
    });
    expectFindings(findings, [
      {
        status: 'unknown',
        messageId: 'unknown',
        data: { detail: expect.stringContaining('no .git directory') },
      },
    ]);
  });
});
