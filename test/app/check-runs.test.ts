import { describe, expect, it, vi } from 'vitest';
import { CheckRunWriter } from '../../src/app/check-run-writer.js';
import {
  ANNOTATIONS_PER_REQUEST,
  MAX_ANNOTATIONS,
  OUTPUT_LIMIT,
  capBlocks,
  compareFindings,
  renderAuditError,
  renderCheckRuns,
  renderConfigError,
  truncateUtf8,
} from '../../src/app/check-runs.js';
import { ConfigError } from '../../src/engine/config.js';
import type { Finding, Report } from '../../src/engine/report.js';
import type { GitHubClient } from '../../src/snapshot/github/index.js';

const finding = (over: Partial<Finding> = {}): Finding => ({
  check: 'security-policy',
  criterion: 'tcop-6',
  level: 'baseline',
  status: 'fail',
  messageId: 'missing',
  message: 'No SECURITY.md in the root, .github/ or docs/.',
  remediation: 'Add a SECURITY.md that names a contact.',
  ...over,
});

const report = (findings: Finding[], over: Partial<Report> = {}): Report => ({
  schemaVersion: 2,
  tool: { name: 'tcop-audit', version: '0.1.0' },
  target: { repo: 'acme/service', commit: 'a'.repeat(40) },
  generatedAt: '2026-11-23T12:00:00Z',
  mode: 'enforce',
  level: null,
  required: { level: 'baseline', met: findings.length === 0 },
  conclusion: findings.length ? 'failure' : 'success',
  criteria: [
    { id: 'tcop-3', title: 'TCoP 3 · Open source', status: 'pass', level: 'exemplar', checks: 1 },
    { id: 'tcop-4', title: 'TCoP 4 · Open standards', status: 'pass', level: 'exemplar', checks: 0 },
    {
      id: 'tcop-6',
      title: 'TCoP 6 · Secure',
      status: findings.length ? 'fail' : 'pass',
      level: findings.length ? null : 'exemplar',
      checks: 1,
    },
    { id: 'tcop-12', title: 'TCoP 12 · Sustainable', status: 'pass', level: 'exemplar', checks: 0 },
  ],
  checks: [
    {
      id: 'security-policy',
      title: 'Repository has a security policy',
      criterion: 'tcop-6',
      level: 'baseline',
      status: findings.length ? 'fail' : 'pass',
      severity: 'fail',
      docs: 'docs/checks/security-policy.md',
      references: [{ title: 'RFC 9116', url: 'https://www.rfc-editor.org/rfc/rfc9116' }],
    },
    {
      id: 'licence-file',
      title: 'Repository has an open source licence file',
      criterion: 'tcop-3',
      level: 'baseline',
      status: 'pass',
      severity: 'fail',
      docs: 'docs/checks/licence-file.md',
      references: [],
    },
  ],
  findings,
  snapshot: { files: 12, complete: true, skipped: [] },
  ...over,
});
const CONFIG = { level: 'baseline' as const, mode: 'enforce' as const, sources: ['.github/tcop.yml'] };

describe('renderCheckRuns', () => {
  it('renders one run per criterion with the level, a table and what to fix', () => {
    const runs = renderCheckRuns(
      report([finding({ location: { path: 'SECURITY.md', startLine: 3 } })]),
      CONFIG,
      { docsBaseUrl: 'https://docs.example/' },
    );
    expect(runs.map((r) => [r.name, r.conclusion])).toEqual([
      ['TCoP 3 · Open source', 'success'],
      ['TCoP 4 · Open standards', 'neutral'],
      ['TCoP 6 · Secure', 'failure'],
      ['TCoP 12 · Sustainable', 'neutral'],
    ]);
    const secure = runs[2];
    expect(secure?.title).toBe('Required level (Baseline) not met · 1 failing');
    expect(secure?.summary).toContain(
      '| ❌ | [Repository has a security policy](https://docs.example/docs/checks/security-policy.md) `security-policy` | Baseline | Fails |',
    );
    expect(secure?.summary).toContain('> **How to fix:** Add a SECURITY.md that names a contact.');
    expect(secure?.annotations).toEqual([
      {
        path: 'SECURITY.md',
        start_line: 3,
        end_line: 3,
        annotation_level: 'failure',
        title: 'Repository has a security policy',
        message:
          'No SECURITY.md in the root, .github/ or docs/.\n\nHow to fix: Add a SECURITY.md that names a contact.',
      },
    ]);
  });

  it('is neutral, not failure, in advisory mode', () => {
    const runs = renderCheckRuns(report([finding()]), { ...CONFIG, mode: 'advisory' });
    expect(runs[2]?.conclusion).toBe('neutral');
  });

  it('says when the data was incomplete', () => {
    const runs = renderCheckRuns(
      report([], {
        snapshot: {
          files: 1,
          complete: false,
          incompleteReason: 'GitHub truncated the file list',
          skipped: [],
        },
      }),
      CONFIG,
    );
    expect(runs[0]?.summary).toContain('The data was incomplete: GitHub truncated the file list');
  });

  it('stays within 65,535 characters and says how many findings it left out', () => {
    const many = Array.from({ length: 2000 }, (_, i) =>
      finding({
        message: `Finding number ${i} with a long explanation ${'x'.repeat(80)}`,
        location: { path: `src/f${i}.ts`, startLine: i + 1 },
      }),
    );
    const secure = renderCheckRuns(report(many), CONFIG)[2];
    expect(secure?.summary.length).toBeLessThanOrEqual(OUTPUT_LIMIT);
    expect(secure?.summary).toMatch(/…and \d+ more findings not shown here/);
    expect(secure?.summary).toContain('<sub>Commit');
    expect(secure?.annotations).toHaveLength(MAX_ANNOTATIONS);
    expect(secure?.summary).toContain(`${2000 - MAX_ANNOTATIONS} more annotations not attached`);
  });

  it('caps summaries by UTF-8 bytes, as GitHub does, never cutting a surrogate pair or a table row', () => {
    // Three bytes per € and four per emoji: a character cap lets this through at twice the limit.
    const wide = Array.from({ length: 3000 }, (_, i) =>
      finding({
        check: `check-${i}`,
        message: `Finding ${i} €€€€€€€€€€ 🇬🇧🇬🇧🇬🇧`,
        location: { path: `src/€${i}.ts`, startLine: 1 },
      }),
    );
    const checks = wide.map((f) => ({
      id: f.check,
      title: `Check ${f.check} — résumé 😀😀`,
      criterion: 'tcop-6' as const,
      level: 'baseline' as const,
      status: 'fail' as const,
      severity: 'fail' as const,
      docs: 'docs/checks/x.md',
      references: [],
    }));
    const secure = renderCheckRuns(report(wide, { checks }), CONFIG)[2] as { summary: string };
    expect(Buffer.byteLength(secure.summary, 'utf8')).toBeLessThanOrEqual(OUTPUT_LIMIT);
    expect(secure.summary).not.toMatch(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
    );
    for (const line of secure.summary.split('\n').filter((l) => l.startsWith('|')))
      expect(line.endsWith('|')).toBe(true);
    expect(secure.summary).toMatch(
      /…and \d+ more checks not shown here \(GitHub caps this text at 65,535 bytes\)/,
    );
  });

  it('caps the audit-error summary by bytes too', () => {
    const [run] = renderAuditError(`GitHub said: ${'😀'.repeat(40_000)}`, 'ABCD:1234');
    expect(Buffer.byteLength(run?.summary ?? '', 'utf8')).toBeLessThanOrEqual(OUTPUT_LIMIT);
    expect(run?.summary).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(run?.summary).toContain('GitHub request id: `ABCD:1234`');
  });

  it('truncateUtf8 cuts at a line end and on a character boundary', () => {
    expect(truncateUtf8('| a | b |\n| c | d |\n', 15)).toBe('| a | b |\n');
    expect(truncateUtf8('😀😀😀', 9)).toBe('😀😀');
    expect(truncateUtf8('short', 100)).toBe('short');
  });

  it('leads a pull request summary with what it introduces and fixes', () => {
    const base = report([
      finding({ check: 'security-policy', messageId: 'noContact', message: 'SECURITY.md names no contact.' }),
    ]);
    const head = report([finding()]);
    const secure = renderCheckRuns(head, CONFIG, { base })[2];
    expect(secure?.summary).toMatch(
      /\*\*Introduces 1 problem\*\*\n\n- ❌ No SECURITY\.md[\s\S]*\*\*Fixes 1 problem\*\*\n\n- ✅ SECURITY\.md names no contact\./,
    );
  });
});

describe('compareFindings keys findings without the line', () => {
  const secret = (line: number, masked: string, status: Finding['status'] = 'fail'): Finding =>
    finding({
      check: 'no-committed-secrets',
      status,
      messageId: 'secretFound',
      message: `AWS key in src/config.ts at line ${line} (${masked}).`,
      location: { path: 'src/config.ts', startLine: line },
      evidence: { rule: 'aws', kind: 'AWS key', masked, line },
    });

  it('a second secret in a file that already failed is introduced', () => {
    const changes = compareFindings(
      [secret(12, 'AKIA****1'), secret(30, 'AKIA****2')],
      [secret(10, 'AKIA****1')],
    );
    expect(changes.introduced.map((f) => f.evidence?.masked)).toEqual(['AKIA****2']);
    expect(changes.fixed).toEqual([]);
  });

  it('the same secret pasted twice is introduced once more', () => {
    const changes = compareFindings(
      [secret(12, 'AKIA****1'), secret(30, 'AKIA****1')],
      [secret(10, 'AKIA****1')],
    );
    expect(changes.introduced).toHaveLength(1);
  });

  it('a new warning beside an old failure is introduced', () => {
    const changes = compareFindings(
      [secret(12, 'AKIA****1'), secret(12, 'AKIA****1', 'warn')],
      [secret(10, 'AKIA****1')],
    );
    expect(changes.introduced.map((f) => f.status)).toEqual(['warn']);
  });

  it('a moved line is no change', () => {
    expect(compareFindings([secret(50, 'AKIA****1')], [secret(10, 'AKIA****1')])).toEqual({
      introduced: [],
      fixed: [],
    });
  });
});

describe('compareFindings', () => {
  it('matches findings by check, message and file, not line', () => {
    const a = finding({ location: { path: 'x', startLine: 1 } });
    const moved = finding({ location: { path: 'x', startLine: 9 } });
    expect(compareFindings([moved], [a])).toEqual({ introduced: [], fixed: [] });
  });
});

describe('capBlocks', () => {
  it('adds blocks while they fit', () => {
    expect(capBlocks('H\n', ['a\n', 'b\n'], 'T\n', 'item', 1000)).toBe('H\na\nb\nT\n');
    expect(capBlocks('H\n', ['a'.repeat(900), 'b'], 'T\n', 'item', 1000)).toContain('…and 2 more items');
  });
});

describe('renderConfigError', () => {
  it('asks for action on every run and annotates the line', () => {
    const runs = renderConfigError(new ConfigError('.github/tcop.yml', 4, 'level', 'Invalid option'));
    expect(runs.every((r) => r.conclusion === 'action_required')).toBe(true);
    expect(runs[0]?.annotations[0]).toMatchObject({ path: '.github/tcop.yml', start_line: 4 });
    expect(runs[0]?.summary).toContain('`.github/tcop.yml:4` — field `level`: Invalid option');
  });

  it('links the configuration page under a docs base given without its trailing slash', () => {
    const error = new ConfigError('.github/tcop.yml', 4, 'level', 'Invalid option');
    const [run] = renderConfigError(error, 'https://docs.example.org/tcop/blob/main');
    expect(run?.summary).toContain('(https://docs.example.org/tcop/blob/main/docs/configuration.md)');
  });
});

describe('CheckRunWriter', () => {
  it('sends annotations 50 per request', async () => {
    const request = vi.fn(async (route: string) => ({
      data: route.startsWith('POST') ? { id: 7 } : {},
      status: 200,
    }));
    const client: GitHubClient = { request, graphql: async () => ({}) };
    const writer = new CheckRunWriter(
      client,
      { owner: 'acme', repo: 'service', headSha: 'a'.repeat(40), externalId: 'id' },
      new Map(),
    );
    const annotations = Array.from({ length: 120 }, (_, i) => ({
      path: 'a',
      start_line: i + 1,
      end_line: i + 1,
      annotation_level: 'warning' as const,
      title: 't',
      message: 'm',
    }));
    await writer.complete([
      { name: 'TCoP 6 · Secure', conclusion: 'failure', title: 't', summary: 's', annotations },
    ]);
    const patches = request.mock.calls.filter(([route]) => route.startsWith('PATCH')) as unknown as [
      string,
      { output: { annotations: unknown[] } },
    ][];
    expect(patches.map(([, p]) => p.output.annotations.length)).toEqual([
      ANNOTATIONS_PER_REQUEST,
      ANNOTATIONS_PER_REQUEST,
      20,
    ]);
    expect(writer.writes).toBe(4);
  });
});
