import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { compareCycles, cycleStatus, WARN_MONTHS, type EolData } from './lib/eol.js';
import { dockerfileBaseImages, findRuntimeDeclarations, lowestVersion } from './lib/runtimes.js';

/** The edges of the runtime rules, one case either side, so that moving an edge fails a test. */

const data = (eol: string | boolean): EolData => ({
  source: 'test',
  retrieved: '2026-01-01',
  products: {
    nodejs: {
      api: 'nodejs',
      cycles: [
        { cycle: '20', eol },
        { cycle: '22', eol: '2099-01-01' },
      ],
    },
  },
});
const NOW = new Date('2026-03-15T12:00:00Z');

describe('the end-of-life warning window', () => {
  it('is six months', () => {
    expect(WARN_MONTHS).toBe(6);
  });

  it.each([
    ['2026-03-15', 'ended', 'on the day of the audit, before its noon'],
    ['2026-03-16', 'ending', 'the day after'],
    ['2026-09-15', 'ending', 'exactly six months on (midnight, before the audit hour)'],
    ['2026-09-16', 'supported', 'six months and a day on'],
  ])('end of life %s is %s (%s)', (eol, kind) => {
    expect(cycleStatus('nodejs', '20', NOW, data(eol))).toEqual({ kind, eol });
  });

  it('at midnight exactly, the end of life day has ended and six months on is ending', () => {
    const midnight = new Date('2026-03-15T00:00:00Z');
    expect(cycleStatus('nodejs', '20', midnight, data('2026-03-15')).kind).toBe('ended');
    expect(cycleStatus('nodejs', '20', midnight, data('2026-09-15')).kind).toBe('ending');
    expect(cycleStatus('nodejs', '20', midnight, data('2026-09-16')).kind).toBe('supported');
  });

  it('an unrecorded end is ended, no announced end is supported, an unknown or newer cycle says so', () => {
    expect(cycleStatus('nodejs', '20', NOW, data(true))).toEqual({ kind: 'ended', eol: true });
    expect(cycleStatus('nodejs', '20', NOW, data(false))).toEqual({ kind: 'supported', eol: false });
    expect(cycleStatus('nodejs', '24', NOW, data(false))).toEqual({ kind: 'newer' });
    expect(cycleStatus('nodejs', '21', NOW, data(false))).toEqual({ kind: 'unknown' });
    expect(cycleStatus('python', '3.12', NOW, data(false))).toEqual({ kind: 'unknown' });
  });
});

describe('version requirements', () => {
  it.each([
    ['>=3.8,>=3.10', '3.10'],
    ['>=3.10,>=3.8', '3.10'],
    ['>=3.8, >=3.10', '3.10'],
    ['>=3.8,<4', '3.8'],
    ['^3.9', '3.9'],
    ['~=3.11', '3.11'],
    ['>=18 <21', '18'],
  ])('the lowest version %s allows is %s', (requirement, lowest) => {
    expect(lowestVersion(requirement)).toBe(lowest);
  });
});

describe('Dockerfile ARG scope', () => {
  it('an ARG before the first FROM sets every FROM; one inside a stage does not', () => {
    expect(
      dockerfileBaseImages('ARG NODE=20\nFROM node:${NODE}\nARG NODE=16\nFROM node:${NODE} AS b\n'),
    ).toEqual([
      { image: 'node:20', line: 2 },
      { image: 'node:20', line: 4 },
    ]);
  });

  it('an ARG declared only inside a stage leaves a later FROM unresolved', () => {
    expect(dockerfileBaseImages('FROM node:20\nARG V=16\nFROM node:${V}\n')).toEqual([
      { image: 'node:20', line: 1 },
      { image: 'node:${V}', line: 3 },
    ]);
  });
});

describe('runtime files', () => {
  it('under node_modules/ and vendor/ belong to someone else and are not declarations', () => {
    const snapshot = memorySnapshot({
      files: {
        '.nvmrc': '20\n',
        'web/.nvmrc': '22\n',
        'node_modules/x/.nvmrc': '12\n',
        'vendor/y/.python-version': '2.7\n',
        'web/node_modules/z/.nvmrc': '10\n',
      },
    });
    expect(findRuntimeDeclarations(snapshot).map((d) => [d.path, d.runtime, d.cycle])).toEqual([
      ['.nvmrc', 'nodejs', '20'],
      ['web/.nvmrc', 'nodejs', '22'],
    ]);
  });
});

describe('cycleStatus on made-up data: the edges of a release the data does not list', () => {
  const NOW = new Date('2026-11-23T12:00:00Z');
  // Listed out of order on purpose: the nearest release above and below is found by sorting.
  const data: EolData = {
    source: 'test',
    retrieved: '2026-11-23',
    products: {
      nodejs: {
        api: 'test',
        cycles: [
          { cycle: '24', eol: false },
          { cycle: '22', eol: '2027-04-30' },
          { cycle: '20', eol: '2026-04-30' },
          { cycle: '18', eol: true },
          { cycle: '16', eol: '2023-09-11' },
          { cycle: '7', eol: '2027-01-01' },
          { cycle: '12', eol: '2026-11-23' },
          { cycle: '10', eol: true },
          { cycle: '9', eol: true },
        ],
      },
    },
  };
  const status = (cycle: string) => cycleStatus('nodejs', cycle, NOW, data);

  it('newer than the newest listed is newer; below it, not', () => {
    expect(status('25')).toEqual({ kind: 'newer' });
    expect(status('23')).toEqual({ kind: 'unknown' });
  });

  it('between two ended releases it has ended, after the one above it', () => {
    expect(status('17')).toEqual({ kind: 'unlisted-ended', after: '18', eol: true });
    expect(status('15')).toEqual({ kind: 'unlisted-ended', after: '16', eol: '2023-09-11' });
    // The release above ends today: ended.
    expect(status('11')).toEqual({ kind: 'unlisted-ended', after: '12', eol: '2026-11-23' });
  });

  it('with a supported release just below, or one not ended above, it is unknown', () => {
    expect(status('8')).toEqual({ kind: 'unknown' });
    expect(status('21')).toEqual({ kind: 'unknown' });
  });

  it('compares cycles by number, a missing part as zero', () => {
    expect(compareCycles('3.10', '3.9')).toBeGreaterThan(0);
    expect(compareCycles('3.9', '3.10')).toBeLessThan(0);
    expect(compareCycles('3', '3.0')).toBe(0);
    expect(compareCycles('3.0.1', '3')).toBeGreaterThan(0);
  });
});
