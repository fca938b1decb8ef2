import fc from 'fast-check';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { linearBrackets } from '../../src/snapshot/glob-brackets.js';
import { compileGlobs } from '../../src/snapshot/glob.js';
import { worstDoublingRatio } from '../hostile/ladder.js';

const OPTIONS = [
  { dot: true, nobrace: true },
  { dot: true, nobrace: true, nocase: true },
  { dot: true, nobrace: true, nonegate: true },
];

/** The regular expression minimatch makes, or how it fails (some classes make an invalid one). */
const translate = (glob: string, options: (typeof OPTIONS)[number]): string => {
  try {
    const re = new minimatch.Minimatch(glob, options).makeRe();
    return re ? `${re.source}/${re.flags}` : 'false';
  } catch (error) {
    return `throws ${String(error)}`;
  }
};

/** Pieces that exercise every branch of minimatch's class scan and its extglob parse. */
const PIECE = fc.constantFrom(
  '[',
  ']',
  '!',
  '^',
  '-',
  '\\',
  '(',
  ')',
  '|',
  '*',
  '?',
  '+',
  '@',
  'a',
  'z',
  'A',
  '/',
  '.',
  ':',
  '[:alpha:]',
  '[:digit:]',
  '[:graph:]',
  '+(',
  '!(',
  '@(',
  '*(',
  '?(',
  '[!',
  '[^',
  '-]',
  'a-z',
  'z-a',
  '[]',
);

describe('linearBrackets', () => {
  it('translates to exactly the regular expression minimatch makes of the original glob', () => {
    fc.assert(
      fc.property(
        fc.array(PIECE, { maxLength: 30 }).map((p) => p.join('')),
        fc.constantFrom(...OPTIONS),
        (glob, options) => {
          expect(translate(linearBrackets(glob, options), options)).toBe(translate(glob, options));
        },
      ),
      { numRuns: Number(process.env.GLOB_RUNS ?? 3000) },
    );
  });
});

const rep = (s: string, n: number): string => s.repeat(Math.ceil(n / s.length)).slice(0, n);

describe('unclosed brackets cost linear work', () => {
  /** Unclosed `[` at the top level, inside an extglob, in an unfinished extglob, and beside classes. */
  const SHAPES: Record<string, (n: number) => string> = {
    'top level': (n) => rep('[', n),
    'in an extglob': (n) => '+(' + rep('[', n) + ')',
    'with pipes in an extglob': (n) => '@(a|' + rep('[a|', n) + ')',
    'in an unfinished extglob': (n) => '+(' + rep('[', n),
    'with parentheses in the class text': (n) => rep('[(-]', n) + '+(x)',
    'after POSIX classes': (n) => rep('[[:alpha:]', n),
    'negated and empty': (n) => rep('[!]', n),
    'before an extglob': (n) => rep('[a-[b(', n) + '*(c)',
    escaped: (n) => rep('[\\', n),
  };
  it.each(Object.entries(SHAPES))('%s', (_name, make) => {
    expect(worstDoublingRatio(make, (t) => compileGlobs([t])('a/' + t))).toBeLessThanOrEqual(2.5);
  });
});
