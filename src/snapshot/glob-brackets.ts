import { AST, type MinimatchOptions } from 'minimatch';

/**
 * minimatch 10 translates a `[` by scanning for the end of its character class; when there is none the
 * `[` is a literal and the scan starts again at the next `[`, so a glob segment of n unclosed `[` costs
 * n²/2 steps (4,000 of them took seconds). Repository text supplies globs (`.github/tcop.yml`,
 * `REUSE.toml`), so this rewrites each segment into one minimatch translates to the same regular
 * expression in linear time: every `[` whose class never closes becomes `\[`, which minimatch turns
 * into the same `\[` without a scan.
 *
 * Where a class ends is worked out here for all starting points at once, right to left (the scan from
 * a `[` depends only on its position and two flags once past its first character). The rewrite works
 * on the string parts of minimatch's own parse tree, because a class never reaches past the end of its
 * part (an extglob `(`, `|` or `)`). Removing an unclosed `[` would let the parse tree see `(`, `|` and
 * `)` that it ignored inside that `[`, so those are written escaped (`\(`, `\)`, `[|]`, or `\|` inside a
 * class), which minimatch translates the same; the rewritten segment's parse tree is then compared with
 * the original's, and if they differ the segment is left as it was.
 */
export function linearBrackets(glob: string, options: MinimatchOptions): string {
  if (!glob.includes('[') || (!options.nocomment && glob.startsWith('#'))) return glob;
  let negation = 0;
  if (!options.nonegate) while (glob.charAt(negation) === '!') negation++;
  const segments = glob.slice(negation).split('/');
  return glob.slice(0, negation) + segments.map((s) => linearSegment(s, options)).join('/');
}

type Node = (string | Node | Marker)[];
type Marker = Record<string, never>;

function linearSegment(segment: string, options: MinimatchOptions): string {
  if (!segment.includes('[')) return segment;
  const tree = AST.fromGlob(segment, options).toJSON() as Node;
  const rewritten = mapStrings(tree, 'plain', rewritePart);
  const text = serialise(rewritten, false);
  if (text === segment) return segment;
  const check = AST.fromGlob(text, options).toJSON() as Node;
  return JSON.stringify(check) === JSON.stringify(rewritten) ? text : segment;
}

const EXTGLOB_TYPES = new Set(['!', '?', '+', '*', '@']);

/**
 * minimatch's JSON form: a plain node lists its string parts and child nodes, with `[]` first at the
 * start of the segment and `{}` last at its end; an extglob node is its one-character type followed by
 * its alternatives (plain nodes). An unfinished extglob is a plain child node holding its text.
 */
const isExtglob = (element: Node): boolean =>
  typeof element[0] === 'string' && element[0].length === 1 && EXTGLOB_TYPES.has(element[0]);

/**
 * Applies f to every string part. The text of an unfinished extglob keeps its opening `X(` as it is,
 * so that the rewritten segment has the same unfinished extglob.
 */
function mapStrings(
  node: Node,
  kind: 'plain' | 'extglob' | 'unfinished',
  f: (part: string, keep: number) => string,
): Node {
  return node.map((element, i) => {
    if (kind === 'extglob') return i === 0 ? element : mapStrings(element as Node, 'plain', f);
    if (typeof element === 'string') return f(element, kind === 'unfinished' ? 2 : 0);
    if (Array.isArray(element)) {
      if (element.length === 0 && i === 0) return element;
      return mapStrings(element, isExtglob(element) ? 'extglob' : 'unfinished', f);
    }
    return element;
  });
}

/** The glob text of a parse tree (minimatch's AST.toString, from its JSON form). */
function serialise(node: Node, extglob: boolean): string {
  if (extglob) {
    const [type, ...alternatives] = node;
    return `${String(type)}(${alternatives.map((a) => serialise(a as Node, false)).join('|')})`;
  }
  return node
    .map((element, i) => {
      if (typeof element === 'string') return element;
      if (Array.isArray(element)) {
        return element.length === 0 && i === 0 ? '' : serialise(element, isExtglob(element));
      }
      return '';
    })
    .join('');
}

/**
 * One string part, walked the way minimatch's `parseGlob` walks it: escapes, then `[` either opens a
 * class to its end or is a literal. Literal `[` become `\[`; `(`, `)` and `|` are escaped.
 */
function rewritePart(part: string, keep: number): string {
  if (!part.includes('[')) return part;
  const classes = new ClassEnds(part);
  let out = part.slice(0, keep);
  let literal = false;
  let i = keep;
  while (i < part.length) {
    const c = part[i]!;
    if (c === '\\') {
      // An escaped character is copied as it is; a trailing backslash is a literal backslash.
      out += part.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '[') {
      const end = classes.endFrom(i);
      if (end === undefined) {
        out += '\\[';
        literal = true;
        i++;
        continue;
      }
      out += escapeInClass(part.slice(i, end));
      i = end;
      continue;
    }
    out += c === '(' || c === ')' ? `\\${c}` : c === '|' ? '[|]' : c;
    i++;
  }
  return literal ? out : part;
}

/** Inside a class, `\(`, `\)` and `\|` are the same members as `(`, `)` and `|`. */
function escapeInClass(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      out += text.slice(i, i + 2);
      i++;
    } else out += c === '(' || c === ')' || c === '|' ? `\\${c}` : c;
  }
  return out;
}

const POSIX_CLASSES = [
  '[:alnum:]',
  '[:alpha:]',
  '[:ascii:]',
  '[:blank:]',
  '[:cntrl:]',
  '[:digit:]',
  '[:graph:]',
  '[:lower:]',
  '[:print:]',
  '[:punct:]',
  '[:space:]',
  '[:upper:]',
  '[:word:]',
  '[:xdigit:]',
];

const FAIL = -1;

/**
 * Where minimatch's `parseClass` stops for a class opened at any `[` of one string part: the index
 * after the class, or the end of the part when the class poisons the rest (a POSIX class after a range
 * start, or no valid member), or undefined when it never closes. Past its first character the scan's
 * course depends only on (position, escaping, range started), so each of those states is resolved once.
 */
class ClassEnds {
  /** Per state: end index, or FAIL; 4 states per position. */
  private readonly end: Int32Array;
  /** Per state: whether the rest of the class has a member that is kept (a valid range or character). */
  private readonly member: Uint8Array;

  constructor(private readonly text: string) {
    const n = text.length;
    this.end = new Int32Array((n + 1) * 4);
    this.member = new Uint8Array((n + 1) * 4);
    for (let i = n; i >= 0; i--) for (let state = 0; state < 4; state++) this.resolve(i, state);
  }

  endFrom(position: number): number | undefined {
    const text = this.text;
    let i = position + 1;
    if (i < text.length && (text[i] === '!' || text[i] === '^')) i++;
    if (i >= text.length) return undefined;
    // The first character cannot close the class; otherwise it is read like any other.
    const step = text[i] === ']' ? this.plain(i) : this.step(i, 0);
    const [end, member] = step;
    if (end === FAIL) return undefined;
    return member ? end : text.length;
  }

  private resolve(i: number, state: number): void {
    const [end, member] = i >= this.text.length ? [FAIL, false] : this.step(i, state);
    this.end[i * 4 + state] = end;
    this.member[i * 4 + state] = member ? 1 : 0;
  }

  private at(i: number, escaping: boolean, range: boolean): [number, boolean] {
    const k = i * 4 + (escaping ? 1 : 0) + (range ? 2 : 0);
    if (i > this.text.length) return [FAIL, false];
    return [this.end[k]!, this.member[k] === 1];
  }

  /** One step of the scan in a state that has seen its first character (state bit 0: escaping, bit 1: range). */
  private step(i: number, state: number): [number, boolean] {
    const text = this.text;
    const escaping = (state & 1) === 1;
    const range = (state & 2) === 2;
    const c = text[i]!;
    if (c === ']' && !escaping) return [i + 1, false];
    if (c === '\\' && !escaping) return this.at(i + 1, true, range);
    if (c === '[' && !escaping) {
      for (const cls of POSIX_CLASSES) {
        if (text.startsWith(cls, i)) {
          if (range) return [text.length, true];
          const [end] = this.at(i + cls.length, false, false);
          return [end, true];
        }
      }
    }
    if (range) {
      const start = text[escaping ? i - 3 : i - 2]!;
      const [end, member] = this.at(i + 1, false, false);
      return [end, member || c >= start];
    }
    return this.plain(i);
  }

  /** A character that is not a range end: a range start, `c-` before `]`, or a single member. */
  private plain(i: number): [number, boolean] {
    const text = this.text;
    if (text.startsWith('-]', i + 1)) return [this.at(i + 2, false, false)[0], true];
    if (text.startsWith('-', i + 1)) return this.at(i + 2, false, true);
    return [this.at(i + 1, false, false)[0], true];
  }
}
