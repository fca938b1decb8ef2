import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { annotation, renderGithub } from '../../src/cli/reporters/github.js';
import { renderGitlab, type CodeQualityIssue } from '../../src/cli/reporters/gitlab.js';
import { renderJunit } from '../../src/cli/reporters/junit.js';
import {
  defineCheck,
  type AnyCheck,
  type CheckFinding,
  type Criterion,
  type Level,
} from '../../src/engine/check.js';
import { CONFIG_PATH, resolveConfig } from '../../src/engine/config.js';
import type { Report } from '../../src/engine/report.js';
import { runChecks } from '../../src/engine/run.js';
import { memorySnapshot } from '../../src/snapshot/memory.js';

function check(
  id: string,
  criterion: Criterion,
  level: Level,
  findings: CheckFinding<'ok' | 'bad' | 'odd'>[],
): AnyCheck {
  return defineCheck({
    meta: {
      id,
      criterion,
      level,
      title: `Title of ${id}`,
      description: 'For CI format tests.',
      wants: [],
      messages: { ok: '{{path}} is fine.', bad: '{{path}} is wrong.', odd: 'Could not tell about {{path}}.' },
      remediation: { bad: 'Fix {{path}}.', odd: 'Grant access to {{path}}.' },
      references: [],
    },
    run: () => findings,
  });
}

/** Every kind of finding a CI format must handle: pass, located and unlocated failures, warning, unknown, exempted. */
async function report(path = 'docs/plan v2.docx', message = 'docs'): Promise<Report> {
  const checks = [
    check('licence-file', 'tcop-3', 'baseline', [
      { status: 'pass', messageId: 'ok', data: { path: 'LICENSE' }, location: { path: 'LICENSE' } },
    ]),
    check('office-documents', 'tcop-4', 'standard', [
      {
        status: 'fail',
        messageId: 'bad',
        data: { path: message },
        location: { path, startLine: 3, endLine: 4 },
      },
      { status: 'warn', messageId: 'bad', data: { path: 'b.xlsx' }, location: { path: 'b.xlsx' } },
    ]),
    check('security-policy', 'tcop-6', 'baseline', [
      { status: 'fail', messageId: 'bad', data: { path: 'SECURITY.md' } },
    ]),
    check('branch-protection', 'tcop-6', 'standard', [
      { status: 'unknown', messageId: 'odd', data: { path: 'main' } },
    ]),
    check('readme', 'tcop-3', 'baseline', [
      { status: 'fail', messageId: 'bad', data: { path: 'README.md' } },
    ]),
  ];
  const config = resolveConfig(
    [
      {
        path: CONFIG_PATH,
        text: 'level: standard\nexemptions:\n  - check: security-policy\n    reason: Policy published on the department site.\n',
      },
    ],
    { knownChecks: checks.map((c) => c.meta.id) },
  );
  const data = memorySnapshot({
    files: { 'README.md': '# x\n' },
    target: { kind: 'local', path: '/repo' },
  }).data;
  return (await runChecks(data, config, checks)).report;
}

describe('--format github', () => {
  it('annotates failures as errors, warnings as warnings and unknowns as notices, with file and lines', async () => {
    const lines = renderGithub(await report())
      .trimEnd()
      .split('\n');
    expect(lines).toEqual([
      '::error file=docs/plan v2.docx,line=3,endLine=4,title=tcop-audit office-documents (Standard)::docs is wrong.%0A→ Fix docs.',
      '::warning file=b.xlsx,title=tcop-audit office-documents (Standard)::b.xlsx is wrong.%0A→ Fix b.xlsx.',
      '::notice title=tcop-audit branch-protection (Standard)::Could not tell about main.%0A→ Grant access to main.',
      '::error title=tcop-audit readme (Baseline)::README.md is wrong.%0A→ Fix README.md.',
      'tcop-audit: level reached Not met. Required level Standard not reached.',
    ]);
  });

  it('repository text cannot end an annotation and issue a workflow command of its own', async () => {
    const hostile = 'x\n::add-mask::secret\r\n::set-env name=A::1 100%';
    const lines = renderGithub(await report('a,b:c\n::warning::x.md', hostile)).split('\n');
    expect(lines.filter((l) => l.startsWith('::')).map((l) => l.slice(0, l.indexOf(' ')))).toEqual([
      '::error',
      '::warning',
      '::notice',
      '::error',
    ]);
    expect(lines[0]).toBe(
      '::error file=a%2Cb%3Ac%0A%3A%3Awarning%3A%3Ax.md,line=3,endLine=4,title=tcop-audit office-documents (Standard)::x%0A::add-mask::secret%0D%0A::set-env name=A::1 100%25 is wrong.%0A→ Fix x%0A::add-mask::secret%0D%0A::set-env name=A::1 100%25.',
    );
  });

  it('leaves passes, info and exempted findings out', async () => {
    const r = await report();
    const annotated = r.findings.filter((f) => annotation(f) !== undefined).map((f) => f.check);
    expect(annotated).toEqual(['office-documents', 'office-documents', 'branch-protection', 'readme']);
    expect(r.findings.some((f) => f.check === 'security-policy' && f.exemption)).toBe(true);
  });
});

describe('--format junit', () => {
  const parse = (xml: string): Record<string, unknown> =>
    new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (n) => n === 'testsuite' || n === 'testcase',
    }).parse(xml) as Record<string, unknown>;

  it('is a test suite per criterion and a test case per check: failures fail, unknowns are skipped', async () => {
    const xml = renderJunit(await report());
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parse(xml) as {
      testsuites: {
        tests: string;
        failures: string;
        skipped: string;
        testsuite: { name: string; tests: string; testcase?: Record<string, unknown>[] }[];
      };
    };
    expect([doc.testsuites.tests, doc.testsuites.failures, doc.testsuites.skipped]).toEqual(['5', '2', '1']);
    expect(doc.testsuites.testsuite.map((s) => [s.name, s.tests])).toEqual([
      ['TCoP 3 · Open source', '2'],
      ['TCoP 4 · Open standards', '1'],
      ['TCoP 6 · Secure', '2'],
      ['TCoP 12 · Sustainable', '0'],
    ]);
    const cases = doc.testsuites.testsuite.flatMap((s) => s.testcase ?? []);
    const byName = new Map(cases.map((c) => [String(c.name).split(':')[0], c]));
    expect(byName.get('office-documents')).toMatchObject({
      classname: 'tcop-audit.tcop-4',
      file: 'docs/plan v2.docx',
      failure: { message: 'docs is wrong.', type: 'fail' },
    });
    expect(byName.get('branch-protection')).toMatchObject({
      skipped: { message: 'Could not tell about main.' },
    });
    expect(byName.get('security-policy')).not.toHaveProperty('failure');
    expect(String((byName.get('security-policy') as { 'system-out': string })['system-out'])).toContain(
      'exempted (was fail): Policy published on the department site.',
    );
    expect(byName.get('licence-file')).not.toHaveProperty('failure');
  });

  it('stays well-formed XML whatever the repository names its files', async () => {
    const xml = renderJunit(await report('a\u0000b<c>&"\'.md', ']]></failure><x>\u001b\ud800'));
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('<x>');
    expect(xml).toContain('file="a\ufffdb&lt;c&gt;&amp;&quot;&apos;.md"');
  });
});

describe('--format gitlab', () => {
  it('is one Code Quality issue per failure, warning and unknown, each on a file and line', async () => {
    const issues = JSON.parse(renderGitlab(await report(), 'README.md')) as CodeQualityIssue[];
    expect(
      issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin, i.description]),
    ).toEqual([
      ['office-documents', 'major', 'docs/plan v2.docx', 3, 'docs is wrong. Fix docs.'],
      ['office-documents', 'minor', 'b.xlsx', 1, 'b.xlsx is wrong. Fix b.xlsx.'],
      ['branch-protection', 'info', 'README.md', 1, 'Could not tell about main. Grant access to main.'],
      ['readme', 'major', 'README.md', 1, 'README.md is wrong. Fix README.md.'],
    ]);
    for (const i of issues) expect(i.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps fingerprints when a line moves, and tells two alike in one file apart', async () => {
    const r = await report();
    const moved = structuredClone(r);
    const located = moved.findings.find((f) => f.location?.startLine);
    if (!located?.location) throw new Error('no located finding');
    located.location.startLine = 40;
    const prints = (x: Report): string[] =>
      (JSON.parse(renderGitlab(x)) as CodeQualityIssue[]).map((i) => i.fingerprint);
    expect(prints(moved)).toEqual(prints(r));
    const twice = structuredClone(r);
    twice.findings.push(structuredClone(located));
    expect(new Set(prints(twice)).size).toBe(prints(twice).length);
  });
});
