import { describe, expect, it } from 'vitest';
import { defineCheck, type AnyCheck, type CheckFinding } from '../../src/engine/check.js';
import { CONFIG_PATH, DEFAULT_CONFIG, resolveConfig, type AuditConfig } from '../../src/engine/config.js';
import { targetOf } from '../../src/engine/report.js';
import { audit, meetsLevel, runChecks } from '../../src/engine/run.js';
import { TOOL_VERSION } from '../../src/engine/version.js';
import { memorySnapshot, type MemoryRepo } from '../../src/snapshot/memory.js';
import type { SnapshotData, SnapshotRequest, SnapshotSource } from '../../src/snapshot/types.js';
import { FIXED_NOW } from '../support/check-harness.js';

/**
 * What the engine asks a source for, and the parts of the report no other test pins exactly: the
 * tool block, the target, an incomplete walk's reason, remediation and filled ranges, expiry edges.
 */

type Id = 'bad' | 'plain' | 'ok';

function check(
  id: string,
  findings: readonly CheckFinding<Id>[],
  meta: { wants?: string[]; needs?: ('visibility' | 'archived')[] } = {},
): AnyCheck {
  return defineCheck({
    meta: {
      id,
      criterion: 'tcop-6',
      level: 'baseline',
      title: `${id} holds`,
      description: 'A check made up for engine tests.',
      wants: meta.wants ?? [],
      ...(meta.needs ? { needs: meta.needs } : {}),
      messages: { bad: 'Broken in {{path}}.', plain: 'Broken somewhere.', ok: 'Fine in {{path}}.' },
      remediation: { bad: 'Mend it.', ok: 'Nothing to mend in {{path}}.' },
      references: [],
    },
    run: () => findings,
  });
}

/** A source that records what it is asked for and answers from a memory snapshot. */
function recordingSource(repo: MemoryRepo, config: { repo?: string; org?: string } = {}) {
  const requests: SnapshotRequest[] = [];
  const source: SnapshotSource = {
    target: { kind: 'local', path: '/repo' },
    loadConfig: async () => ({
      ...(config.org !== undefined ? { org: { path: 'org:.github/tcop.yml', text: config.org } } : {}),
      ...(config.repo !== undefined ? { repo: { path: CONFIG_PATH, text: config.repo } } : {}),
    }),
    load: async (request) => {
      requests.push(request);
      return memorySnapshot(repo).data;
    },
  };
  return { source, requests };
}

async function run(checks: readonly AnyCheck[], repo: MemoryRepo = {}, config: AuditConfig = DEFAULT_CONFIG) {
  const data = memorySnapshot({ files: { 'a.txt': 'x\n' }, now: FIXED_NOW.toISOString(), ...repo }).data;
  return (await runChecks(data, config, checks)).report;
}

describe('audit', () => {
  it('asks the source for the wants and needs of the checks that are on, once each, and the config bounds', async () => {
    const { source, requests } = recordingSource(
      { files: { 'a.txt': 'x\n' } },
      { org: 'ignore: [vendor/**]\n', repo: 'maxFileBytes: 2048\nchecks:\n  quiet: off\n' },
    );
    const checks = [
      check('first', [], { wants: ['*.md', 'docs/**'], needs: ['visibility'] }),
      check('second', [], { wants: ['*.md'], needs: ['visibility', 'archived'] }),
      check('quiet', [], { wants: ['secret/**'], needs: ['archived'] }),
    ];
    const { report, config } = await audit(source, { checks, now: FIXED_NOW });
    expect(requests).toEqual([
      {
        wants: ['*.md', 'docs/**'],
        needs: ['visibility', 'archived'],
        ignore: ['vendor/**'],
        maxFileBytes: 2048,
        now: FIXED_NOW,
      },
    ]);
    expect(config.sources).toEqual(['org:.github/tcop.yml', CONFIG_PATH]);
    expect(report.checks.map((c) => c.id)).toEqual(['first', 'second']);
  });

  it('a check that is off contributes no needs either', async () => {
    const { source, requests } = recordingSource({}, { repo: 'checks:\n  quiet: off\n' });
    await audit(source, {
      checks: [check('quiet', [], { wants: ['x/**'], needs: ['archived'] })],
      now: FIXED_NOW,
    });
    expect(requests.map((r) => [r.wants, r.needs])).toEqual([[[], []]]);
  });

  it('judges by the config files it is given instead of the source’s own; an override beats both', async () => {
    const { source } = recordingSource({}, { repo: 'level: [\n' });
    const given = await audit(source, {
      checks: [check('first', [])],
      now: FIXED_NOW,
      configFiles: [{ path: 'base:.github/tcop.yml', text: 'level: standard\n' }],
    });
    expect([given.config.level, given.config.sources]).toEqual(['standard', ['base:.github/tcop.yml']]);
    const overridden = await audit(source, {
      checks: [check('first', [])],
      now: FIXED_NOW,
      configFiles: [{ path: 'base:.github/tcop.yml', text: 'level: standard\n' }],
      configOverride: { path: 'override.yml', text: 'level: exemplar\n' },
    });
    expect([overridden.config.level, overridden.config.sources]).toEqual(['exemplar', ['override.yml']]);
  });

  it('without a clock, the audit runs at the present moment', async () => {
    const { source, requests } = recordingSource({});
    const before = Date.now();
    await audit(source, { checks: [] });
    const asked = requests[0]?.now.getTime() ?? 0;
    expect(asked).toBeGreaterThanOrEqual(before);
    expect(asked).toBeLessThanOrEqual(Date.now());
  });
});

describe('the report', () => {
  it('names the tool and its version', async () => {
    expect((await run([])).tool).toEqual({ name: 'tcop-audit', version: TOOL_VERSION });
  });

  it('says why the walk is incomplete when the source says', async () => {
    const data: SnapshotData = {
      ...memorySnapshot({ now: FIXED_NOW.toISOString(), complete: false }).data,
      incompleteReason: 'the tree was truncated',
    };
    const { report } = await runChecks(data, DEFAULT_CONFIG, []);
    expect(report.snapshot).toEqual({
      files: 0,
      complete: false,
      incompleteReason: 'the tree was truncated',
      skipped: [],
    });
    expect((await run([])).snapshot).toEqual({ files: 1, complete: true, skipped: [] });
  });

  it('a needed fact the source did not report at all is not an unavailable one', async () => {
    const report = await run([check('facts', [], { needs: ['archived'] })], { facts: {} });
    expect(report.checks[0]).not.toHaveProperty('unavailableFacts');
  });

  it('remediation is rendered only when the check has one; ranges only for what was filled', async () => {
    const report = await run([
      check('x', [
        { status: 'fail', messageId: 'bad', data: { path: 'a.md' } },
        { status: 'fail', messageId: 'plain' },
        { status: 'pass', messageId: 'ok', data: { path: 'b.md' } },
      ]),
    ]);
    expect(
      report.findings.map(({ message, remediation, filled }) => ({ message, remediation, filled })),
    ).toEqual([
      { message: 'Broken in a.md.', remediation: 'Mend it.', filled: { message: [[10, 14]] } },
      { message: 'Broken somewhere.', remediation: undefined, filled: undefined },
      { message: 'Fine in b.md.', remediation: undefined, filled: { message: [[8, 12]] } },
    ]);
    expect(report.findings[1]).not.toHaveProperty('remediation');
  });

  it('a message id the check does not define is shown as it is, never filled', async () => {
    const odd: AnyCheck = {
      meta: check('odd', []).meta,
      run: () => [{ status: 'info', messageId: '{{path}}', data: { path: 'a.md' } }],
    };
    expect((await run([odd])).findings.map((f) => [f.message, f.filled])).toEqual([['{{path}}', undefined]]);
  });

  it('an unknown level reached meets no required level', () => {
    expect(meetsLevel(null, 'baseline')).toBe(false);
  });
});

describe('exemption edges', () => {
  const exempting = (exemption: string, now = FIXED_NOW): Promise<[string, string][]> =>
    run(
      [
        check('x', [
          {
            status: 'fail',
            messageId: 'bad',
            data: { path: 'src/.hidden/a.ts' },
            location: { path: 'src/.hidden/a.ts' },
          },
        ]),
      ],
      { now: now.toISOString() },
      resolveConfig([
        {
          path: CONFIG_PATH,
          text: `exemptions:\n  - check: x\n    reason: Agreed with the board.\n${exemption}`,
        },
      ]),
    ).then((r) => r.findings.map((f) => [f.status, f.messageId]));

  it('holds to the last millisecond of its expiry day', async () => {
    expect(await exempting('    expires: 2026-06-30\n', new Date('2026-06-30T23:59:59.999Z'))).toEqual([
      ['info', 'bad'],
    ]);
    expect(await exempting('    expires: 2026-06-30\n', new Date('2026-07-01T00:00:00.000Z'))).toEqual([
      ['fail', 'bad'],
      ['fail', 'exemptionExpired'],
    ]);
  });

  it('an expiry written with a time expires at the end of its day too', async () => {
    expect(await exempting('    expires: 2026-01-31T10:00:00Z\n')).toEqual([
      ['fail', 'bad'],
      ['fail', 'exemptionExpired'],
    ]);
    expect(await exempting('    expires: 2026-11-23T01:00:00Z\n')).toEqual([['info', 'bad']]);
  });

  it('a path glob matches files in dot directories', async () => {
    expect(await exempting('    path: src/**\n')).toEqual([['info', 'bad']]);
    expect(await exempting('    path: lib/**\n')).toEqual([['fail', 'bad']]);
  });
});

describe('targetOf', () => {
  it('a local target is its path; a GitHub one its repository and ref; the commit when known', () => {
    expect(targetOf({ kind: 'local', path: '/repo' })).toEqual({ path: '/repo' });
    expect(targetOf({ kind: 'local', path: '/repo' }, 'abc')).toEqual({ path: '/repo', commit: 'abc' });
    expect(targetOf({ kind: 'github', owner: 'acme', repo: 'tool', ref: 'main' }, 'abc')).toEqual({
      repo: 'acme/tool',
      ref: 'main',
      commit: 'abc',
    });
    expect(targetOf({ kind: 'github', owner: 'acme', repo: 'tool' })).toEqual({ repo: 'acme/tool' });
  });
});
