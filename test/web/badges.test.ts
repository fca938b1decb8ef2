import { describe, expect, it } from 'vitest';
import { BadgeCache, etagMatches } from '../../src/web/badges.js';

describe('etagMatches (RFC 9110 weak comparison)', () => {
  it.each([
    [undefined, '"a"', false],
    ['', '"a"', false],
    ['*', '"a"', true],
    [' * ', '"a"', true],
    ['"a"', '"a"', true],
    ['"b"', '"a"', false],
    ['W/"a"', '"a"', true],
    ['"a"', 'W/"a"', true],
    ['"b", "a"', '"a"', true],
    ['"b",W/"a" ', '"a"', true],
    ['"b", "c"', '"a"', false],
    // W/ is a prefix only: inside the opaque tag it is part of the tag.
    ['"xW/y"', '"xW/y"', true],
    ['"xy"', '"xW/y"', false],
    ['"xW/y"', '"xy"', false],
  ] as const)('If-None-Match %j against %j is %s', (header, etag, expected) => {
    expect(etagMatches(header, etag)).toBe(expected);
  });
});

describe('BadgeCache', () => {
  it('renders each (criterion, state) once and gives the same badge back', () => {
    const cache = new BadgeCache();
    expect(cache.get('exemplar', 'tcop-3')).toBe(cache.get('exemplar', 'tcop-3'));
    expect(cache.get(null)).toBe(cache.get(null));
  });

  it('keeps badges of different criteria apart', () => {
    const cache = new BadgeCache();
    const labels = (['tcop-3', 'tcop-4', undefined] as const).map(
      (c) => (JSON.parse(cache.get('standard', c).json) as { label: string }).label,
    );
    expect(labels).toEqual(['TCoP 3', 'TCoP 4', 'TCoP']);
  });

  it('has one not-found badge whatever the criterion', () => {
    const cache = new BadgeCache();
    expect(cache.get('not-found', 'tcop-6')).toBe(cache.get('not-found'));
  });

  it('gives shields the colour without its #', () => {
    const json = JSON.parse(new BadgeCache().get('exemplar').json) as Record<string, unknown>;
    expect(json).toEqual({
      schemaVersion: 1,
      label: 'TCoP',
      message: expect.any(String),
      color: '007f3b',
      cacheSeconds: 300,
    });
  });
});
