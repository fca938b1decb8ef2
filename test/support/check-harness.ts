import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { AnyCheck, CheckFinding, Status } from '../../src/engine/check.js';
import { DEFAULT_CONFIG } from '../../src/engine/config.js';
import { LocalSource } from '../../src/snapshot/local.js';
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
  return check.run(await loadFixture(name, check.meta.wants, extra));
}

/** Worst status among findings, as the engine computes it. */
export function overall(findings: readonly CheckFinding[]): Status {
  const rank: Record<Status, number> = { pass: 0, info: 1, unknown: 2, warn: 3, fail: 4 };
  return findings.reduce<Status>((w, f) => (rank[f.status] > rank[w] ? f.status : w), 'pass');
}

/** Asserts that some finding has this status and message id (and optionally location). */
export function expectFinding(
  findings: readonly CheckFinding[],
  expected: { status: Status; messageId: string; path?: string; startLine?: number },
): CheckFinding {
  const match = findings.find(
    (f) =>
      f.status === expected.status &&
      f.messageId === expected.messageId &&
      (expected.path === undefined || f.location?.path === expected.path) &&
      (expected.startLine === undefined || f.location?.startLine === expected.startLine),
  );
  expect(match, `expected ${JSON.stringify(expected)} in ${JSON.stringify(findings, null, 1)}`).toBeDefined();
  return match as CheckFinding;
}
