import { describe, expect, it } from 'vitest';
import {
  capBlocks,
  renderAuditError,
  renderCheckRuns,
  renderConfigError,
  truncateTitle,
  truncateUtf8,
} from '../../src/app/check-runs.js';
import { ConfigError } from '../../src/engine/config.js';
import type { JudgingConfig } from '../../src/engine/config-changes.js';
import type { CheckResult, Finding, Report } from '../../src/engine/report.js';

/**
 * Whole check runs, as GitHub shows them: each test pins the exact summary, title, conclusion and
 * annotations of one report, so a changed word, row order, link or count is seen.
 */

const check = (over: Partial<CheckResult> & Pick<CheckResult, 'id' | 'status'>): CheckResult => ({
  title: `Title of ${over.id}`,
  criterion: 'tcop-6',
  level: 'baseline',
  severity: 'fail',
  docs: `docs/checks/${over.id}.md`,
  references: [],
  ...over,
});

const finding = (over: Partial<Finding> & Pick<Finding, 'check' | 'status'>): Finding => ({
  criterion: 'tcop-6',
  level: 'baseline',
  messageId: 'id',
  message: `Message of ${over.check}.`,
  ...over,
});

const report = (over: Partial<Report>): Report => ({
  schemaVersion: 2,
  tool: { name: 'tcop-audit', version: '1.2.3' },
  target: { repo: 'acme/service', commit: '0123456789abcdef0123456789abcdef01234567' },
  generatedAt: '2026-11-23T12:00:00Z',
  mode: 'enforce',
  level: null,
  required: { level: 'baseline', met: false },
  conclusion: 'failure',
  criteria: [],
  checks: [],
  findings: [],
  snapshot: { files: 1234, complete: true, skipped: [] },
  ...over,
});

const DOCS = 'https://docs.example/tcop/';
const enforce = {
  level: 'standard' as const,
  mode: 'enforce' as const,
  sources: ['.github/tcop.yml', 'acme/.github:tcop.yml'],
};

describe('a criterion with a check in every status', () => {
  const checks = [
    check({ id: 'pass-b', status: 'pass', level: 'standard' }),
    check({ id: 'pass-a', status: 'pass', level: 'standard' }),
    check({ id: 'info-x', status: 'info', level: 'baseline' }),
    check({ id: 'unknown-x', status: 'unknown', level: 'exemplar' }),
    check({ id: 'warn-x', status: 'warn', level: 'standard', severity: 'warn' }),
    check({
      id: 'fail-std',
      status: 'fail',
      level: 'standard',
      references: [
        { title: 'One', url: 'https://ref.example/1' },
        { title: 'Two', url: 'https://ref.example/2' },
        { title: 'Three', url: 'https://ref.example/3' },
        { title: 'Four', url: 'https://ref.example/4' },
      ],
    }),
    check({ id: 'fail-base', status: 'fail', level: 'baseline' }),
    check({ id: 'other-criterion', status: 'fail', criterion: 'tcop-3' }),
  ];
  const findings = [
    finding({ check: 'pass-a', status: 'pass', location: { path: 'ok.txt', startLine: 1 } }),
    finding({ check: 'unknown-x', status: 'unknown', location: { path: 'big.bin' } }),
    finding({
      check: 'warn-x',
      status: 'warn',
      remediation: 'Fix the warning.',
      location: { path: 'w.yml', startLine: 4, endLine: 6 },
    }),
    finding({ check: 'fail-std', status: 'fail', location: { path: 'src/a.ts', startLine: 10 } }),
    finding({ check: 'fail-base', status: 'fail', remediation: 'Add it.' }),
    finding({
      check: 'info-x',
      status: 'info',
      exemption: { reason: 'accepted', originalStatus: 'fail' },
      location: { path: 'x', startLine: 1 },
    }),
    finding({ check: 'gone', status: 'fail', location: { path: 'org/.github:tcop.yml', startLine: 2 } }),
    finding({ check: 'other-criterion', status: 'fail', criterion: 'tcop-3', location: { path: 'LICENSE' } }),
  ];
  const r = report({
    criteria: [{ id: 'tcop-6', title: 'TCoP 6 · Secure', status: 'fail', level: 'baseline', checks: 7 }],
    checks,
    findings,
  });
  // Rendered inside each test, so that the test is known to cover it.
  const render = () => renderCheckRuns(r, enforce, { docsBaseUrl: DOCS });

  it('the failing criterion: rows by status, level and id, problems by status, links, annotations and the footer', () => {
    expect(render()[2]).toEqual({
      name: 'TCoP 6 · Secure',
      conclusion: 'failure',
      title:
        'Required level (Standard) not met · 2 failing, 1 with warnings, 1 could not tell, 2 passing, 1 informational',
      summary: [
        '## ❌ TCoP 6 · Secure',
        '',
        '| Level reached | Required | Mode | Checks |',
        '|---|---|---|---|',
        '| **Baseline** | Standard | enforce | 2 failing · 1 with warnings · 1 could not tell · 2 passing · 1 informational |',
        '',
        '### Checks',
        '',
        '| | Check | Level | Result |',
        '|:-:|---|---|---|',
        '| ❌ | [Title of fail-base](https://docs.example/tcop/docs/checks/fail-base.md) `fail-base` | Baseline | Fails |',
        '| ❌ | [Title of fail-std](https://docs.example/tcop/docs/checks/fail-std.md) `fail-std` | Standard | Fails |',
        '| ⚠️ | [Title of warn-x](https://docs.example/tcop/docs/checks/warn-x.md) `warn-x` _(set to warn)_ | Standard | Warning |',
        '| ❔ | [Title of unknown-x](https://docs.example/tcop/docs/checks/unknown-x.md) `unknown-x` | Exemplar | Could not tell |',
        '| ℹ️ | [Title of info-x](https://docs.example/tcop/docs/checks/info-x.md) `info-x` | Baseline | Info |',
        '| ✅ | [Title of pass-a](https://docs.example/tcop/docs/checks/pass-a.md) `pass-a` | Standard | Passes |',
        '| ✅ | [Title of pass-b](https://docs.example/tcop/docs/checks/pass-b.md) `pass-b` | Standard | Passes |',
        '',
        '### What to fix',
        '',
        '**❌ Title of fail-std** — `src/a.ts:10`  ',
        'Message of fail-std.',
        '',
        '[About this check](https://docs.example/tcop/docs/checks/fail-std.md) · [One](https://ref.example/1) · [Two](https://ref.example/2) · [Three](https://ref.example/3)',
        '',
        '**❌ Title of fail-base**  ',
        'Message of fail-base.',
        '',
        '> **How to fix:** Add it.',
        '',
        '[About this check](https://docs.example/tcop/docs/checks/fail-base.md)',
        '',
        '**❌ gone** — `org/.github:tcop.yml:2`  ',
        'Message of gone.',
        '',
        '**⚠️ Title of warn-x** — `w.yml:4`  ',
        'Message of warn-x.',
        '',
        '> **How to fix:** Fix the warning.',
        '',
        '[About this check](https://docs.example/tcop/docs/checks/warn-x.md)',
        '',
        '**❔ Title of unknown-x** — `big.bin`  ',
        'Message of unknown-x.',
        '',
        '[About this check](https://docs.example/tcop/docs/checks/unknown-x.md)',
        '',
        '---',
        '1 finding is exempted by configuration (shown as info).  ',
        '<sub>Commit `0123456` · 1,234 files · config: `.github/tcop.yml` + `acme/.github:tcop.yml` · tcop-audit 1.2.3</sub>',
        '',
      ].join('\n'),
      annotations: [
        {
          path: 'big.bin',
          start_line: 1,
          end_line: 1,
          annotation_level: 'notice',
          title: 'Title of unknown-x',
          message: 'Message of unknown-x.',
        },
        {
          path: 'w.yml',
          start_line: 4,
          end_line: 6,
          annotation_level: 'warning',
          title: 'Title of warn-x',
          message: ['Message of warn-x.', '', 'How to fix: Fix the warning.'].join('\n'),
        },
        {
          path: 'src/a.ts',
          start_line: 10,
          end_line: 10,
          annotation_level: 'failure',
          title: 'Title of fail-std',
          message: 'Message of fail-std.',
        },
      ],
    });
  });
  it('a criterion with its one failing check, and one with none enabled', () => {
    expect(render().map((r) => [r.name, r.conclusion, r.title])).toEqual([
      ['TCoP 3 · Open source', 'failure', 'Required level (Standard) not met · 1 failing'],
      ['TCoP 4 · Open standards', 'neutral', 'No checks for this criterion are enabled'],
      [
        'TCoP 6 · Secure',
        'failure',
        'Required level (Standard) not met · 2 failing, 1 with warnings, 1 could not tell, 2 passing, 1 informational',
      ],
      ['TCoP 12 · Sustainable', 'neutral', 'No checks for this criterion are enabled'],
    ]);
    expect(render()[0]).toEqual({
      name: 'TCoP 3 · Open source',
      conclusion: 'failure',
      title: 'Required level (Standard) not met · 1 failing',
      summary: [
        '## ❌ TCoP 3 · Open source',
        '',
        '| Level reached | Required | Mode | Checks |',
        '|---|---|---|---|',
        '| **Not met** | Standard | enforce | 1 failing |',
        '',
        '### Checks',
        '',
        '| | Check | Level | Result |',
        '|:-:|---|---|---|',
        '| ❌ | [Title of other-criterion](https://docs.example/tcop/docs/checks/other-criterion.md) `other-criterion` | Baseline | Fails |',
        '',
        '### What to fix',
        '',
        '**❌ Title of other-criterion** — `LICENSE`  ',
        'Message of other-criterion.',
        '',
        '[About this check](https://docs.example/tcop/docs/checks/other-criterion.md)',
        '',
        '---',
        '<sub>Commit `0123456` · 1,234 files · config: `.github/tcop.yml` + `acme/.github:tcop.yml` · tcop-audit 1.2.3</sub>',
        '',
      ].join('\n'),
      annotations: [
        {
          path: 'LICENSE',
          start_line: 1,
          end_line: 1,
          annotation_level: 'failure',
          title: 'Title of other-criterion',
          message: 'Message of other-criterion.',
        },
      ],
    });
    expect(render()[1]).toEqual({
      name: 'TCoP 4 · Open standards',
      conclusion: 'neutral',
      title: 'No checks for this criterion are enabled',
      summary: [
        '## ⚠️ TCoP 4 · Open standards',
        '',
        '| Level reached | Required | Mode | Checks |',
        '|---|---|---|---|',
        '| **Not met** | Standard | enforce | none |',
        '',
        '### Checks',
        '',
        '| | Check | Level | Result |',
        '|:-:|---|---|---|',
        '',
        '---',
        '<sub>Commit `0123456` · 1,234 files · config: `.github/tcop.yml` + `acme/.github:tcop.yml` · tcop-audit 1.2.3</sub>',
        '',
      ].join('\n'),
      annotations: [],
    });
    expect(render()[3]!.summary).toBe(
      render()[1]!.summary.replace('TCoP 4 · Open standards', 'TCoP 12 · Sustainable'),
    );
  });
});

describe('levels, modes, incomplete data, pull requests and configuration', () => {
  // Rendered inside each test, so that the test is known to cover it.
  const render = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const passing = report({
      criteria: [{ id: 'tcop-6', title: 'x', status: 'pass', level: 'standard', checks: 1 }],
      checks: [check({ id: 'p', status: 'pass', level: 'standard' })],
      target: { repo: 'acme/service' },
      snapshot: { files: 7, complete: false, skipped: [] },
    });
    out.advisoryMet = renderCheckRuns(passing, { level: 'standard', mode: 'advisory', sources: [] })[2];
    out.reason = renderCheckRuns(
      {
        ...passing,
        snapshot: { files: 7, complete: false, incompleteReason: 'GitHub *truncated* the tree', skipped: [] },
      },
      { level: 'exemplar', mode: 'advisory', sources: [] },
    )[2];
    const fails = Array.from({ length: 22 }, (_, i) =>
      finding({
        check: 'c',
        status: 'fail',
        messageId: `m${i}`,
        message: `Problem ${i}.`,
        location: { path: `f${i}` },
      }),
    );
    const head = report({
      checks: [check({ id: 'c', status: 'fail' })],
      findings: [fails[0]!, finding({ check: 'c', status: 'warn', messageId: 'w', message: 'Warned.' })],
    });
    const base = report({
      target: { repo: 'acme/service' },
      findings: [
        finding({
          check: 'c',
          status: 'fail',
          messageId: 'old',
          message: 'Old one.',
          location: { path: 'o', startLine: 3 },
        }),
        finding({
          check: 'c',
          status: 'fail',
          messageId: 'tcop3',
          criterion: 'tcop-3',
          message: 'Elsewhere.',
        }),
      ],
    });
    out.pr = renderCheckRuns(head, { level: 'baseline', mode: 'enforce', sources: [] }, { base })[2]!.summary;
    out.prMany = renderCheckRuns(
      report({ checks: [check({ id: 'c', status: 'fail' })], findings: fails }),
      { level: 'baseline', mode: 'enforce', sources: [] },
      { base: report({ findings: [] }) },
    )[2]!.summary;
    out.prNone = renderCheckRuns(
      head,
      { level: 'baseline', mode: 'enforce', sources: [] },
      { base: head },
    )[2]!.summary;
    out.baseError = renderCheckRuns(
      head,
      { level: 'baseline', mode: 'enforce', sources: [] },
      { baseError: 'GitHub said *no*', base: undefined },
    )[2]!.summary;
    const judging = (j: JudgingConfig): string | undefined =>
      renderCheckRuns(head, { level: 'baseline', mode: 'enforce', sources: [] }, { judging: j })[2]!
        .summary.split('### Configuration')[1]!
        .split('### Checks')[0];
    out.jUnchanged = judging({
      files: [],
      judgedBy: { kind: 'base-commit', commit: 'b'.repeat(40) },
      comparison: { file: '.github/tcop.yml', state: 'unchanged' },
    });
    out.jDefault = judging({
      files: [],
      judgedBy: { kind: 'default-branch', branch: 'main' },
      comparison: {
        file: '.github/tcop.yml',
        state: 'changed',
        changes: [
          { key: 'level', base: 'baseline', head: 'standard' },
          { key: 'checks.x', base: undefined, head: 'off' },
        ],
      },
    });
    out.jOne = judging({
      files: [],
      judgedBy: { kind: 'base-commit', commit: 'b'.repeat(40) },
      comparison: {
        file: '.github/tcop.yml',
        state: 'changed',
        changes: Array.from({ length: 53 }, (_, i) => ({ key: `k${i}`, base: 'a', head: undefined })),
      },
    });
    out.jSingle = judging({
      files: [],
      judgedBy: { kind: 'base-commit', commit: 'b'.repeat(40) },
      comparison: {
        file: '.github/tcop.yml',
        state: 'changed',
        changes: [{ key: 'mode', base: 'enforce', head: 'advisory' }],
      },
    });
    out.jInvalid = judging({
      files: [],
      judgedBy: { kind: 'default-branch', branch: 'main' },
      comparison: { file: '.github/tcop.yml', state: 'invalid', error: 'line 3: *bad*' },
    });
    out.jUnusable = judging({
      files: [
        { path: 'acme/.github:tcop.yml', text: '' },
        { path: 'other.yml', text: '' },
      ],
      judgedBy: { kind: 'base-commit', commit: 'b'.repeat(40) },
      baseUnusable: 'invalid YAML',
      comparison: { file: '.github/tcop.yml', state: 'unchanged' },
    });
    out.jUnusableBare = judging({
      files: [],
      judgedBy: { kind: 'default-branch', branch: 'dev' },
      baseUnusable: 'bad',
      comparison: { file: '.github/tcop.yml', state: 'unchanged' },
    });
    out.configError = renderConfigError(
      new ConfigError('.github/tcop.yml', 4, 'level', 'Invalid option'),
      'https://docs.example/tcop',
    )[0];
    out.configErrorOrg = renderConfigError(
      new ConfigError('acme/.github:tcop.yml', undefined, undefined, 'invalid YAML'),
    )[3];
    out.auditError = renderAuditError('GitHub said *no*', 'AB:12');
    out.auditErrorBare = renderAuditError('boom')[1];

    return out;
  };
  it('the required level reached, in advisory mode, on data that is incomplete for no given reason, from the defaults', () => {
    expect(render()['advisoryMet']).toEqual({
      name: 'TCoP 6 · Secure',
      conclusion: 'success',
      title: 'Standard reached · 1 passing',
      summary: [
        '## ✅ TCoP 6 · Secure',
        '',
        '| Level reached | Required | Mode | Checks |',
        '|---|---|---|---|',
        '| **Standard** | Standard | advisory (failures do not block) | 1 passing |',
        '',
        '> [!WARNING]',
        '> The data was incomplete: not every file could be listed. Results may miss files.',
        '',
        '### Checks',
        '',
        '| | Check | Level | Result |',
        '|:-:|---|---|---|',
        '| ✅ | [Title of p](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/p.md) `p` | Standard | Passes |',
        '',
        '---',
        '<sub>7 files · config: defaults · tcop-audit 1.2.3</sub>',
        '',
      ].join('\n'),
      annotations: [],
    });
  });
  it('advisory mode below the required level is neutral; the reason the data was incomplete is escaped', () => {
    expect(render()['reason']).toEqual({
      name: 'TCoP 6 · Secure',
      conclusion: 'neutral',
      title: 'Required level (Exemplar) not met · 1 passing',
      summary: [
        '## ⚠️ TCoP 6 · Secure',
        '',
        '| Level reached | Required | Mode | Checks |',
        '|---|---|---|---|',
        '| **Standard** | Exemplar | advisory (failures do not block) | 1 passing |',
        '',
        '> [!WARNING]',
        '> The data was incomplete: GitHub \\*truncated\\* the tree. Results may miss files.',
        '',
        '### Checks',
        '',
        '| | Check | Level | Result |',
        '|:-:|---|---|---|',
        '| ✅ | [Title of p](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/p.md) `p` | Standard | Passes |',
        '',
        '---',
        '<sub>7 files · config: defaults · tcop-audit 1.2.3</sub>',
        '',
      ].join('\n'),
      annotations: [],
    });
  });
  it('a pull request: what it introduces and fixes in this criterion only, against a base without a commit id', () => {
    expect(render()['pr']).toEqual(
      [
        '## ❌ TCoP 6 · Secure',
        '',
        '| Level reached | Required | Mode | Checks |',
        '|---|---|---|---|',
        '| **Not met** | Baseline | enforce | 1 failing |',
        '',
        '### This pull request',
        '',
        'Compared with the base commit:',
        '',
        '**Introduces 2 problems**',
        '',
        '- ❌ Problem 0. — `f0`',
        '- ⚠️ Warned.',
        '',
        '**Fixes 1 problem**',
        '',
        '- ✅ Old one. — `o:3`',
        '',
        '### Checks',
        '',
        '| | Check | Level | Result |',
        '|:-:|---|---|---|',
        '| ❌ | [Title of c](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md) `c` | Baseline | Fails |',
        '',
        '### What to fix',
        '',
        '**❌ Title of c** — `f0`  ',
        'Problem 0.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**⚠️ Title of c**  ',
        'Warned.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '---',
        '<sub>Commit `0123456` · 1,234 files · config: defaults · tcop-audit 1.2.3</sub>',
        '',
      ].join('\n'),
    );
  });
  it('at most 20 introduced problems are listed, then how many more', () => {
    expect(render()['prMany']).toEqual(
      [
        '## ❌ TCoP 6 · Secure',
        '',
        '| Level reached | Required | Mode | Checks |',
        '|---|---|---|---|',
        '| **Not met** | Baseline | enforce | 1 failing |',
        '',
        '### This pull request',
        '',
        'Compared with the base commit `0123456`:',
        '',
        '**Introduces 22 problems**',
        '',
        '- ❌ Problem 0. — `f0`',
        '- ❌ Problem 1. — `f1`',
        '- ❌ Problem 2. — `f2`',
        '- ❌ Problem 3. — `f3`',
        '- ❌ Problem 4. — `f4`',
        '- ❌ Problem 5. — `f5`',
        '- ❌ Problem 6. — `f6`',
        '- ❌ Problem 7. — `f7`',
        '- ❌ Problem 8. — `f8`',
        '- ❌ Problem 9. — `f9`',
        '- ❌ Problem 10. — `f10`',
        '- ❌ Problem 11. — `f11`',
        '- ❌ Problem 12. — `f12`',
        '- ❌ Problem 13. — `f13`',
        '- ❌ Problem 14. — `f14`',
        '- ❌ Problem 15. — `f15`',
        '- ❌ Problem 16. — `f16`',
        '- ❌ Problem 17. — `f17`',
        '- ❌ Problem 18. — `f18`',
        '- ❌ Problem 19. — `f19`',
        '- …and 2 more',
        '',
        '### Checks',
        '',
        '| | Check | Level | Result |',
        '|:-:|---|---|---|',
        '| ❌ | [Title of c](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md) `c` | Baseline | Fails |',
        '',
        '### What to fix',
        '',
        '**❌ Title of c** — `f0`  ',
        'Problem 0.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f1`  ',
        'Problem 1.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f2`  ',
        'Problem 2.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f3`  ',
        'Problem 3.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f4`  ',
        'Problem 4.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f5`  ',
        'Problem 5.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f6`  ',
        'Problem 6.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f7`  ',
        'Problem 7.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f8`  ',
        'Problem 8.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f9`  ',
        'Problem 9.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f10`  ',
        'Problem 10.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f11`  ',
        'Problem 11.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f12`  ',
        'Problem 12.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f13`  ',
        'Problem 13.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f14`  ',
        'Problem 14.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f15`  ',
        'Problem 15.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f16`  ',
        'Problem 16.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f17`  ',
        'Problem 17.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f18`  ',
        'Problem 18.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f19`  ',
        'Problem 19.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f20`  ',
        'Problem 20.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**❌ Title of c** — `f21`  ',
        'Problem 21.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '---',
        '<sub>Commit `0123456` · 1,234 files · config: defaults · tcop-audit 1.2.3</sub>',
        '',
      ].join('\n'),
    );
  });
  it('a pull request that changes nothing', () => {
    expect(render()['prNone']).toEqual(
      [
        '## ❌ TCoP 6 · Secure',
        '',
        '| Level reached | Required | Mode | Checks |',
        '|---|---|---|---|',
        '| **Not met** | Baseline | enforce | 1 failing |',
        '',
        '### This pull request',
        '',
        'No change against `0123456`.',
        '',
        '### Checks',
        '',
        '| | Check | Level | Result |',
        '|:-:|---|---|---|',
        '| ❌ | [Title of c](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md) `c` | Baseline | Fails |',
        '',
        '### What to fix',
        '',
        '**❌ Title of c** — `f0`  ',
        'Problem 0.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**⚠️ Title of c**  ',
        'Warned.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '---',
        '<sub>Commit `0123456` · 1,234 files · config: defaults · tcop-audit 1.2.3</sub>',
        '',
      ].join('\n'),
    );
  });
  it('a base that could not be audited says why', () => {
    expect(render()['baseError']).toEqual(
      [
        '## ❌ TCoP 6 · Secure',
        '',
        '| Level reached | Required | Mode | Checks |',
        '|---|---|---|---|',
        '| **Not met** | Baseline | enforce | 1 failing |',
        '',
        '### This pull request',
        '',
        'The base commit could not be audited for comparison: GitHub said \\*no\\*',
        '',
        '### Checks',
        '',
        '| | Check | Level | Result |',
        '|:-:|---|---|---|',
        '| ❌ | [Title of c](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md) `c` | Baseline | Fails |',
        '',
        '### What to fix',
        '',
        '**❌ Title of c** — `f0`  ',
        'Problem 0.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '**⚠️ Title of c**  ',
        'Warned.',
        '',
        '[About this check](https://github.com/tcop-audit/tcop-audit/blob/main/docs/checks/c.md)',
        '',
        '---',
        '<sub>Commit `0123456` · 1,234 files · config: defaults · tcop-audit 1.2.3</sub>',
        '',
      ].join('\n'),
    );
  });
  it('judged by the base commit, its config unchanged', () => {
    expect(render()['jUnchanged']).toEqual(
      [
        '',
        '',
        'Judged by the configuration of the base commit `bbbbbbb`: the `.github/tcop.yml` of this pull request takes effect once it is merged.',
        '',
        '',
      ].join('\n'),
    );
  });
  it('judged by the default branch: the settings a commit changes, unset ones shown as such', () => {
    expect(render()['jDefault']).toEqual(
      [
        '',
        '',
        'Judged by the configuration of the default branch `main`: the `.github/tcop.yml` of this commit takes effect once it is merged.',
        '',
        '> [!IMPORTANT]',
        '> This commit changes 2 settings in `.github/tcop.yml`:',
        '',
        '| Setting | Default branch | This commit |',
        '|---|---|---|',
        '| level | baseline | standard |',
        '| checks.x | _not set_ | off |',
        '',
        '',
      ].join('\n'),
    );
  });
  it('at most 50 changed settings are shown, then how many more', () => {
    expect(render()['jOne']).toEqual(
      [
        '',
        '',
        'Judged by the configuration of the base commit `bbbbbbb`: the `.github/tcop.yml` of this pull request takes effect once it is merged.',
        '',
        '> [!IMPORTANT]',
        '> This pull request changes 53 settings in `.github/tcop.yml`:',
        '',
        '| Setting | Base commit | This pull request |',
        '|---|---|---|',
        '| k0 | a | _not set_ |',
        '| k1 | a | _not set_ |',
        '| k2 | a | _not set_ |',
        '| k3 | a | _not set_ |',
        '| k4 | a | _not set_ |',
        '| k5 | a | _not set_ |',
        '| k6 | a | _not set_ |',
        '| k7 | a | _not set_ |',
        '| k8 | a | _not set_ |',
        '| k9 | a | _not set_ |',
        '| k10 | a | _not set_ |',
        '| k11 | a | _not set_ |',
        '| k12 | a | _not set_ |',
        '| k13 | a | _not set_ |',
        '| k14 | a | _not set_ |',
        '| k15 | a | _not set_ |',
        '| k16 | a | _not set_ |',
        '| k17 | a | _not set_ |',
        '| k18 | a | _not set_ |',
        '| k19 | a | _not set_ |',
        '| k20 | a | _not set_ |',
        '| k21 | a | _not set_ |',
        '| k22 | a | _not set_ |',
        '| k23 | a | _not set_ |',
        '| k24 | a | _not set_ |',
        '| k25 | a | _not set_ |',
        '| k26 | a | _not set_ |',
        '| k27 | a | _not set_ |',
        '| k28 | a | _not set_ |',
        '| k29 | a | _not set_ |',
        '| k30 | a | _not set_ |',
        '| k31 | a | _not set_ |',
        '| k32 | a | _not set_ |',
        '| k33 | a | _not set_ |',
        '| k34 | a | _not set_ |',
        '| k35 | a | _not set_ |',
        '| k36 | a | _not set_ |',
        '| k37 | a | _not set_ |',
        '| k38 | a | _not set_ |',
        '| k39 | a | _not set_ |',
        '| k40 | a | _not set_ |',
        '| k41 | a | _not set_ |',
        '| k42 | a | _not set_ |',
        '| k43 | a | _not set_ |',
        '| k44 | a | _not set_ |',
        '| k45 | a | _not set_ |',
        '| k46 | a | _not set_ |',
        '| k47 | a | _not set_ |',
        '| k48 | a | _not set_ |',
        '| k49 | a | _not set_ |',
        '',
        '…and 3 more.',
        '',
        '',
      ].join('\n'),
    );
  });
  it('one changed setting', () => {
    expect(render()['jSingle']).toEqual(
      [
        '',
        '',
        'Judged by the configuration of the base commit `bbbbbbb`: the `.github/tcop.yml` of this pull request takes effect once it is merged.',
        '',
        '> [!IMPORTANT]',
        '> This pull request changes 1 setting in `.github/tcop.yml`:',
        '',
        '| Setting | Base commit | This pull request |',
        '|---|---|---|',
        '| mode | enforce | advisory |',
        '',
        '',
      ].join('\n'),
    );
  });
  it('a commit that makes its config unusable is warned', () => {
    expect(render()['jInvalid']).toEqual(
      [
        '',
        '',
        'Judged by the configuration of the default branch `main`: the `.github/tcop.yml` of this commit takes effect once it is merged.',
        '',
        '> [!WARNING]',
        '> This commit changes `.github/tcop.yml` to a file that cannot be used: line 3: \\*bad\\*. Once merged, no checks run until it is fixed.',
        '',
        '',
      ].join('\n'),
    );
  });
  it('an unusable base config: the defaults and the other files judge, never the pull request’s own', () => {
    expect(render()['jUnusable']).toEqual(
      [
        '',
        '',
        'The configuration of the base commit `bbbbbbb` cannot be used (invalid YAML), so this pull request is judged by the defaults and `acme/.github:tcop.yml`, `other.yml`, never by its own `.github/tcop.yml`.',
        '',
        '',
      ].join('\n'),
    );
  });
  it('an unusable default-branch config and no other file: the defaults judge', () => {
    expect(render()['jUnusableBare']).toEqual(
      [
        '',
        '',
        'The configuration of the default branch `dev` cannot be used (bad), so this commit is judged by the defaults, never by its own `.github/tcop.yml`.',
        '',
        '',
      ].join('\n'),
    );
  });
  it('an invalid repository config asks for action and annotates its line', () => {
    expect(render()['configError']).toEqual({
      name: 'TCoP 3 · Open source',
      conclusion: 'action_required',
      title: 'Invalid configuration: .github/tcop.yml line 4',
      summary: [
        '## ⚠️ The configuration file cannot be used',
        '',
        '`.github/tcop.yml:4` — field `level`: Invalid option',
        '',
        'No checks ran: an invalid configuration is never replaced by silent defaults. Fix the file and push, or press **Re-run**.',
        '',
        '[How to configure tcop-audit](https://docs.example/tcop/docs/configuration.md)',
      ].join('\n'),
      annotations: [
        {
          path: '.github/tcop.yml',
          start_line: 4,
          end_line: 4,
          annotation_level: 'failure',
          title: 'Invalid tcop-audit configuration',
          message: '.github/tcop.yml:4: level: Invalid option',
        },
      ],
    });
  });
  it('an invalid org config asks for action with no annotation and no line', () => {
    expect(render()['configErrorOrg']).toEqual({
      name: 'TCoP 12 · Sustainable',
      conclusion: 'action_required',
      title: 'Invalid configuration: acme/.github:tcop.yml',
      summary: [
        '## ⚠️ The configuration file cannot be used',
        '',
        '`acme/.github:tcop.yml`: invalid YAML',
        '',
        'No checks ran: an invalid configuration is never replaced by silent defaults. Fix the file and push, or press **Re-run**.',
        '',
        '[How to configure tcop-audit](https://github.com/tcop-audit/tcop-audit/blob/main/docs/configuration.md)',
      ].join('\n'),
      annotations: [],
    });
  });
  it('an audit error fails every run, with GitHub’s request id', () => {
    expect(render()['auditError']).toEqual([
      {
        name: 'TCoP 3 · Open source',
        conclusion: 'failure',
        title: 'Audit error',
        summary: [
          '## ❌ The audit could not complete',
          '',
          'GitHub said \\*no\\*',
          '',
          'GitHub request id: `AB:12`',
          '',
          'Nothing was judged. Press **Re-run** to try again; the scheduled re-audit will also retry.',
        ].join('\n'),
        annotations: [],
      },
      {
        name: 'TCoP 4 · Open standards',
        conclusion: 'failure',
        title: 'Audit error',
        summary: [
          '## ❌ The audit could not complete',
          '',
          'GitHub said \\*no\\*',
          '',
          'GitHub request id: `AB:12`',
          '',
          'Nothing was judged. Press **Re-run** to try again; the scheduled re-audit will also retry.',
        ].join('\n'),
        annotations: [],
      },
      {
        name: 'TCoP 6 · Secure',
        conclusion: 'failure',
        title: 'Audit error',
        summary: [
          '## ❌ The audit could not complete',
          '',
          'GitHub said \\*no\\*',
          '',
          'GitHub request id: `AB:12`',
          '',
          'Nothing was judged. Press **Re-run** to try again; the scheduled re-audit will also retry.',
        ].join('\n'),
        annotations: [],
      },
      {
        name: 'TCoP 12 · Sustainable',
        conclusion: 'failure',
        title: 'Audit error',
        summary: [
          '## ❌ The audit could not complete',
          '',
          'GitHub said \\*no\\*',
          '',
          'GitHub request id: `AB:12`',
          '',
          'Nothing was judged. Press **Re-run** to try again; the scheduled re-audit will also retry.',
        ].join('\n'),
        annotations: [],
      },
    ]);
  });
  it('an audit error without a request id', () => {
    expect(render()['auditErrorBare']).toEqual({
      name: 'TCoP 4 · Open standards',
      conclusion: 'failure',
      title: 'Audit error',
      summary: [
        '## ❌ The audit could not complete',
        '',
        'boom',
        '',
        'Nothing was judged. Press **Re-run** to try again; the scheduled re-audit will also retry.',
      ].join('\n'),
      annotations: [],
    });
  });
});

describe('limits', () => {
  it('a title of 255 code points is kept; one longer is cut to 254 and an ellipsis, never inside an emoji', () => {
    const exact = '😀'.repeat(255);
    expect(truncateTitle(exact)).toBe(exact);
    expect(truncateTitle('😀'.repeat(256))).toBe(`${'😀'.repeat(254)}…`);
    expect(truncateTitle('short')).toBe('short');
  });

  it('text of exactly the limit in bytes is kept; one byte over is cut at the last line end', () => {
    expect(truncateUtf8('ab\ncd', 5)).toBe('ab\ncd');
    expect(truncateUtf8('ab\ncd', 4)).toBe('ab\n');
    // No line end to cut at: as many whole characters as fit.
    expect(truncateUtf8('€€€', 8)).toBe('€€');
    expect(truncateUtf8('\n€€', 6)).toBe('\n€');
  });

  it('blocks are added while they fit beside 300 bytes kept for the tail, then one line says how many were not', () => {
    const block = 'x'.repeat(99) + '\n';
    // Head and tail 10 bytes each, 310 kept back: three blocks of 100 fill the 620 bytes exactly.
    const out = capBlocks(
      'h'.repeat(9) + '\n',
      [block, block, block, block],
      't'.repeat(9) + '\n',
      'block',
      620,
    );
    expect(out).toBe(
      `${'h'.repeat(9)}\n${block.repeat(3)}\n_…and 1 more block not shown here (GitHub caps this text at 620 bytes); \`tcop-audit\` on the command line lists them all._\n${'t'.repeat(9)}\n`,
    );
    const two = capBlocks('', [block, block, block], '', 'block', 500);
    expect(two).toContain('…and 1 more block not');
    expect(capBlocks('', [block, block, block, block], '', 'check', 500)).toContain(
      '…and 2 more checks not shown here',
    );
  });
});
