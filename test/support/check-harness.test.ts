import { describe, expect, it } from 'vitest';
import { defineCheck, type CheckFinding } from '../../src/engine/check.js';
import { expectFindings, expectNoProblems, runCheck } from './check-harness.js';

const pass: CheckFinding = { status: 'pass', messageId: 'found', location: { path: 'README.md' } };
const fail: CheckFinding = {
  status: 'fail',
  messageId: 'missing',
  data: { path: 'LICENSE', words: 2 },
  location: { path: 'LICENSE', startLine: 3, startColumn: 5 },
  evidence: { spdx: 'MIT', confidence: 97 },
};

describe('expectFindings', () => {
  it('accepts exactly the expected findings, in any order, and returns them in the order expected', () => {
    const [f, p] = expectFindings(
      [pass, fail],
      [
        { status: 'fail', messageId: 'missing', path: 'LICENSE', startLine: 3 },
        { status: 'pass', messageId: 'found' },
      ],
    );

    expect(f).toBe(fail);
    expect(p).toBe(pass);
  });

  it('catches a failing finding beside an expected pass', () => {
    expect(() => expectFindings([pass, fail], [{ status: 'pass', messageId: 'found' }])).toThrow(
      /unexpected: fail missing LICENSE:3/,
    );
  });

  it('catches a missing finding, and one expected twice but there once', () => {
    expect(() => expectFindings([pass], [{ status: 'fail', messageId: 'missing' }])).toThrow(
      /missing: +fail missing/,
    );
    expect(() =>
      expectFindings(
        [pass],
        [
          { status: 'pass', messageId: 'found' },
          { status: 'pass', messageId: 'found' },
        ],
      ),
    ).toThrow(/missing: +pass found/);
  });

  it('accepts no findings when none are expected, and nothing else', () => {
    expect(expectFindings([], [])).toEqual([]);
    expect(() => expectFindings([pass], [])).toThrow(/unexpected/);
  });

  it('compares status, message id, path, lines and column exactly', () => {
    const miss = (e: Partial<Parameters<typeof expectFindings>[1][number]>) => () =>
      expectFindings([fail], [{ status: 'fail', messageId: 'missing', ...e }]);

    expect(miss({ status: 'warn' })).toThrow();
    expect(miss({ messageId: 'other' })).toThrow();
    expect(miss({ path: 'LICENCE' })).toThrow();
    expect(miss({ path: null })).toThrow();
    expect(miss({ startLine: 4 })).toThrow();
    expect(miss({ endLine: 3 })).toThrow();
    expect(miss({ startColumn: 6 })).toThrow();
    expect(miss({ path: 'LICENSE', startLine: 3, startColumn: 5 })).not.toThrow();
    expect(() =>
      expectFindings([{ status: 'pass', messageId: 'x' }], [{ status: 'pass', messageId: 'x', path: null }]),
    ).not.toThrow();
  });

  it('matches data and evidence as a subset, with asymmetric matchers', () => {
    const one = (e: Partial<Parameters<typeof expectFindings>[1][number]>) => () =>
      expectFindings([fail], [{ status: 'fail', messageId: 'missing', ...e }]);

    expect(one({ data: { words: 2 } })).not.toThrow();
    expect(one({ data: { words: 3 } })).toThrow();
    expect(one({ data: { other: 1 } })).toThrow();
    expect(one({ evidence: { spdx: 'MIT', confidence: expect.any(Number) } })).not.toThrow();
    expect(one({ evidence: { spdx: 'Apache-2.0' } })).toThrow();
    expect(() => expectFindings([pass], [{ status: 'pass', messageId: 'found', evidence: {} }])).toThrow();
  });

  it('pairs each expectation with a distinct finding even when a loose one could take a specific one', () => {
    const a: CheckFinding = { status: 'fail', messageId: 'm', location: { path: 'a' } };
    const b: CheckFinding = { status: 'fail', messageId: 'm', location: { path: 'b' } };

    // The first expectation matches both; greedy pairing would give it `a` and leave the second unmatched.
    const [loose, specific] = expectFindings(
      [a, b],
      [
        { status: 'fail', messageId: 'm' },
        { status: 'fail', messageId: 'm', path: 'a' },
      ],
    );

    expect(loose).toBe(b);
    expect(specific).toBe(a);
  });

  it('compares a report finding by its check id and rendered message', () => {
    const finding = {
      check: 'readme',
      criterion: 'tcop-3' as const,
      level: 'baseline' as const,
      status: 'fail' as const,
      messageId: 'missing',
      message: 'No README in the root.',
    };

    expect(() =>
      expectFindings(
        [finding],
        [{ check: 'readme', status: 'fail', messageId: 'missing', message: /README/ }],
      ),
    ).not.toThrow();
    expect(() =>
      expectFindings([finding], [{ check: 'licence-file', status: 'fail', messageId: 'missing' }]),
    ).toThrow();
    expect(() =>
      expectFindings([finding], [{ status: 'fail', messageId: 'missing', message: 'No README.' }]),
    ).toThrow();
    expect(() => expectFindings([fail], [{ status: 'fail', messageId: 'missing', message: /./ }])).toThrow();
    expect(() => expectFindings([fail], [{ status: 'fail', messageId: 'missing', check: 'x' }])).toThrow();
  });
});

describe('expectNoProblems', () => {
  it('accepts passes and information', () => {
    expect(expectNoProblems([pass, { status: 'info', messageId: 'note' }])).toHaveLength(2);
  });

  it.each(['fail', 'warn', 'unknown'] as const)('catches a %s beside a pass', (status) => {
    expect(() => expectNoProblems([pass, { status, messageId: 'bad' }])).toThrow(new RegExp(`${status} bad`));
  });

  it('wants at least one finding: a check that says nothing is a defect', () => {
    expect(() => expectNoProblems([])).toThrow(/got none/);
  });
});

describe('runCheck', () => {
  const check = (findings: CheckFinding[]) =>
    defineCheck({
      meta: {
        id: 'sample',
        criterion: 'tcop-3',
        level: 'baseline',
        title: 'Sample',
        description: 'A check made up for the harness test.',
        wants: ['**'],
        messages: { ok: 'Fine in {{path}}.', bad: '{{path}} is bad.', note: 'Note.' },
        remediation: { bad: 'Fix {{path}} by {{when}}.' },
        references: [],
      },
      run: () => findings as CheckFinding<'ok' | 'bad' | 'note'>[],
    });

  it('returns the findings of a well-formed run on inline files', async () => {
    const findings = [{ status: 'pass' as const, messageId: 'ok', data: { path: 'a' } }];

    expect(await runCheck(check(findings), { files: { a: '' } })).toEqual(findings);
  });

  it.each([
    ['an unknown message id', { status: 'pass', messageId: 'nope' }, /unknown message id "nope"/],
    ['an unfilled message placeholder', { status: 'pass', messageId: 'ok' }, /\{\{path\}\} of its message/],
    [
      'an unfilled remediation placeholder',
      { status: 'fail', messageId: 'bad', data: { path: 'a' } },
      /\{\{when\}\} of its remediation/,
    ],
    ['a warning without remediation', { status: 'warn', messageId: 'note' }, /warn without remediation/],
  ] as const)('rejects %s', async (_name, finding, problem) => {
    await expect(runCheck(check([finding]), { files: {} })).rejects.toThrow(problem);
  });

  it('does not ask remediation of a pass or info', async () => {
    await expect(
      runCheck(check([{ status: 'info', messageId: 'note' }]), { files: {} }),
    ).resolves.toHaveLength(1);
  });
});
