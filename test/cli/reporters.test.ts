import { createRequire } from 'node:module';
import type AjvDraft04Module from 'ajv-draft-04';
import type { Log } from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { HELP } from '../../src/cli/main.js';
import { FORMATS, REPORTERS, loadReporter } from '../../src/cli/reporters/index.js';
import { renderJson } from '../../src/cli/reporters/json.js';
import { renderMarkdown } from '../../src/cli/reporters/markdown.js';
import { renderSarif } from '../../src/cli/reporters/sarif.js';
import { renderText } from '../../src/cli/reporters/text.js';
import { defineCheck, type AnyCheck, type Criterion, type Level } from '../../src/engine/check.js';
import { CONFIG_PATH, resolveConfig } from '../../src/engine/config.js';
import type { Report } from '../../src/engine/report.js';
import { runChecks } from '../../src/engine/run.js';
import { memorySnapshot } from '../../src/snapshot/memory.js';

const require = createRequire(import.meta.url);
// CommonJS without an ESM default under NodeNext: take the class the way Node hands it over.
const AjvDraft04 = require('ajv-draft-04') as typeof AjvDraft04Module.default;

function check(id: string, criterion: Criterion, level: Level, findings: AnyCheck['run']): AnyCheck {
  return defineCheck({
    meta: {
      id,
      criterion,
      level,
      title: `Title of ${id}`,
      description: 'For reporter tests.',
      wants: [],
      messages: {
        ok: '{{path}} is fine.',
        bad: '{{path}} is wrong | badly.',
        odd: 'Could not tell about {{path}}.',
      },
      remediation: { bad: 'Fix {{path}}.', odd: 'Grant access to {{path}}.' },
      references: [{ title: 'Guide', url: 'https://example.org/guide' }],
    },
    run: findings,
  });
}

/** A report with every kind of finding a reporter must handle. */
async function sampleReport(configText = ''): Promise<Report> {
  const checks = [
    check('licence-file', 'tcop-3', 'baseline', () => [
      { status: 'pass', messageId: 'ok', data: { path: 'LICENSE' }, location: { path: 'LICENSE' } },
    ]),
    check('office-documents', 'tcop-4', 'standard', () => [
      {
        status: 'fail',
        messageId: 'bad',
        data: { path: 'docs/plan v2.docx' },
        location: { path: 'docs/plan v2.docx' },
      },
      {
        status: 'warn',
        messageId: 'bad',
        data: { path: 'b.xlsx' },
        location: { path: 'b.xlsx', startLine: 0 },
      },
    ]),
    check('security-policy', 'tcop-6', 'baseline', () => [
      { status: 'fail', messageId: 'bad', data: { path: 'SECURITY.md' } },
    ]),
    check('branch-protection', 'tcop-6', 'standard', () => [
      { status: 'unknown', messageId: 'odd', data: { path: 'main' } },
    ]),
  ];
  const config = resolveConfig(
    [
      {
        path: CONFIG_PATH,
        text:
          configText ||
          'level: standard\nexemptions:\n  - check: security-policy\n    reason: Policy published on the department site.\n',
      },
    ],
    { knownChecks: checks.map((c) => c.meta.id) },
  );
  const data = memorySnapshot({
    files: { 'README.md': '# x\n' },
    target: { kind: 'github', owner: 'acme', repo: 'app', ref: 'main' },
    commit: 'a'.repeat(40),
  }).data;
  return (await runChecks(data, config, checks)).report;
}

describe('json reporter', () => {
  it('is the report itself, with its schema version', async () => {
    const report = await sampleReport();
    const parsed = JSON.parse(renderJson(report)) as Report;
    expect(parsed).toEqual(report);
    expect(parsed.schemaVersion).toBe(2);
  });
});

describe('text reporter', () => {
  it('groups by criterion with symbols, locations, exemptions and remediation', async () => {
    const text = renderText(await sampleReport(), { color: false });
    expect(text).not.toContain('\u001b[');
    expect(text).toContain('Level reached: Baseline (required: Standard)');
    expect(text).toMatch(/✗ TCoP 4 · Open standards {2}level: Baseline/);
    expect(text).toMatch(/✗ office-documents +Title of office-documents \(Standard\)/);
    expect(text).toContain(
      '✗ docs/plan v2.docx is wrong | badly.\n        at docs/plan v2.docx\n        → Fix docs/plan v2.docx.',
    );
    expect(text).toContain('exempted (was fail): Policy published on the department site.');
    expect(text).toContain('? branch-protection');
    expect(text).toContain('? TCoP 12 · Sustainable  no checks ran\n');
    expect(text).toContain('Findings: 1 fail, 1 warn, 1 unknown, 1 info, 1 pass');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Required level Standard not reached.');
  });

  it('shows control characters from the repository as U+FFFD, never as escape sequences', async () => {
    const hostile = `evil\u001b]8;;https://attacker.example\u0007link\u001b[2J\r\nnext`;
    const report = await sampleReport();
    const finding = report.findings.find((f) => f.status === 'fail' && f.location);
    if (!finding?.location) throw new Error('sample report has no located failure');
    finding.message = hostile;
    finding.location = { path: hostile, startLine: 3 };
    const text = renderText(report, { color: false });
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('evil\ufffd]8;;https://attacker.example\ufffdlink\ufffd[2J next');
  });

  it('colours only when asked', async () => {
    const text = renderText(await sampleReport(), { color: true });
    expect(text).toContain('\u001b[31m✗\u001b[0m');
    expect(text).toContain('\u001b[32m✓\u001b[0m');
  });
});

describe('markdown reporter', () => {
  it('summarises level, criteria and what to fix', async () => {
    const md = renderMarkdown(await sampleReport());
    expect(md.startsWith('## TCoP audit: Baseline\n\n❌ Required level Standard not reached.')).toBe(true);
    expect(md).toContain('| TCoP 4 · Open standards | ❌ Fails | Baseline | 1 |');
    expect(md).toContain('| Title of office-documents (`office-documents`) | Standard | ❌ Fails |');
    expect(md).toContain(
      '- ❌ **office-documents**: docs/plan v2.docx is wrong | badly. (`docs/plan v2.docx`)\n  Fix: Fix docs/plan v2.docx.',
    );
    expect(md).toContain(
      '- ℹ️ **security-policy**: SECURITY.md is wrong | badly.\n  Exempted: Policy published on the department site.',
    );
    expect(md).not.toContain('LICENSE is fine');
  });

  it('says when advisory mode does not enforce', async () => {
    const md = renderMarkdown(await sampleReport('mode: advisory\nlevel: exemplar\n'));
    expect(md).toContain('⚠️ Required level Exemplar not reached (advisory mode: reported, not enforced).');
  });
});

describe('sarif reporter', () => {
  let validate: (data: unknown) => boolean;
  let errors: () => unknown;

  beforeAll(() => {
    // The SARIF 2.1.0 schema (draft-04) as @microsoft/jest-sarif ships it, from the SARIF SDK.
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
    // unicodeRegExp off: the schema's `language` pattern has a stray `]` that only non-unicode regexps accept.
    const ajv = new AjvDraft04({
      allErrors: true,
      strict: false,
      validateFormats: false,
      unicodeRegExp: false,
    });
    const compiled = ajv.compile(schema);
    validate = (data) => compiled(data);
    errors = () => compiled.errors;
  });

  it('is valid SARIF 2.1.0', async () => {
    const log = JSON.parse(renderSarif(await sampleReport(), { anchor: 'README.md' })) as Log;
    expect(validate(log), JSON.stringify(errors(), null, 1)).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  it('the schema check catches an invalid log', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });

  it('has one rule per check with its criterion as a tag', async () => {
    const log = JSON.parse(renderSarif(await sampleReport())) as Log;
    const rules = log.runs[0]?.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual([
      'licence-file',
      'office-documents',
      'security-policy',
      'branch-protection',
    ]);
    expect(rules[1]).toMatchObject({
      name: 'OfficeDocuments',
      shortDescription: { text: 'Title of office-documents' },
      properties: { tags: ['tcop', 'tcop-4', 'standard'] },
    });
    expect(rules[1]?.helpUri).toMatch(/^https:\/\//);
  });

  it('meets what GitHub code scanning requires of each result: rule, level, message, a located region', async () => {
    const log = JSON.parse(renderSarif(await sampleReport(), { anchor: 'README.md' })) as Log;
    const results = log.runs[0]?.results ?? [];
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ['office-documents', 'error'],
      ['office-documents', 'warning'],
      ['security-policy', 'error'],
      ['branch-protection', 'note'],
    ]);
    for (const result of results) {
      const physical = result.locations?.[0]?.physicalLocation;
      expect(physical?.artifactLocation?.uri).toMatch(/^[^/:][^:]*$/); // relative, no scheme
      expect(physical?.region?.startLine).toBeGreaterThanOrEqual(1);
      expect(result.message.text).not.toBe('');
      expect(Object.values(result.partialFingerprints ?? {})[0]).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(results[0]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe('docs/plan%20v2.docx');
    expect(results[0]?.message.text).toBe('docs/plan v2.docx is wrong | badly. Fix docs/plan v2.docx.');
    // No location: anchored on the README; the exemption is a suppression, not an alert.
    expect(results[2]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe('README.md');
    expect(results[2]?.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'Policy published on the department site.' },
    ]);
  });

  it('keeps partialFingerprints when a line moves, and tells two secrets in one file apart', async () => {
    const secrets = (found: { line: number; masked: string }[]): Promise<Report> => {
      const secretCheck = defineCheck({
        meta: {
          id: 'no-committed-secrets',
          criterion: 'tcop-6',
          level: 'baseline',
          title: 'No secrets',
          description: 'For reporter tests.',
          wants: [],
          messages: { found: 'Key in {{path}} at line {{line}} ({{masked}}).' },
          remediation: {},
          references: [],
        },
        run: () =>
          found.map(({ line, masked }) => ({
            status: 'fail' as const,
            messageId: 'found' as const,
            data: { path: 'src/config.ts', line, masked },
            location: { path: 'src/config.ts', startLine: line },
            evidence: { rule: 'aws', masked, line },
          })),
      }) as AnyCheck;
      const data = memorySnapshot({ files: { 'README.md': '# x\n' }, commit: 'b'.repeat(40) }).data;
      return runChecks(data, resolveConfig([], { knownChecks: ['no-committed-secrets'] }), [
        secretCheck,
      ]).then((r) => r.report);
    };
    const prints = async (found: { line: number; masked: string }[]): Promise<unknown[]> =>
      ((JSON.parse(renderSarif(await secrets(found))) as Log).runs[0]?.results ?? []).map(
        (r) => r.partialFingerprints,
      );
    const before = await prints([{ line: 3, masked: 'AKIA****1' }]);
    const moved = await prints([{ line: 40, masked: 'AKIA****1' }]);
    expect(moved).toEqual(before);
    const two = await prints([
      { line: 40, masked: 'AKIA****1' },
      { line: 41, masked: 'AKIA****2' },
    ]);
    expect(two[0]).toEqual(before[0]);
    expect(two[1]).not.toEqual(before[0]);
  });

  it('keeps fingerprints stable between runs', async () => {
    const a = JSON.parse(renderSarif(await sampleReport())) as Log;
    const b = JSON.parse(renderSarif(await sampleReport())) as Log;
    expect(a.runs[0]?.results?.map((r) => r.partialFingerprints)).toEqual(
      b.runs[0]?.results?.map((r) => r.partialFingerprints),
    );
  });
});

describe('reporters registry', () => {
  it('lists each format once, and each loads the reporter of its own name', async () => {
    expect(new Set(FORMATS).size).toBe(REPORTERS.length);
    for (const entry of REPORTERS) {
      const { reporter } = await entry.load();
      expect(reporter.name).toBe(entry.name);
      expect(await loadReporter(entry.name)).toBe(reporter);
    }
  });

  it('renders through the registry as the render functions do', async () => {
    const report = await sampleReport();
    const context = { color: false, anchor: 'README.md' };
    expect((await loadReporter('text')).render(report, context)).toBe(renderText(report));
    expect((await loadReporter('json')).render(report, context)).toBe(renderJson(report));
    expect((await loadReporter('markdown')).render(report, context)).toBe(renderMarkdown(report));
    expect((await loadReporter('sarif')).render(report, context)).toBe(renderSarif(report));
  });

  it('--help names every format with its summary', () => {
    const listed = HELP.split('\n').map((line) => line.trim().split(/ {2,}/));
    for (const entry of REPORTERS)
      expect(listed).toContainEqual([
        entry.name,
        entry.summary + (entry.name === 'text' ? ' (default)' : ''),
      ]);
  });
});
