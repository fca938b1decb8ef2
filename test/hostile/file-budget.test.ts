import { describe, expect, it } from 'vitest';
import noCommittedSecrets from '../../checks/no-committed-secrets.js';
import { defineCheck } from '../../src/engine/check.js';
import { DEFAULT_CONFIG } from '../../src/engine/config.js';
import { FileBudget, withinFileBudget, type FileBudgetLimits } from '../../src/engine/file-budget.js';
import { runChecks } from '../../src/engine/run.js';
import type { SnapshotData } from '../../src/snapshot/types.js';
import { FIXED_NOW } from '../support/check-harness.js';

/**
 * The per-file budget: a file whose processing exceeds it is `unknown` for that check, with a finding
 * naming it, and the other files are still judged. Driven by a counted clock and a step limit,
 * never by real time.
 */
function snapshotOf(files: Record<string, string>): SnapshotData {
  return {
    target: { kind: 'local', path: '/repo' },
    now: FIXED_NOW.toISOString(),
    files: Object.entries(files).map(([path, text]) => ({ path, size: text.length })),
    contents: Object.fromEntries(Object.entries(files).map(([p, text]) => [p, { kind: 'text', text }])),
    facts: {},
    complete: true,
  };
}

/** A clock that advances 1 ms each time it is read: time passes only as work is counted. */
const countingClock = (): (() => number) => {
  let t = 0;
  return () => t++;
};

/** A check whose per-file processor never finishes on `slow/` files: it steps until stopped. */
const LIMITS: FileBudgetLimits = { steps: 1_000_000, ms: 500 };
const slowReader = defineCheck({
  meta: {
    id: 'slow-reader',
    criterion: 'tcop-12',
    level: 'baseline',
    title: 'Reads every file',
    description: 'A test check with an injected slow file processor.',
    wants: ['**'],
    messages: { read: '{{path}} read.' },
    remediation: {},
    references: [],
  },
  async run(snapshot) {
    const findings = [];
    const clock = countingClock();
    for (const { path } of snapshot.files) {
      const result = await withinFileBudget(
        path,
        (budget) => {
          if (!path.startsWith('slow/')) return budget.step(10);
          for (;;) budget.step(1);
        },
        LIMITS,
        clock,
      );
      findings.push(
        result.ok ? { status: 'pass' as const, messageId: 'read' as const, data: { path } } : result.finding,
      );
    }
    return findings;
  },
});

describe('the per-file budget', () => {
  it('a file that exhausts it is unknown at that file; the other files are judged', async () => {
    const { report } = await runChecks(
      snapshotOf({ 'a.txt': 'a', 'slow/endless.txt': 'x', 'z.txt': 'z' }),
      { ...DEFAULT_CONFIG, sources: [] },
      [slowReader],
    );
    expect(report.findings.map((f) => [f.status, f.message, f.location?.path])).toEqual([
      ['pass', 'a.txt read.', undefined],
      [
        'unknown',
        'Gave up on slow/endless.txt: reading it took more than its budget of 0.5 s, so this check cannot say.',
        'slow/endless.txt',
      ],
      ['pass', 'z.txt read.', undefined],
    ]);
    expect(report.findings[1]?.remediation).toBe(
      'No ordinary file needs this much work: check that slow/endless.txt is what it should be, or list it under `ignore` in .github/tcop.yml.',
    );
    expect(report.checks[0]?.status).toBe('unknown');
  });

  it('counts steps as well as time, and resets for every file', async () => {
    const endless = async (limits: FileBudgetLimits) =>
      withinFileBudget(
        'big.json',
        (budget) => {
          for (;;) budget.step(1000);
        },
        limits,
        () => 0,
      );
    expect(await endless({ steps: 5000, ms: 1 })).toEqual({
      ok: false,
      finding: {
        status: 'unknown',
        messageId: 'fileBudgetExceeded',
        data: { path: 'big.json', limit: '5,000 steps' },
        location: { path: 'big.json' },
        evidence: { budget: '5,000 steps' },
      },
    });
    const budget = new FileBudget('ok.txt', { steps: 10, ms: 1000 }, () => 0);
    budget.step(10);
    expect(() => budget.step(1)).toThrow('ok.txt: more work than its budget of 10 steps');
    // Any other error is the processor's own defect: it is not turned into a budget finding.
    await expect(
      withinFileBudget('bad.txt', () => Promise.reject(new Error('parser defect'))),
    ).rejects.toThrow('parser defect');
  });

  it('the secret scan runs each file within a budget, so a normal scan still finds the token', async () => {
    const token = ['gh', 'p_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('');
    const { report } = await runChecks(
      snapshotOf({ 'src/a.ts': `export const t = "${token}";\n` }),
      { ...DEFAULT_CONFIG, sources: [] },
      [noCommittedSecrets],
    );
    expect(report.findings.map((f) => [f.status, f.messageId, f.location?.path])).toEqual([
      ['fail', 'secretFound', 'src/a.ts'],
    ]);
  });
});
