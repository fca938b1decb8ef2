import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { CRITERIA } from '../src/engine/check.js';
import * as harness from './support/check-harness.js';
import { FIXTURES, loadFixture, ROOT } from './support/check-harness.js';

const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

describe("README's check table agrees with the registry", () => {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## What it checks'));
  const rows = section
    .split('\n')
    .filter((line) => /^\| TCoP \d+ · /.test(line))
    .map((line) => {
      const [, criterion = '', checks = ''] = line.split('|').map((c) => c.trim());
      return {
        criterion: `tcop-${/^TCoP (?<n>\d+)/.exec(criterion)?.groups?.n ?? ''}`,
        // Each check is the first back-quoted word of its comma-separated entry.
        ids: checks.split(/,\s*(?=`)/).map((entry) => /^`(?<id>[a-z0-9-]+)`/.exec(entry)?.groups?.id),
      };
    });

  it('has one row per criterion, in order', () => {
    expect(rows.map((r) => r.criterion)).toEqual([...CRITERIA]);
  });

  it('lists every check once, under its own criterion', () => {
    for (const row of rows) {
      const registered = CHECKS.filter((c) => c.meta.criterion === row.criterion).map((c) => c.meta.id);
      expect([...row.ids].sort(), row.criterion).toEqual([...registered].sort());
    }
  });

  it('gives the number of checks the registry holds', () => {
    expect(/^(?<count>\d+) checks, each at a level/m.exec(section)?.groups?.count).toBe(
      String(CHECKS.length),
    );
  });
});

describe('docs/adding-a-check.md agrees with the code it describes', () => {
  const doc = read('docs/adding-a-check.md');

  it('its example check is not a real one, so it cannot go stale against one', () => {
    expect(CHECKS.map((c) => c.meta.id)).not.toContain('changelog');
  });

  it('every repository path it names exists (its example check aside)', () => {
    const paths = [...doc.matchAll(/`(?<p>(?:checks|test|src|docs|fixtures)\/[^`\s<>*]+)`/g)]
      .map((m) => m.groups?.p ?? '')
      .filter((p) => !p.includes('changelog'));
    expect(paths.length).toBeGreaterThan(3);
    for (const p of paths) expect(existsSync(path.join(ROOT, p)), p).toBe(true);
  });

  it('the harness functions it names are exported by test/support/check-harness.ts', () => {
    for (const name of ['runOnFixture', 'runCheck', 'expectFindings', 'expectNoProblems', 'FIXED_NOW'])
      if (doc.includes(`\`${name}`) || doc.includes(`${name}(`) || doc.includes(` ${name},`))
        expect(harness, name).toHaveProperty(name);
    expect(doc).toContain('expectFindings');
  });

  it('the registry it describes is CHECKS in checks/index.ts, sorted by id', () => {
    expect(doc).toContain('export const CHECKS: readonly AnyCheck[] = [');
    expect(read('checks/index.ts')).toContain('export const CHECKS: readonly AnyCheck[] = [');
    expect(doc).toContain('`test/registry.test.ts`');
  });
});

/**
 * A check is a function of the snapshot: run twice on two loads of the same repository it gives the
 * same findings in the same order (no clock, no randomness, no state kept between snapshots).
 */
describe('every check is deterministic on every fixture repository', () => {
  const fixtures = readdirSync(FIXTURES)
    .filter((name) => statSync(path.join(FIXTURES, name)).isDirectory())
    .sort();

  it.each(fixtures)('%s', async (name) => {
    const first = await loadFixture(name, ['**']);
    const second = await loadFixture(name, ['**']);
    const differ: string[] = [];
    for (const check of CHECKS) {
      const run = async (s: typeof first): Promise<string> => {
        try {
          return JSON.stringify(await check.run(s));
        } catch (error) {
          return `threw ${(error as Error).message}`;
        }
      };
      const a = await run(first);
      const again = await run(first);
      const b = await run(second);
      if (a !== b || a !== again) differ.push(check.meta.id);
    }
    expect(differ).toEqual([]);
  });
});
