import { minimatch } from 'minimatch';
import { linearBrackets } from './glob-brackets.js';
import { simpleBraceExpand, simpleGlobSource } from './glob-simple.js';

/** How every glob in tcop-audit matches: minimatch with dot files included (`wants`, `ignore`, `glob()`). */
export const GLOB_OPTIONS = { dot: true } as const;

/**
 * Compiles globs into one predicate that matches exactly what minimatch matches, built for testing
 * 100,000 paths against dozens of globs. After brace expansion each glob falls in one of three groups:
 *  - `**∕name`: tested against the base name only (a short string, one regular expression for all);
 *  - no `**`: a glob of N segments only matches paths of N segments, so each path is tested against
 *    the globs of its own depth only;
 *  - any other `**` glob: tested against the whole path.
 */
export function compileGlobs(
  patterns: readonly string[],
  options: { nocase?: boolean } = {},
): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  if (patterns.includes('**')) return () => true;
  const nocase = options.nocase ?? false;
  const baseNames: string[] = [];
  const byDepth = new Map<number, string[]>();
  const anywhere: string[] = [];
  const withLiterals: { literals: string[]; source: string }[] = [];
  for (const pattern of patterns) {
    for (const expanded of braceExpand(pattern)) {
      const segments = expanded.split('/');
      if (segments.length === 2 && segments[0] === '**' && !segments[1]!.includes('**')) {
        // The name alone may start with `!(…)`, an extglob here, not a negation of the whole glob.
        const re = regexSource(segments[1]!, nocase, true);
        if (re) baseNames.push(re);
      } else if (!segments.some((s) => s.includes('**'))) {
        const re = regexSource(expanded, nocase);
        if (!re) continue;
        const list = byDepth.get(segments.length);
        if (list) list.push(re);
        else byDepth.set(segments.length, [re]);
      } else {
        // minimatch matches `docs/**` against files under docs/ only, but its regular expression also
        // accepts a file named `docs`; `docs/**/*` is the same glob without that gap.
        const re = regexSource(expanded.endsWith('/**') ? `${expanded}/*` : expanded, nocase);
        if (!re) continue;
        const literals = literalSegments(expanded, nocase);
        if (literals.length > 0) withLiterals.push({ literals, source: re });
        else anywhere.push(re);
      }
    }
  }
  const flags = nocase ? 'i' : '';
  const union = (sources: string[]): RegExp | undefined =>
    sources.length === 0 ? undefined : new RegExp(sources.map((s) => `(?:${s})`).join('|'), flags);
  const baseNameRe = union(baseNames);
  const depthRe = new Map([...byDepth].map(([depth, sources]) => [depth, union(sources)!]));
  const anywhereRe = union(anywhere);
  const guarded = withLiterals.map(({ literals, source }) => ({ literals, re: new RegExp(source, flags) }));
  return (path) => {
    const slash = path.lastIndexOf('/');
    if (baseNameRe?.test(slash === -1 ? path : path.slice(slash + 1))) return true;
    if (depthRe.size > 0) {
      let depth = 1;
      for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) depth++;
      if (depthRe.get(depth)?.test(path)) return true;
    }
    if (anywhereRe?.test(path)) return true;
    if (guarded.length === 0) return false;
    const haystack = nocase ? path.toLowerCase() : path;
    for (const { literals, re } of guarded)
      if (literals.every((l) => haystack.includes(l)) && re.test(path)) return true;
    return false;
  };
}

/**
 * The segments of a brace-free glob that are plain names (`cloudformation` in
 * `**∕cloudformation/**∕*.yml`): any path it matches has each of them as a segment, so a path that
 * does not contain them is refused without running the glob's regular expression, whose `**` steps
 * cost a test at every character. None for a negated glob or a comment, which match paths without
 * them. With `nocase`, only ASCII names, lower-cased, to be found in the lower-cased path: the
 * expression's case folding never maps another character to an ASCII one.
 */
function literalSegments(glob: string, nocase: boolean): string[] {
  if (glob.startsWith('!') || glob.startsWith('#')) return [];
  return glob
    .split('/')
    .filter((s) => s !== '' && s !== '.' && s !== '..' && !GLOB_SYNTAX.test(s))
    .filter((s) => !nocase || /^[\x20-\x7e]+$/.test(s))
    .map((s) => (nocase ? s.toLowerCase() : s));
}

/**
 * minimatch's own translation of one brace-free glob; undefined when it can match nothing. Kept for
 * the process: the checks compile the same globs again and again (a catalogue's globs all together,
 * then each standard's, then each glob alone).
 */
function regexSource(glob: string, nocase: boolean, nonegate = false): string | undefined {
  const key = `${nocase ? 'i' : 's'}${nonegate ? 'n' : '-'}${glob}`;
  if (translated.has(key)) return translated.get(key);
  const source = translate(glob, nocase, nonegate);
  if (translated.size >= 10_000) translated.clear();
  translated.set(key, source);
  return source;
}

const translated = new Map<string, string | undefined>();

function translate(glob: string, nocase: boolean, nonegate: boolean): string | undefined {
  const simple = simpleGlobSource(glob);
  if (simple !== undefined) return simple;
  const options = { ...GLOB_OPTIONS, nocase, nonegate, nobrace: true };
  // The same glob with unclosed `[` escaped, so minimatch translates it in linear time.
  const re = new minimatch.Minimatch(linearBrackets(glob, options), options).makeRe();
  return re ? re.source : undefined;
}

/** minimatch's brace expansion, written out for plain braces (glob-simple.ts). */
const braceExpand = (pattern: string): string[] =>
  simpleBraceExpand(pattern) ?? minimatch.braceExpand(pattern);

/** Characters that make a glob more than a literal path (minimatch: wildcards, classes, braces, extglobs, escapes). */
const GLOB_SYNTAX = /[*?[\]{}()!+@\\#]/;

/**
 * The literal start every path a glob matches must have ('' when it has none), for each glob after
 * brace expansion: `.github/workflows/*.yml` can only match paths under `.github/workflows/`, so
 * a caller holding sorted paths need test only that range. A start with an empty, `.` or `..`
 * segment is not trusted (minimatch normalises those), nor is a negation or a comment: '' then.
 */
export function literalPrefixes(patterns: readonly string[]): string[] {
  return patterns.flatMap((pattern) =>
    braceExpand(pattern).map((glob) => {
      const at = glob.search(GLOB_SYNTAX);
      const prefix = at === -1 ? glob : glob.slice(0, at);
      const dirs = prefix.split('/').slice(0, -1);
      return dirs.some((d) => d === '' || d === '.' || d === '..') ? '' : prefix;
    }),
  );
}
