import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  parseForumConfig,
  propertiesMatch,
  supplierIncludes,
  ForumConfigError,
} from '../../src/forum/config.js';

const fixture = new URL('../../fixtures/forum/forum.yml', import.meta.url);

function errorOf(text: string): ForumConfigError {
  try {
    parseForumConfig(text, 'forum.yml');
  } catch (error) {
    if (error instanceof ForumConfigError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('forum.yml', () => {
  it('reads the fixture: five suppliers with organisations, repositories, property filters and pledges', async () => {
    const forum = parseForumConfig(await readFile(fixture, 'utf8'), 'forum.yml');
    expect(forum.suppliers.map((s) => s.id)).toEqual(['acme', 'bravo', 'charlie', 'delta', 'echo']);
    expect(forum.crawl).toEqual({ rateLimitShare: 0.5, everyHours: 24 });
    expect(forum.suppliers[1]?.organisations).toEqual([
      { name: 'bravo-group', properties: { supplier: ['bravo'] } },
    ]);
    expect(forum.suppliers[0]?.signed).toEqual(['techuk-interoperability-charter', 'wepledge']);
    expect(forum.suppliers[2]?.repositories).toEqual(['shared-code/charlie-toolkit']);
  });

  it('names the line and field of a wrong value', () => {
    const e = errorOf(`version: 1
suppliers:
  - id: acme
    name: Acme
    organisations: [acme]
    contact: javascript:alert(1)
`);
    expect([e.line, e.field]).toEqual([6, 'suppliers[0].contact']);
    expect(e.message).toBe('forum.yml:6: suppliers[0].contact: must be an http(s) or mailto: URL');
  });

  it('names the line of an unknown field', () => {
    const e = errorOf(`version: 1
suppliers:
  - id: acme
    name: Acme
    organisations: [acme]
    sigend: [wepledge]
`);
    expect([e.line, e.field, e.detail]).toEqual([6, 'suppliers[0].sigend', 'unknown field']);
  });

  it('refuses a supplier with nothing to audit, a duplicate id, a wrong version and bad YAML', () => {
    expect(errorOf('version: 1\nsuppliers:\n  - id: a\n    name: A\n').message).toBe(
      'forum.yml:3: suppliers[0]: needs at least one organisation or repository',
    );
    const dup = errorOf(
      'version: 1\nsuppliers:\n  - id: a\n    name: A\n    organisations: [a]\n  - id: a\n    name: B\n    organisations: [b]\n',
    );
    expect([dup.line, dup.detail]).toEqual([6, '"a" is already the id of suppliers[0]']);
    expect(errorOf('version: 2\nsuppliers: []\n')).toMatchObject({
      line: 1,
      field: 'version',
      detail: 'must be 1',
    });
    expect(errorOf('version: 1\nsuppliers: [\n').line).toBeGreaterThan(0);
    expect(
      errorOf('version: 1\nsuppliers:\n  - id: Not Valid\n    name: A\n    organisations: [a]\n'),
    ).toMatchObject({
      line: 3,
      field: 'suppliers[0].id',
    });
  });

  it('matches repositories by organisation, listed name and custom properties', async () => {
    const forum = parseForumConfig(await readFile(fixture, 'utf8'));
    const [acme, bravo, charlie] = forum.suppliers as [never, never, never];
    expect(supplierIncludes(acme, { owner: 'ACME', name: 'x' })).toBe(true);
    expect(
      supplierIncludes(bravo, { owner: 'bravo-group', name: 'x', properties: { supplier: 'bravo' } }),
    ).toBe(true);
    expect(
      supplierIncludes(bravo, { owner: 'bravo-group', name: 'y', properties: { supplier: 'other' } }),
    ).toBe(false);
    expect(supplierIncludes(bravo, { owner: 'bravo-group', name: 'z' })).toBe(false);
    expect(supplierIncludes(charlie, { owner: 'shared-code', name: 'charlie-toolkit' })).toBe(true);
    expect(supplierIncludes(charlie, { owner: 'shared-code', name: 'other' })).toBe(false);
    expect(propertiesMatch({ team: ['a', 'b'] }, { team: ['c', 'b'] })).toBe(true);
  });
});
