import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { AnyCheck, CheckFinding, Status } from '../../src/engine/check.js';
import { DEFAULT_CONFIG } from '../../src/engine/config.js';
import type { Finding } from '../../src/engine/report.js';
import { LocalSource } from '../../src/snapshot/local.js';
import { memorySnapshot, type MemoryRepo } from '../../src/snapshot/memory.js';
import { Snapshot } from '../../src/snapshot/snapshot.js';
import type { SnapshotData } from '../../src/snapshot/types.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'fixtures/repos');
/** Every check test runs on this date, so EOL and expiry logic stays deterministic. */
export const FIXED_NOW = new Date('2026-11-23T12:00:00Z');

/** Loads a fixture repository through the real local snapshot source. */
export async function loadFixture(
  name: string,
  wants: readonly string[] = ['**'],
  extra: Partial<Pick<SnapshotData, 'facts'>> = {},
): Promise<Snapshot> {
  const data = await new LocalSource(path.join(FIXTURES, name)).load({
    wants,
    needs: [],
    ignore: [],
    maxFileBytes: DEFAULT_CONFIG.maxFileBytes,
    now: FIXED_NOW,
  });
  return new Snapshot({ ...data, facts: { ...data.facts, ...extra.facts } });
}

/** Runs a check on a fixture, loading only the files it declares in `wants`. */
export async function runOnFixture(
  check: AnyCheck,
  name: string,
  extra: Partial<Pick<SnapshotData, 'facts'>> = {},
): Promise<readonly CheckFinding[]> {
  return runCheck(check, await loadFixture(name, check.meta.wants, extra));
}

/**
 * Runs a check on a snapshot, or on inline files (a {@link MemoryRepo}), and asserts that every finding
 * is well formed for that check: its message id is one of the check's, every `{{placeholder}}` of its
 * message and remediation is filled from `data`, and a fail, warn or unknown has remediation.
 */
export async function runCheck(
  check: AnyCheck,
  input: Snapshot | MemoryRepo,
): Promise<readonly CheckFinding[]> {
  const snapshot = input instanceof Snapshot ? input : memorySnapshot(input);
  const findings = await check.run(snapshot);
  const problems = findings.flatMap((f) => malformed(check, f));
  if (problems.length > 0)
    expect.fail(`${check.meta.id} made malformed findings:\n  ${problems.join('\n  ')}`);
  return findings;
}

const NEEDS_REMEDIATION: ReadonlySet<Status> = new Set(['fail', 'warn', 'unknown']);

function malformed(check: AnyCheck, f: CheckFinding): string[] {
  const messages = check.meta.messages as Record<string, string | undefined>;
  const remediation = check.meta.remediation as Record<string, string | undefined>;
  const template = Object.hasOwn(messages, f.messageId) ? messages[f.messageId] : undefined;
  if (template === undefined) return [`unknown message id "${f.messageId}"`];
  const problems: string[] = [];
  const fix = Object.hasOwn(remediation, f.messageId) ? remediation[f.messageId] : undefined;
  if (NEEDS_REMEDIATION.has(f.status) && !fix)
    problems.push(`"${f.messageId}" is ${f.status} without remediation`);
  for (const [what, text] of [
    ['message', template],
    ['remediation', NEEDS_REMEDIATION.has(f.status) ? fix : undefined],
  ] as const) {
    for (const m of (text ?? '').matchAll(/\{\{\s*(?<key>\w+)\s*\}\}/g)) {
      const key = m.groups?.key ?? '';
      if (!(f.data && Object.hasOwn(f.data, key)))
        problems.push(`"${f.messageId}" leaves {{${key}}} of its ${what} unfilled`);
    }
  }
  return problems;
}

/** A check's finding, or a report's (which adds the check id and the rendered message). */
export type AnyFinding = CheckFinding | Finding;

/**
 * One finding a test expects. `status` and `messageId` always match exactly; the rest only when given.
 * `path: null` expects a finding without a location; `data` and `evidence` match as a subset
 * (vitest's `toMatchObject`), so asymmetric matchers such as `expect.stringContaining` work there.
 */
export interface ExpectedFinding {
  status: Status;
  messageId: string;
  /** The report's check id (for report findings). */
  check?: string;
  /** The rendered message (for report findings): equal, or matching the pattern. */
  message?: string | RegExp;
  path?: string | null;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  data?: Record<string, unknown>;
  evidence?: Record<string, unknown>;
}

function subset(actual: unknown, expected: Record<string, unknown>): boolean {
  if (actual === null || typeof actual !== 'object') return false;
  try {
    expect(actual).toMatchObject(expected);
    return true;
  } catch {
    return false;
  }
}

function matches(f: AnyFinding, e: ExpectedFinding): boolean {
  if (f.status !== e.status || f.messageId !== e.messageId) return false;
  if (e.check !== undefined && !('check' in f && f.check === e.check)) return false;
  if (e.message !== undefined) {
    const message = 'message' in f ? f.message : undefined;
    if (message === undefined) return false;
    if (typeof e.message === 'string' ? message !== e.message : !e.message.test(message)) return false;
  }
  if (e.path === null && f.location !== undefined) return false;
  if (typeof e.path === 'string' && f.location?.path !== e.path) return false;
  for (const key of ['startLine', 'endLine', 'startColumn'] as const) {
    if (e[key] !== undefined && f.location?.[key] !== e[key]) return false;
  }
  if (e.data !== undefined && !subset(dataOf(f), e.data)) return false;
  if (e.evidence !== undefined && !subset(f.evidence, e.evidence)) return false;
  return true;
}

/** Pairs each expected finding with a distinct actual one (augmenting paths), or reports what is left. */
function pair(
  findings: readonly AnyFinding[],
  expected: readonly ExpectedFinding[],
): { owner: (number | undefined)[]; unmatched: number[] } {
  const candidates = expected.map((e) => findings.flatMap((f, i) => (matches(f, e) ? [i] : [])));
  // owner[i] = index of the expected finding that actual finding i is paired with.
  const owner: (number | undefined)[] = findings.map(() => undefined);
  const assign = (e: number, seen: Set<number>): boolean => {
    for (const i of candidates[e] ?? []) {
      if (seen.has(i)) continue;
      seen.add(i);
      const current = owner[i];
      if (current === undefined || assign(current, seen)) {
        owner[i] = e;
        return true;
      }
    }
    return false;
  };
  const unmatched = expected.flatMap((_, e) => (assign(e, new Set()) ? [] : [e]));
  return { owner, unmatched };
}

const at = (p: string, line: number | undefined) => (line === undefined ? p : `${p}:${line}`);
const dataOf = (f: AnyFinding | ExpectedFinding) =>
  'data' in f && f.data !== undefined ? f.data : undefined;

/** One finding on one line: `[readme] fail noDescription README.md:3 {"words":2}`. */
function describeFinding(f: AnyFinding): string {
  const check = 'check' in f ? `[${f.check}] ` : '';
  const where = f.location ? at(f.location.path, f.location.startLine) : '(no location)';
  const data = dataOf(f);
  return `${check}${f.status} ${f.messageId} ${where}${data ? ` ${JSON.stringify(data)}` : ''}`;
}

function describeExpected(e: ExpectedFinding): string {
  const check = e.check === undefined ? '' : `[${e.check}] `;
  const where =
    e.path === undefined ? '' : e.path === null ? ' (no location)' : ` ${at(e.path, e.startLine)}`;
  return `${check}${e.status} ${e.messageId}${where}${e.data ? ` ${JSON.stringify(e.data)}` : ''}`;
}

/**
 * Asserts that `findings` are exactly `expected`, in any order: every expected finding is there, and
 * there is no other. Returns the findings paired with `expected`, in the order expected, for closer
 * assertions on one of them.
 */
export function expectFindings<F extends AnyFinding>(
  findings: readonly F[],
  expected: readonly ExpectedFinding[],
): F[] {
  const { owner, unmatched } = pair(findings, expected);
  const extra = findings.filter((_, i) => owner[i] === undefined);
  if (unmatched.length > 0 || extra.length > 0) {
    const lines = [
      `expected exactly ${expected.length} finding(s), got ${findings.length}`,
      ...unmatched.map((e) => `  missing:    ${describeExpected(expected[e] as ExpectedFinding)}`),
      ...extra.map((f) => `  unexpected: ${describeFinding(f)}`),
      'all findings:',
      ...findings.map((f) => `  ${describeFinding(f)}`),
    ];
    expect.fail(lines.join('\n'));
  }
  const byExpected: F[] = [];
  owner.forEach((e, i) => {
    if (e !== undefined) byExpected[e] = findings[i] as F;
  });
  return byExpected;
}

const PROBLEMS: ReadonlySet<Status> = new Set(['fail', 'warn', 'unknown']);

/**
 * Asserts that no finding fails, warns or is unknown: the check found nothing to report. It must still
 * say something (a check that returns no finding at all is a defect), so at least one finding is there.
 * Returns the findings.
 */
export function expectNoProblems<F extends AnyFinding>(findings: readonly F[]): readonly F[] {
  const problems = findings.filter((f) => PROBLEMS.has(f.status));
  if (findings.length === 0 || problems.length > 0) {
    expect.fail(
      [
        findings.length === 0 ? 'expected a passing finding, got none' : 'expected no problems, got:',
        ...problems.map((f) => `  ${describeFinding(f)}`),
      ].join('\n'),
    );
  }
  return findings;
}
