import { describe, expect, it } from 'vitest';
import {
  defineCheck,
  type AnyCheck,
  type CheckFinding,
  type Criterion,
  type Level,
  type Status,
} from '../../src/engine/check.js';
import { CONFIG_PATH, DEFAULT_CONFIG, resolveConfig, type AuditConfig } from '../../src/engine/config.js';
import type { Finding, Report } from '../../src/engine/report.js';
import { conclusionOf, levelReached, runChecks, worstStatus } from '../../src/engine/run.js';
import { memorySnapshot, type MemoryRepo } from '../../src/snapshot/memory.js';
import { FIXED_NOW } from '../support/check-harness.js';

/**
 * The engine's own rules — exemptions, severities, roll-up, what reaches the report — each held by a
 * test that fails when the rule is changed a little (a condition dropped, a status swapped).
 */

type Id = 'ok' | 'bad' | 'meh' | 'note' | 'unsure';

function fakeCheck(
  id: string,
  findings: readonly CheckFinding<Id>[],
  meta: { criterion?: Criterion; level?: Level; needs?: ('visibility' | 'archived')[] } = {},
): AnyCheck {
  return defineCheck({
    meta: {
      id,
      criterion: meta.criterion ?? 'tcop-6',
      level: meta.level ?? 'baseline',
      title: `${id} holds`,
      description: 'A check made up for engine tests.',
      wants: [],
      ...(meta.needs ? { needs: meta.needs } : {}),
      messages: {
        ok: 'All good in {{path}}.',
        bad: 'Broken in {{path}}.',
        meh: 'Could be better in {{path}}.',
        note: 'Noted {{path}}.',
        unsure: 'Cannot tell for {{path}}.',
      },
      remediation: { bad: 'Mend {{path}}.', meh: 'Polish {{path}}.', unsure: 'Look at {{path}}.' },
      references: [{ title: 'Example', url: 'https://example.org/' }],
    },
    run: () => findings,
  });
}

const STATUS_MESSAGE: Record<Status, Id> = {
  pass: 'ok',
  fail: 'bad',
  warn: 'meh',
  info: 'note',
  unknown: 'unsure',
};
const finding = (status: Status, p = 'a.txt'): CheckFinding<Id> => ({
  status,
  messageId: STATUS_MESSAGE[status],
  data: { path: p },
  location: { path: p, startLine: 2 },
});
const ALL_STATUSES: Status[] = ['pass', 'info', 'unknown', 'warn', 'fail'];

async function runWith(checks: readonly AnyCheck[], configText = '', repo: MemoryRepo = {}): Promise<Report> {
  const config: AuditConfig = configText
    ? resolveConfig([{ path: CONFIG_PATH, text: configText }], { knownChecks: checks.map((c) => c.meta.id) })
    : { ...DEFAULT_CONFIG };
  const data = memorySnapshot({ files: { 'a.txt': 'x\n' }, now: FIXED_NOW.toISOString(), ...repo }).data;
  return (await runChecks(data, config, checks)).report;
}

const statuses = (report: Report): [string, Status][] => report.findings.map((f) => [f.check, f.status]);

describe('exemptions', () => {
  const EXEMPT_FIRST = 'exemptions:\n  - check: first\n    reason: Agreed with the board.\n';

  it('an exemption is scoped to its own check: a second failing check still fails', async () => {
    const report = await runWith(
      [fakeCheck('first', [finding('fail')]), fakeCheck('second', [finding('fail')])],
      EXEMPT_FIRST,
    );
    expect(statuses(report)).toEqual([
      ['first', 'info'],
      ['second', 'fail'],
    ]);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['first', 'info'],
      ['second', 'fail'],
    ]);
    expect(report.level).toBeNull();
    expect(report.conclusion).toBe('failure');
  });

  it('an exemption turns a warning into info and keeps the original status and reason', async () => {
    const report = await runWith([fakeCheck('first', [finding('warn')])], EXEMPT_FIRST);
    expect(report.findings).toEqual([
      {
        check: 'first',
        criterion: 'tcop-6',
        level: 'baseline',
        status: 'info',
        messageId: 'meh',
        message: 'Could be better in a.txt.',
        remediation: 'Polish a.txt.',
        filled: {
          message: [[19, 24]],
          remediation: [[7, 12]],
        },
        location: { path: 'a.txt', startLine: 2 },
        exemption: { reason: 'Agreed with the board.', originalStatus: 'warn' },
      },
    ]);
  });

  it('an exemption leaves pass, info and unknown findings as they are', async () => {
    const report = await runWith(
      [
        fakeCheck(
          'first',
          ALL_STATUSES.map((s) => finding(s)),
        ),
      ],
      EXEMPT_FIRST,
    );
    expect(report.findings.map((f) => [f.status, f.exemption?.originalStatus])).toEqual([
      ['pass', undefined],
      ['info', undefined],
      ['unknown', undefined],
      ['info', 'warn'],
      ['info', 'fail'],
    ]);
    expect(report.checks[0]?.status).toBe('unknown');
  });

  it('an exemption with an expiry in the future keeps the expiry on the finding', async () => {
    const report = await runWith(
      [fakeCheck('first', [finding('fail')])],
      `${EXEMPT_FIRST}    expires: "2999-01-01"\n`,
    );
    expect(report.findings[0]?.exemption).toEqual({
      reason: 'Agreed with the board.',
      expires: '2999-01-01',
      originalStatus: 'fail',
    });
  });

  it('an expired exemption is a failing finding of its own, with the whole record', async () => {
    const report = await runWith(
      [fakeCheck('first', [finding('fail')]), fakeCheck('second', [finding('pass')])],
      `${EXEMPT_FIRST}    expires: "2020-01-31"\n`,
    );
    expect(report.findings).toHaveLength(3);
    expect(report.findings[0]?.status).toBe('fail');
    const expired = report.findings[1] as Finding;
    expect(expired).toEqual({
      check: 'first',
      criterion: 'tcop-6',
      level: 'baseline',
      status: 'fail',
      messageId: 'exemptionExpired',
      message: 'The exemption for first expired on 2020-01-31 (reason given: Agreed with the board.).',
      remediation:
        'Fix what the check reports, or renew the exemption with a new expiry date and an up-to-date reason.',
      filled: expect.any(Object) as unknown,
      location: expect.objectContaining({ path: CONFIG_PATH }) as unknown,
      evidence: { exemption: { reason: 'Agreed with the board.', expires: '2020-01-31' } },
    });
    expect(report.findings[2]).toMatchObject({ check: 'second', status: 'pass' });
  });
});

describe('severity overrides beside pass, info and unknown findings', () => {
  const check = (): AnyCheck =>
    fakeCheck(
      'mixed',
      ALL_STATUSES.map((s) => finding(s)),
    );

  it('warn softens only failures', async () => {
    const report = await runWith([check()], 'checks:\n  mixed: warn\n');
    expect(report.findings.map((f) => f.status)).toEqual(['pass', 'info', 'unknown', 'warn', 'warn']);
    expect(report.checks[0]).toMatchObject({ status: 'warn', severity: 'warn' });
  });

  it('fail hardens only warnings', async () => {
    const report = await runWith([check()], 'checks:\n  mixed: fail\n');
    expect(report.findings.map((f) => f.status)).toEqual(['pass', 'info', 'unknown', 'fail', 'fail']);
    expect(report.checks[0]).toMatchObject({ status: 'fail', severity: 'fail' });
  });

  it('without configuration each status stands, and the severity reads fail', async () => {
    const report = await runWith([check()]);
    expect(report.findings.map((f) => f.status)).toEqual(ALL_STATUSES);
    expect(report.checks[0]).toMatchObject({ status: 'fail', severity: 'fail' });
  });

  it('remediation is given for fail, warn and unknown only', async () => {
    const report = await runWith([check()]);
    expect(report.findings.map((f) => [f.status, f.remediation])).toEqual([
      ['pass', undefined],
      ['info', undefined],
      ['unknown', 'Look at a.txt.'],
      ['warn', 'Polish a.txt.'],
      ['fail', 'Mend a.txt.'],
    ]);
  });
});

describe('what reaches the report', () => {
  it('evidence and location reach the finding unchanged', async () => {
    const evidence = { rule: 'x', lines: [1, 2], nested: { ok: true } };
    const report = await runWith([
      fakeCheck('ev', [
        {
          status: 'fail',
          messageId: 'bad',
          data: { path: 'p' },
          location: { path: 'p', startLine: 3, endLine: 4 },
          evidence,
        },
      ]),
    ]);
    expect(report.findings[0]?.evidence).toEqual(evidence);
    expect(report.findings[0]?.location).toEqual({ path: 'p', startLine: 3, endLine: 4 });
  });

  it('a finding without location, evidence or data has none of those keys', async () => {
    const report = await runWith([fakeCheck('bare', [{ status: 'pass', messageId: 'ok' }])]);
    expect(report.findings[0]).toEqual({
      check: 'bare',
      criterion: 'tcop-6',
      level: 'baseline',
      status: 'pass',
      messageId: 'ok',
      message: 'All good in {{path}}.',
    });
  });

  it('a check result names its docs page, references and the facts it could not read', async () => {
    const report = await runWith(
      [fakeCheck('facts', [finding('unknown')], { needs: ['visibility', 'archived'] })],
      '',
      {
        facts: {
          visibility: { state: 'unavailable', reason: 'no-permission', detail: 'HTTP 403' },
          archived: { state: 'known', value: false },
        },
      },
    );
    expect(report.checks[0]).toMatchObject({
      id: 'facts',
      title: 'facts holds',
      criterion: 'tcop-6',
      level: 'baseline',
      docs: 'docs/checks/facts.md',
      references: [{ title: 'Example', url: 'https://example.org/' }],
      unavailableFacts: [{ fact: 'visibility', reason: 'no-permission' }],
    });
    const known = await runWith([fakeCheck('facts', [finding('pass')], { needs: ['archived'] })], '', {
      facts: { archived: { state: 'known', value: false } },
    });
    expect(known.checks[0]).not.toHaveProperty('unavailableFacts');
  });

  it('the snapshot block lists skipped files sorted by path and says the walk was incomplete', async () => {
    const report = await runWith([fakeCheck('x', [finding('pass')])], '', {
      skipped: {
        'z.bin': { reason: 'too-large', size: 9 },
        'b.bin': { reason: 'too-large', size: 8 },
        'm.bin': { reason: 'binary', size: 7 },
      },
      complete: false,
    });
    expect(report.snapshot.skipped.map((s) => s.path)).toEqual(['b.bin', 'm.bin', 'z.bin']);
    expect(report.snapshot.skipped[0]).toEqual({ path: 'b.bin', reason: 'too-large', size: 8 });
    expect(report.snapshot.complete).toBe(false);
  });

  it('a check that throws is unknown with its error message and the first lines of its stack', async () => {
    const broken = defineCheck({
      meta: { ...fakeCheck('broken', []).meta, id: 'broken' },
      run: () => {
        throw new Error('boom');
      },
    } as unknown as Parameters<typeof defineCheck>[0]);
    const report = await runWith([broken, fakeCheck('fine', [finding('pass')])]);
    const [f] = report.findings;
    expect(f).toMatchObject({
      check: 'broken',
      status: 'unknown',
      messageId: 'checkError',
      message: 'The check could not run: boom',
    });
    const stack = (f?.evidence as { error: string }).error.split('\n');
    expect(stack[0]).toBe('Error: boom');
    expect(stack).toHaveLength(3);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['broken', 'unknown'],
      ['fine', 'pass'],
    ]);
  });
});

describe('roll-up', () => {
  it('a criterion with no checks is unknown with no level; the others count their checks', async () => {
    const report = await runWith([
      fakeCheck('a', [finding('warn')], { criterion: 'tcop-3' }),
      fakeCheck('b', [finding('pass')], { criterion: 'tcop-3', level: 'standard' }),
    ]);
    expect(report.criteria).toEqual([
      { id: 'tcop-3', title: expect.any(String) as unknown, status: 'warn', level: 'exemplar', checks: 2 },
      { id: 'tcop-4', title: expect.any(String) as unknown, status: 'unknown', level: null, checks: 0 },
      { id: 'tcop-6', title: expect.any(String) as unknown, status: 'unknown', level: null, checks: 0 },
      { id: 'tcop-12', title: expect.any(String) as unknown, status: 'unknown', level: null, checks: 0 },
    ]);
  });

  it('a level whose checks are all unknown is not reached; one unknown beside a pass is', () => {
    expect(levelReached([{ level: 'baseline', status: 'unknown' }])).toBeNull();
    expect(
      levelReached([
        { level: 'baseline', status: 'unknown' },
        { level: 'baseline', status: 'pass' },
      ]),
    ).toBe('exemplar');
    expect(
      levelReached([
        { level: 'baseline', status: 'pass' },
        { level: 'standard', status: 'unknown' },
      ]),
    ).toBe('baseline');
    expect(
      levelReached([
        { level: 'baseline', status: 'pass' },
        { level: 'exemplar', status: 'fail' },
      ]),
    ).toBe('standard');
    expect(levelReached([{ level: 'standard', status: 'warn' }])).toBe('exemplar');
    expect(levelReached([])).toBe('exemplar');
  });

  it('worstStatus ranks every pair', () => {
    for (const [i, a] of ALL_STATUSES.entries())
      for (const [j, b] of ALL_STATUSES.entries())
        expect(worstStatus([a, b])).toBe(ALL_STATUSES[Math.max(i, j)]);
    expect(worstStatus([])).toBe('pass');
  });

  it('the conclusion: success when met, else neutral when advisory and failure when enforcing', () => {
    expect(conclusionOf(true, 'enforce')).toBe('success');
    expect(conclusionOf(true, 'advisory')).toBe('success');
    expect(conclusionOf(false, 'advisory')).toBe('neutral');
    expect(conclusionOf(false, 'enforce')).toBe('failure');
  });
});
