import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { simpleBraceExpand, simpleGlobSource } from '../../src/snapshot/glob-simple.js';

const minimatchSource = (glob: string, nocase = false): string | undefined => {
  const re = new minimatch.Minimatch(glob, { dot: true, nobrace: true, nocase }).makeRe();
  return re ? re.source : undefined;
};

function* combinations(
  pool: readonly string[],
  depth: number,
  join: string,
  prefix: string[] = [],
): Generator<string> {
  if (prefix.length > 0) yield prefix.join(join);
  if (depth === 0) return;
  for (const part of pool) yield* combinations(pool, depth - 1, join, [...prefix, part]);
}

/** Segments of every kind, those translated and those left to minimatch, in every position. */
const SEGMENTS = [
  'a',
  '.github',
  'x.y',
  '*',
  '*.yml',
  '?a',
  'a?c',
  '**',
  'Dockerfile*',
  '[-_]*',
  'a[-_.]b',
  '*[-_]x',
  '[b]',
  '[!a]',
  'a]b',
  '.*',
];
const LITERALS = ['a-b', 'a$b', 'a,b', 'a^b', 'a|b', 'a=b', 'a~b', 'café', 'a%b', "a'b", 'a"b', 'a.b', 'A_1'];

describe('simpleGlobSource', () => {
  it('gives exactly minimatch’s source, case-sensitive or not, for every glob of up to four such segments it translates', () => {
    let translated = 0;
    const differ: string[] = [];
    for (const glob of combinations(SEGMENTS, 4, '/')) {
      const mine = simpleGlobSource(glob);
      if (mine === undefined) continue;
      translated++;
      if (mine !== minimatchSource(glob) || mine !== minimatchSource(glob, true)) differ.push(glob);
    }
    expect(differ).toEqual([]);
    expect(translated).toBeGreaterThan(20_000);
  });

  it.each([
    '**/*.yml',
    '.github/workflows/*.yml',
    'docs/**/*',
    '**/cdk/**/*.ts',
    'a/**/b/**',
    'pipeline[-_]*/**/*.yml',
    'azure-pipelines[-_.]*.yml',
    '**',
    '**/**/x',
    ...LITERALS,
    ...LITERALS.map((l) => `src/${l}/*.js`),
  ])('translates %s as minimatch does', (glob) => {
    expect(simpleGlobSource(glob)).toBeDefined();
    expect(simpleGlobSource(glob)).toBe(minimatchSource(glob));
  });

  it.each([
    ['[b]', 'a class of one character'],
    ['[a-z]', 'a range'],
    ['[!a]', 'a negated class'],
    ['[aa]', 'a class naming a character twice'],
    ['a]b', 'a lone closing bracket'],
    ['{a,b}', 'braces'],
    ['+(a|b)', 'an extglob'],
    ['a\\*b', 'an escape'],
    ['!a', 'a negation'],
    ['#a', 'a comment'],
    ['', 'an empty glob'],
    ['/a', 'an empty first segment'],
    ['a//b', 'an empty segment'],
    ['a/', 'a trailing slash'],
    ['./a', 'a `.` segment'],
    ['a/../b', 'a `..` segment'],
    ['a**', 'a run of stars inside a segment'],
    ['*?', 'a star beside a question mark'],
    ['?*', 'a question mark beside a star'],
    ['.*', 'a dot segment with a wildcard'],
    ['.[ab]', 'a dot segment with a class'],
    ['a b', 'whitespace'],
  ])('leaves %s to minimatch (%s)', (glob) => {
    expect(simpleGlobSource(glob)).toBeUndefined();
  });
});

describe('simpleBraceExpand', () => {
  const PARTS = [
    'a',
    '{b,c}',
    '{x,y,z}',
    '/',
    '*.',
    '{,.*}',
    '{a}',
    '{1..3}',
    '{a,{b,c}}',
    '}',
    '{',
    ',',
    '{a,b}{c,d}',
    '**/',
  ];

  it('gives exactly minimatch’s expansion, in its order, for every pattern of up to four such parts it expands', () => {
    let expanded = 0;
    const differ: string[] = [];
    for (const pattern of combinations(PARTS, 4, '')) {
      const mine = simpleBraceExpand(pattern);
      if (mine === undefined) continue;
      expanded++;
      if (JSON.stringify(mine) !== JSON.stringify(minimatch.braceExpand(pattern))) differ.push(pattern);
    }
    expect(differ).toEqual([]);
    expect(expanded).toBeGreaterThan(3_000);
  });

  it.each([
    ['**/*.{yml,yaml}', ['**/*.yml', '**/*.yaml']],
    [
      '**/{cdk,infra}/**/*.{ts,py}',
      ['**/cdk/**/*.ts', '**/cdk/**/*.py', '**/infra/**/*.ts', '**/infra/**/*.py'],
    ],
    ['README.md', ['README.md']],
  ])('expands %s', (pattern, expected) => {
    expect(simpleBraceExpand(pattern)).toEqual(expected);
    expect(minimatch.braceExpand(pattern)).toEqual(expected);
  });

  it.each(['Jenkinsfile{,.*}', '{a}', 'x{1..3}', '{a,{b,c}}', '\\{a,b}', '${a,b}', 'a}{b,c', '{a,b'])(
    'leaves %s to minimatch',
    (pattern) => {
      expect(simpleBraceExpand(pattern)).toBeUndefined();
    },
  );
});
