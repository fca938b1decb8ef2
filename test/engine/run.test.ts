import path from 'node:path';
import { describe, expect, it } from 'vitest';
import licenceFile from '../../checks/licence-file.js';
import readme from '../../checks/readme.js';
import {
  defineCheck,
  renderMessage,
  type AnyCheck,
  type CheckFinding,
  type Criterion,
  type Level,
  type Status,
} from '../../src/engine/check.js';
import {
  CONFIG_PATH,
  ConfigError,
  DEFAULT_CONFIG,
  resolveConfig,
  type AuditConfig,
} from '../../src/engine/config.js';
import { SCHEMA_VERSION } from '../../src/engine/report.js';
import { audit, levelReached, meetsLevel, runChecks, worstStatus } from '../../src/engine/run.js';
import { LocalSource } from '../../src/snapshot/local.js';
import { memorySnapshot } from '../../src/snapshot/memory.js';
import { FIXED_NOW, FIXTURES } from '../support/check-harness.js';

const BASELINE_CHECKS = [licenceFile, readme];
const fixture = (name: string): LocalSource => new LocalSource(path.join(FIXTURES, name));

/** A check that returns fixed findings, for exercising the engine's own rules. */
function fakeCheck(
  id: string,
  findings: readonly CheckFinding<'ok' | 'bad' | 'meh'>[] | (() => never),
  meta: { criterion?: Criterion; level?: Level } = {},
): AnyCheck {
  return defineCheck({
    meta: {
      id,
      criterion: meta.criterion ?? 'tcop-6',
      level: meta.level ?? 'baseline',
      title: `${id} holds`,
      description: 'A check made up for engine tests.',
      wants: [],
      messages: {
        ok: 'All good in {{path}}.',
        bad: 'Broken in {{path}}.',
        meh: 'Could be better in {{path}}.',
      },
      remediation: { bad: 'Mend {{path}}.', meh: 'Polish {{path}}.' },
      references: [{ title: 'Example', url: 'https://example.org/' }],
    },
    run: () => (typeof findings === 'function' ? findings() : findings),
  });
}

const finding = (
  status: Status,
  messageId: 'ok' | 'bad' | 'meh',
  p = 'a.txt',
): CheckFinding<'ok' | 'bad' | 'meh'> => ({
  status,
  messageId,
  data: { path: p },
  location: { path: p, startLine: 2 },
});

async function runWith(
  checks: readonly AnyCheck[],
  configText = '',
  now = FIXED_NOW,
): Promise<Awaited<ReturnType<typeof runChecks>>['report']> {
  const config: AuditConfig = configText
    ? resolveConfig([{ path: CONFIG_PATH, text: configText }], { knownChecks: checks.map((c) => c.meta.id) })
    : { ...DEFAULT_CONFIG };
  const data = memorySnapshot({ files: { 'a.txt': 'x\n' }, now: now.toISOString() }).data;
  return (await runChecks(data, config, checks)).report;
}

describe('audit on fixture repositories', () => {
  it('reaches exemplar when every check passes, and says the required level is met', async () => {
    const { report } = await audit(fixture('engine-pass'), { checks: BASELINE_CHECKS, now: FIXED_NOW });
    expect(report.schemaVersion).toBe(SCHEMA_VERSION);
    expect(report.generatedAt).toBe(FIXED_NOW.toISOString());
    expect(report.target.path).toBe(path.join(FIXTURES, 'engine-pass'));
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['licence-file', 'pass'],
      ['readme', 'pass'],
    ]);
    expect(report.level).toBe('exemplar');
    expect(report.required).toEqual({ level: 'baseline', met: true });
    expect(report.conclusion).toBe('success');
    expect(report.snapshot).toEqual({ files: 2, complete: true, skipped: [] });
  });

  it('fails baseline when the README and licence are missing', async () => {
    const { report } = await audit(fixture('engine-fail'), { checks: BASELINE_CHECKS, now: FIXED_NOW });
    expect(report.checks.map((c) => c.status)).toEqual(['fail', 'fail']);
    expect(report.level).toBeNull();
    expect(report.conclusion).toBe('failure');
    const missing = report.findings.find((f) => f.check === 'readme');
    expect(missing).toMatchObject({
      status: 'fail',
      messageId: 'missing',
      criterion: 'tcop-3',
      level: 'baseline',
      message: 'No README in the root, .github/ or docs/.',
    });
    expect(missing?.remediation).toMatch(/^Add a README\.md/);
  });

  it('the CLI --level overrides the configured level', async () => {
    const { report } = await audit(fixture('engine-pass'), {
      checks: BASELINE_CHECKS,
      now: FIXED_NOW,
      level: 'exemplar',
    });
    expect(report.required).toEqual({ level: 'exemplar', met: true });
  });

  it('throws a ConfigError for a broken config before reading the tree', async () => {
    await expect(
      audit(fixture('config-broken-yaml'), { checks: BASELINE_CHECKS, now: FIXED_NOW }),
    ).rejects.toThrow(ConfigError);
  });

  it('validates check ids against the registry it runs', async () => {
    const error = await audit(fixture('config-unknown-check'), {
      checks: BASELINE_CHECKS,
      now: FIXED_NOW,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).line).toBe(3);
  });

  it('uses a config override instead of the repository file', async () => {
    const { report, config } = await audit(fixture('config-broken-yaml'), {
      checks: BASELINE_CHECKS,
      now: FIXED_NOW,
      configOverride: { path: 'ci/tcop.yml', text: 'mode: advisory\n' },
    });
    expect(config.sources).toEqual(['ci/tcop.yml']);
    expect(report.mode).toBe('advisory');
  });

  it('an active exemption turns the failure into info with its reason', async () => {
    const { report } = await audit(fixture('exemption-active'), { checks: BASELINE_CHECKS, now: FIXED_NOW });
    const exempted = report.findings.find((f) => f.check === 'licence-file');
    expect(exempted).toMatchObject({
      status: 'info',
      messageId: 'missing',
      exemption: {
        reason: "Licence choice is with the department's legal team; decision due before the expiry date.",
        expires: '2027-06-30',
        originalStatus: 'fail',
      },
    });
    expect(report.checks.find((c) => c.id === 'licence-file')?.status).toBe('info');
    expect(report.level).toBe('exemplar');
    expect(report.conclusion).toBe('success');
  });

  it('holds an exemption through its expiry day, and not a moment later', async () => {
    const lastDay = new Date('2027-06-30T23:00:00Z');
    const dayAfter = new Date('2027-07-01T00:00:01Z');
    const on = await audit(fixture('exemption-active'), { checks: BASELINE_CHECKS, now: lastDay });
    const after = await audit(fixture('exemption-active'), { checks: BASELINE_CHECKS, now: dayAfter });
    expect(on.report.conclusion).toBe('success');
    expect(after.report.conclusion).toBe('failure');
  });

  it('an expired exemption exempts nothing and fails at its line in the config', async () => {
    const { report } = await audit(fixture('exemption-expired'), { checks: BASELINE_CHECKS, now: FIXED_NOW });
    const own = report.findings.filter((f) => f.check === 'licence-file');
    expect(own.map((f) => [f.status, f.messageId])).toEqual([
      ['fail', 'missing'],
      ['fail', 'exemptionExpired'],
    ]);
    expect(own[1]).toMatchObject({
      location: { path: CONFIG_PATH, startLine: 3 },
      message: expect.stringContaining('expired on 2026-06-30') as string,
    });
    expect(own[1]?.remediation).toMatch(/renew the exemption/);
    expect(report.level).toBeNull();
  });

  it('neither lists nor reads paths the config ignores', async () => {
    const { report, snapshot } = await audit(fixture('ignore-globs'), {
      checks: BASELINE_CHECKS,
      now: FIXED_NOW,
    });
    expect(snapshot.paths).toEqual(['.github/tcop.yml', 'README.md', 'src/index.ts']);
    expect(report.snapshot.files).toBe(3);
  });
});

describe('runChecks', () => {
  it('a throwing check is unknown for itself only', async () => {
    const boom = fakeCheck('boom', () => {
      throw new Error('parser exploded');
    });
    const fine = fakeCheck('fine', [finding('pass', 'ok')]);
    const report = await runWith([boom, fine]);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['boom', 'unknown'],
      ['fine', 'pass'],
    ]);
    const error = report.findings.find((f) => f.check === 'boom');
    expect(error).toMatchObject({
      status: 'unknown',
      messageId: 'checkError',
      message: 'The check could not run: parser exploded',
    });
    expect(error?.remediation).toMatch(/defect in tcop-audit/);
    expect(report.level).toBe('exemplar');
  });

  it('renders messages and remediation with the finding data, and remediation only where action is needed', async () => {
    const report = await runWith([
      fakeCheck('mixed', [finding('pass', 'ok', 'x.md'), finding('fail', 'bad', 'y.md')]),
    ]);
    expect(report.findings.map((f) => [f.message, f.remediation])).toEqual([
      ['All good in x.md.', undefined],
      ['Broken in y.md.', 'Mend y.md.'],
    ]);
    expect(report.findings[1]?.location).toEqual({ path: 'y.md', startLine: 2 });
  });

  it('a check with no findings passes', async () => {
    const report = await runWith([fakeCheck('silent', [])]);
    expect(report.checks[0]?.status).toBe('pass');
  });

  it('severity warn softens failures; off skips the check', async () => {
    const failing = fakeCheck('failing', [finding('fail', 'bad')]);
    const other = fakeCheck('other', [finding('fail', 'bad')]);
    const report = await runWith([failing, other], 'checks:\n  failing: warn\n  other: off\n');
    expect(report.checks.map((c) => [c.id, c.status, c.severity])).toEqual([['failing', 'warn', 'warn']]);
    expect(report.findings.map((f) => f.status)).toEqual(['warn']);
    expect(report.level).toBe('exemplar');
  });

  it('severity fail escalates warnings to failures; without it a warning does not block', async () => {
    const warning = fakeCheck('warning', [finding('warn', 'meh')]);
    expect((await runWith([warning])).conclusion).toBe('success');
    const report = await runWith([warning], 'checks:\n  warning: fail\n');
    expect(report.findings[0]?.status).toBe('fail');
    expect(report.findings[0]?.remediation).toBe('Polish a.txt.');
    expect(report.conclusion).toBe('failure');
  });

  it('an exemption with a path exempts only findings under it', async () => {
    const check = fakeCheck('paths', [
      finding('fail', 'bad', 'docs/a.docx'),
      finding('fail', 'bad', 'src/b.docx'),
    ]);
    const report = await runWith(
      [check],
      'exemptions:\n  - check: paths\n    reason: Supplier templates, kept in their own format.\n    path: "docs/**"\n',
    );
    expect(report.findings.map((f) => [f.location?.path, f.status])).toEqual([
      ['docs/a.docx', 'info'],
      ['src/b.docx', 'fail'],
    ]);
  });

  it('rolls checks up into criteria: worst status and the level each reaches', async () => {
    const checks = [
      fakeCheck('open-a', [finding('pass', 'ok')], { criterion: 'tcop-3', level: 'baseline' }),
      fakeCheck('open-b', [finding('fail', 'bad')], { criterion: 'tcop-3', level: 'exemplar' }),
      fakeCheck('secure-a', [finding('warn', 'meh')], { criterion: 'tcop-6', level: 'baseline' }),
      fakeCheck('secure-b', [finding('unknown', 'meh')], { criterion: 'tcop-6', level: 'standard' }),
    ];
    const report = await runWith(checks);
    expect(report.criteria.map((c) => [c.id, c.status, c.level, c.checks])).toEqual([
      ['tcop-3', 'fail', 'standard', 2],
      ['tcop-4', 'unknown', null, 0],
      // secure-b is the only standard check and it is unknown: standard is not earned.
      ['tcop-6', 'warn', 'baseline', 2],
      ['tcop-12', 'unknown', null, 0],
    ]);
    expect(report.level).toBe('baseline');
    expect(report.required).toEqual({ level: 'baseline', met: true });
  });

  it('advisory mode reports a missed level as neutral instead of failure', async () => {
    const failing = fakeCheck('failing', [finding('fail', 'bad')]);
    const enforced = await runWith([failing]);
    const advisory = await runWith([failing], 'mode: advisory\n');
    expect([enforced.conclusion, advisory.conclusion]).toEqual(['failure', 'neutral']);
    expect(advisory.mode).toBe('advisory');
    expect(advisory.findings[0]?.status).toBe('fail');
    expect(advisory.required.met).toBe(false);
  });

  it('lists files whose contents could not be read', async () => {
    const data = memorySnapshot({ files: { 'b.txt': 'x' } }).data;
    data.contents['z.png'] = { kind: 'skipped', reason: 'binary', size: 10 };
    data.contents['a.csv'] = { kind: 'skipped', reason: 'too-large', size: 2_000_000 };
    const { report } = await runChecks(data, { ...DEFAULT_CONFIG }, []);
    expect(report.snapshot.skipped).toEqual([
      { path: 'a.csv', reason: 'too-large', size: 2_000_000 },
      { path: 'z.png', reason: 'binary', size: 10 },
    ]);
  });
});

describe('levels', () => {
  it('a level is reached when no check at or below it fails', () => {
    expect(levelReached([])).toBe('exemplar');
    expect(levelReached([{ level: 'baseline', status: 'fail' }])).toBeNull();
    expect(levelReached([{ level: 'standard', status: 'fail' }])).toBe('baseline');
    expect(
      levelReached([
        { level: 'exemplar', status: 'fail' },
        { level: 'baseline', status: 'warn' },
      ]),
    ).toBe('standard');
    // An unknown neither blocks a level nor earns one.
    expect(levelReached([{ level: 'baseline', status: 'unknown' }])).toBeNull();
    expect(
      levelReached([
        { level: 'baseline', status: 'unknown' },
        { level: 'baseline', status: 'pass' },
        { level: 'exemplar', status: 'unknown' },
      ]),
    ).toBe('standard');
  });

  it('meetsLevel compares reached against required', () => {
    expect(meetsLevel('standard', 'baseline')).toBe(true);
    expect(meetsLevel('standard', 'standard')).toBe(true);
    expect(meetsLevel('standard', 'exemplar')).toBe(false);
    expect(meetsLevel(null, 'baseline')).toBe(false);
  });

  it('worstStatus orders fail > warn > unknown > info > pass', () => {
    expect(worstStatus([])).toBe('pass');
    expect(worstStatus(['info', 'pass'])).toBe('info');
    expect(worstStatus(['unknown', 'info'])).toBe('unknown');
    expect(worstStatus(['unknown', 'warn'])).toBe('warn');
    expect(worstStatus(['warn', 'fail', 'pass'])).toBe('fail');
  });
});

describe('renderMessage', () => {
  it('fills placeholders from the data it is given, and only from that', () => {
    expect(renderMessage('{{ file }} at line {{line}}', { file: 'README.md', line: 3 })).toBe(
      'README.md at line 3',
    );
    expect(renderMessage('{{missing}} {{constructor}} {{toString}}', {})).toBe(
      '{{missing}} {{constructor}} {{toString}}',
    );
  });
});
