/**
 * minimatch's translation (dot files included, no braces) of the globs most checks use, written out
 * without running minimatch: literal names, `*`, `?` and classes of plain characters inside a
 * segment, and `**` as a whole segment. It returns exactly the regular expression source minimatch
 * 10's makeRe gives for them (a test compares the two over every combination of such segments), and
 * undefined for anything else, which minimatch then translates: negated classes, ranges, braces,
 * extglobs, escapes, negations, comments, empty, `.` or `..` segments, runs of wildcards inside a
 * segment, and segments starting with `.` and holding a wildcard. It exists because minimatch's
 * first translations in a process cost more than a small repository's whole audit of the files they
 * select: its parser runs cold.
 */
export function simpleGlobSource(glob: string): string | undefined {
  if (glob === '' || UNSUPPORTED.test(glob)) return undefined;
  const parts: (string | typeof GLOBSTAR)[] = [];
  for (const segment of glob.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') return undefined;
    if (segment === '**') {
      // minimatch folds a run of globstars into one.
      if (parts[parts.length - 1] !== GLOBSTAR) parts.push(GLOBSTAR);
      continue;
    }
    const source = segmentSource(segment);
    if (source === undefined) return undefined;
    parts.push(source);
  }
  // minimatch's makeRe joining step, as it is: a globstar folds into the part before or after it,
  // and the part after a middle one is marked consumed (so `a/**/b/**` ends at `b`).
  parts.forEach((part, i) => {
    const next = parts[i + 1];
    const prev = parts[i - 1];
    if (part !== GLOBSTAR || prev === GLOBSTAR) return;
    if (prev === undefined) {
      if (next !== undefined && next !== GLOBSTAR) parts[i + 1] = `(?:\\/|${TWO_STAR}\\/)?${next}`;
      else parts[i] = TWO_STAR;
    } else if (next === undefined) {
      parts[i - 1] = `${prev}(?:\\/|\\/${TWO_STAR})?`;
    } else if (next !== GLOBSTAR) {
      parts[i - 1] = `${prev}(?:\\/|\\/${TWO_STAR}\\/)${next}`;
      parts[i + 1] = GLOBSTAR;
    }
  });
  return `^${parts.filter((p) => p !== GLOBSTAR).join('\\/')}$`;
}

const GLOBSTAR = Symbol('globstar');
/** minimatch's `**` with dot files: any run of characters that has no `.` or `..` segment. */
const TWO_STAR = '(?:(?!(?:\\/|^)(?:\\.{1,2})($|\\/)).)*?';
/** Put before a segment starting with a wildcard or class: it never matches a `.` or `..` segment. */
const NOT_DOTS = '(?!(?:^|\\/)\\.\\.?(?:$|\\/))';
/** Glob syntax left to minimatch, and whitespace, which minimatch escapes its own way. */
const UNSUPPORTED = /[{}()!+@\\#\s]|^!|^#/;
/** A class this translation takes: two or more plain characters, a `-` only first or last. */
const CLASS = /^\[(-?)([A-Za-z0-9_.]+)(-?)\]/;

function segmentSource(segment: string): string | undefined {
  if (segment.includes('**') || /\*\?|\?\*/.test(segment)) return undefined;
  if (segment.startsWith('.') && /[*?[]/.test(segment)) return undefined;
  const guard = /^[*?[]/.test(segment) ? NOT_DOTS : '';
  if (segment === '*') return `${guard}[^/]+?`;
  let source = guard;
  for (let i = 0; i < segment.length;) {
    const char = segment[i]!;
    if (char === '[') {
      const m = CLASS.exec(segment.slice(i));
      if (!m) return undefined;
      const members = `${m[1]}${m[2]}${m[3]}`;
      if (members.length < 2 || new Set(members).size !== members.length) return undefined;
      source += `[${members.replaceAll('-', '\\-')}]`;
      i += m[0].length;
      continue;
    }
    if (char === ']') return undefined;
    if (char === '*') source += '[^/]*?';
    else if (char === '?') source += '[^/]';
    else source += ESCAPED.test(char) ? `\\${char}` : char;
    i++;
  }
  return source;
}

/** The characters minimatch escapes in a literal part of a glob (its regExpEscape, and `/`). */
const ESCAPED = /[-[\]{}()*+?.,\\^$|#/]/;

/**
 * minimatch's brace expansion of globs whose braces are all one level deep, each with two or more
 * non-empty alternatives of plain glob text (`*.{yml,yaml}`, `{a,b}/**∕*.{ts,py}`): the alternatives
 * in order, the first group outermost. Undefined for anything else (nesting, empty alternatives,
 * sequences such as `{1..3}`, escapes, `$`), which minimatch expands.
 */
export function simpleBraceExpand(pattern: string): string[] | undefined {
  if (!pattern.includes('{')) return [pattern];
  if (/[\\$]/.test(pattern)) return undefined;
  let expanded = [''];
  const group = /\{([^{}]*)\}/g;
  let at = 0;
  for (let m = group.exec(pattern); m; m = group.exec(pattern)) {
    const literal = pattern.slice(at, m.index);
    if (/[{}]/.test(literal)) return undefined;
    const alternatives = m[1]!.split(',');
    if (alternatives.length < 2 || alternatives.some((a) => a === '' || a.includes('..'))) return undefined;
    expanded = expanded.flatMap((head) => alternatives.map((a) => `${head}${literal}${a}`));
    at = m.index + m[0].length;
  }
  const tail = pattern.slice(at);
  if (/[{}]/.test(tail)) return undefined;
  return expanded.map((head) => `${head}${tail}`);
}
