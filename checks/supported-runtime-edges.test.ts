import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { cycleStatus, WARN_MONTHS, type EolData } from './lib/eol.js';
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
