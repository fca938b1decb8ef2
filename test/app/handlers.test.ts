import { describe, expect, it } from 'vitest';
import { jobFromEvent, splitFullName } from '../../src/app/handlers.js';

describe('splitFullName', () => {
  it.each([
    ['nhsuk/nhsuk-frontend', { owner: 'nhsuk', repo: 'nhsuk-frontend' }],
    ['nhsuk', undefined],
    ['nhsuk/', undefined],
    ['/nhsuk-frontend', undefined],
    ['a/b/c', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s', (fullName, expected) => {
    expect(splitFullName(fullName)).toEqual(expected);
  });
});

describe('jobFromEvent', () => {
  const audit = { trigger: 'push' as const, sha: 'a'.repeat(40), adoptExisting: false };

  it('takes the owner from the payload’s owner, then from its full name', () => {
    const owned = { installation: { id: 7 }, repository: { name: 'r', owner: { login: 'o' } } };
    expect(jobFromEvent(owned, audit)).toMatchObject({ installationId: 7, owner: 'o', repo: 'r' });
    const named = { installation: { id: 7 }, repository: { name: 'r', full_name: 'p/r' } };
    expect(jobFromEvent(named, audit)).toMatchObject({ installationId: 7, owner: 'p', repo: 'r' });
  });

  it('makes no job without an installation or an owner, rather than one for "undefined/r"', () => {
    expect(jobFromEvent({ repository: { name: 'r', owner: { login: 'o' } } }, audit)).toBeUndefined();
    expect(jobFromEvent({ installation: { id: 7 }, repository: { name: 'r' } }, audit)).toBeUndefined();
    const malformed = { installation: { id: 7 }, repository: { name: 'r', full_name: 'r' } };
    expect(jobFromEvent(malformed, audit)).toBeUndefined();
  });
});
