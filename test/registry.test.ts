import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { CRITERIA, LEVELS, type AnyCheck, type Status } from '../src/engine/check.js';
import { CHECK_ERROR, EXEMPTION_EXPIRED } from '../src/engine/run.js';
import { frameworksOf } from '../src/frameworks/index.js';
import { FIXTURES, loadFixture, ROOT } from './support/check-harness.js';

/** Every check module: checks/<id>.ts, leaving out tests, the registry, lib/ and data/. */
const CHECK_FILES = readdirSync(path.join(ROOT, 'checks'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts')
  .map((f) => f.slice(0, -'.ts'.length))
  .sort();

const ids = CHECKS.map((c) => c.meta.id);
const messageIds = (check: AnyCheck): string[] => Object.keys(check.meta.messages as Record<string, string>);
const remediation = (check: AnyCheck): Record<string, string | undefined> =>
  check.meta.remediation as Record<string, string | undefined>;

/** Message ids (`findings[].messageId`, report schemaVersion 2 on): lowerCamel, letters and digits. */
const LOWER_CAMEL = /^[a-z][a-zA-Z0-9]*$/;

/** Statuses that ask someone to act, or say the audit could not tell: each needs a remediation. */
const NEEDS_REMEDIATION: ReadonlySet<Status> = new Set(['fail', 'warn', 'unknown']);

describe('the check registry', () => {
  it('holds every checks/*.ts module and nothing else', () => {
    expect([...ids].sort()).toEqual(CHECK_FILES);
  });

  it('is sorted by id, with no duplicates', () => {
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(CHECK_FILES)('checks/%s.ts default-exports the check whose id is its file name', async (file) => {
    const mod = (await import(pathToFileURL(path.join(ROOT, 'checks', `${file}.ts`)).href)) as {
      default?: AnyCheck;
    };
    expect(mod.default?.meta.id).toBe(file);
    expect(CHECKS).toContain(mod.default);
  });

  it('names every message in lowerCamel case, as the engine names its own', () => {
    const named: [owner: string, messageId: string][] = [
      ['engine', CHECK_ERROR],
      ['engine', EXEMPTION_EXPIRED],
      ...CHECKS.flatMap((c) => messageIds(c).map((m): [string, string] => [c.meta.id, m])),
    ];
    const offenders = named.filter(([, m]) => !LOWER_CAMEL.test(m)).map(([owner, m]) => `${owner}: ${m}`);
    expect(offenders).toEqual([]);
  });
});

describe.each(CHECKS.map((c) => [c.meta.id, c] as const))('check %s', (id, check) => {
  const { meta } = check;

  it('has a kebab-case id, a criterion, a level and words for people', () => {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(CRITERIA).toContain(meta.criterion);
    expect(LEVELS).toContain(meta.level);
    expect(meta.title.trim()).not.toBe('');
    expect(meta.description.trim().length).toBeGreaterThan(20);
    expect(messageIds(check).length).toBeGreaterThan(0);
  });

  it('has a docs page at docs/checks/<id>.md', () => {
    expect(existsSync(path.join(ROOT, 'docs/checks', `${id}.md`)), `docs/checks/${id}.md`).toBe(true);
  });

  it('is listed in docs/criteria.md under its criterion at its level', () => {
    const criteria = readFileSync(path.join(ROOT, 'docs/criteria.md'), 'utf8');
    const section = criteria.split(/^## /m).find((s) => s.startsWith(`TCoP ${meta.criterion.slice(5)} `));
    expect(section, `docs/criteria.md has a "## TCoP ${meta.criterion.slice(5)}" section`).toBeDefined();
    expect(section).toContain(`| [\`${id}\`](checks/${id}.md) | ${meta.level} |`);
  });

  it('cites https references', () => {
    expect(meta.references.length).toBeGreaterThan(0);
    for (const ref of meta.references) {
      expect(ref.title.trim()).not.toBe('');
      expect(new URL(ref.url).protocol, ref.url).toBe('https:');
    }
  });

  it('maps to its TCoP point and the frameworks boards use, each mapping with a source', () => {
    const mappings = frameworksOf(id);
    expect(mappings, `src/frameworks/crosswalk.json has no mapping for ${id}`).not.toEqual([]);
    expect(mappings).toContainEqual(
      expect.objectContaining({ framework: 'tcop', point: meta.criterion.slice(5) }),
    );
    for (const m of mappings) expect(new URL(m.source).protocol, m.source).toBe('https:');
  });

  it('gives remediation only for its own messages, never empty', () => {
    for (const [messageId, text] of Object.entries(remediation(check))) {
      expect(messageIds(check), `remediation for unknown message "${messageId}"`).toContain(messageId);
      expect(text?.trim(), `remediation for "${messageId}"`).toBeTruthy();
    }
  });

  it('declares wants as globs', () => {
    for (const glob of meta.wants)
      expect(typeof glob === 'string' && glob.length > 0 && !glob.startsWith('/')).toBe(true);
  });
});

/**
 * The remediation rule, checked by behaviour rather than by naming: a message a check can fail, warn or
 * be unknown with must have remediation; messages used only for pass and info need none. Every check runs
 * on every fixture repository (each one a case some check was written for), and may not throw on any.
 */
describe('on every fixture repository', () => {
  const fixtures = readdirSync(FIXTURES)
    .filter((name) => statSync(path.join(FIXTURES, name)).isDirectory())
    .sort();

  it.each(fixtures)(
    '%s: every check runs, and each failure, warning or unknown has remediation',
    async (name) => {
      const snapshot = await loadFixture(name, ['**']);
      const problems: string[] = [];
      for (const check of CHECKS) {
        let findings;
        try {
          findings = await check.run(snapshot);
        } catch (error) {
          problems.push(`${check.meta.id} threw: ${(error as Error).message}`);
          continue;
        }
        for (const f of findings) {
          if (!messageIds(check).includes(f.messageId))
            problems.push(`${check.meta.id}: unknown message "${f.messageId}"`);
          else if (NEEDS_REMEDIATION.has(f.status) && !remediation(check)[f.messageId])
            problems.push(`${check.meta.id}: "${f.messageId}" can be ${f.status} but has no remediation`);
        }
      }
      expect(problems).toEqual([]);
    },
  );
});
