import type { Span } from '../engine/check.js';
import { visible } from './visible.js';

/**
 * Markdown the outputs share: check runs, `--format markdown`, pull-request summaries. Text from a
 * repository (finding values, paths, exemption reasons, config errors) goes through {@link mdText} or
 * {@link mdCode}: on GitHub it renders as the characters it is, never as a heading, list, link, image,
 * HTML, table cell break, mention or issue reference. Our own wording and markup are written as is.
 */

/** Inline syntax anywhere in a line: escapes, code, emphasis, links and images, HTML, entities, strikethrough, tables, math. */
const INLINE = /[\\`*_[\]<>&~|$]/;
/** A block marker at the start of a line (after its blanks); for `1.` the delimiter is escaped. */
const BLOCK_MARKER = /^(?:[#>+=*_`~<|\\[-]|\d{1,9}[.)])/;
const ZWSP = '&#8203;';

/** Text in running Markdown: the check's wording (written as is) or a value (escaped). */
interface Piece {
  text: string;
  value: boolean;
}

/**
 * Where GitHub would link rendered text, as the offsets to put a zero-width space at: after `@`
 * (mentions and e-mail addresses), after `#` before a digit (issue references), after `:` before `//`
 * (bare URLs), before the `.` of `www.`. Only where a value's character is part of the pattern.
 */
function linkBreaks(text: string, isValue: readonly boolean[]): Set<number> {
  const at = new Set<number>();
  for (const m of text.matchAll(/@|#(?=\d)|:(?=\/\/)|(?<=www)\./gi)) {
    const i = m.index;
    const span = m[0] === '.' ? [i - 3, i] : [i, i + (m[0] === ':' ? 2 : 1)];
    let touches = false;
    for (let k = span[0] as number; k <= (span[1] as number); k++) touches ||= isValue[k] === true;
    if (touches) at.add(m[0] === '.' ? i : i + 1);
  }
  return at;
}

/**
 * Running text as Markdown that renders as exactly its characters on GitHub, values made visible
 * ({@link visible}: no line break, so no new block). In values every inline syntax character is
 * backslash-escaped; at the start of a line, a block marker is escaped and leading blanks written as
 * character references; a zero-width space breaks what GitHub links after rendering ({@link linkBreaks},
 * the way Renovate breaks mentions and references). The wording is written as is, but for `\` and `<`.
 */
function escapeRun(pieces: readonly Piece[], lineStart: boolean): string {
  let text = '';
  const isValue: boolean[] = [];
  for (const p of pieces) {
    const shown = p.value ? visible(p.text) : p.text;
    text += shown;
    for (let k = 0; k < shown.length; k++) isValue.push(p.value);
  }
  const breaks = linkBreaks(text, isValue);
  const blanks = lineStart ? (/^[ \t]*/.exec(text)?.[0].length ?? 0) : 0;
  const start = lineStart ? BLOCK_MARKER.exec(text.slice(blanks)) : null;
  const marker = start ? blanks + start[0].length - 1 : -1;
  let out = '';
  for (let k = 0; k < text.length; k++) {
    const c = text[k] as string;
    if (breaks.has(k)) out += ZWSP;
    if (k < blanks) out += c === ' ' ? '&#32;' : '&#9;';
    else if (k === marker || (isValue[k] ? INLINE.test(c) : c === '\\' || c === '<')) out += `\\${c}`;
    else out += c;
  }
  return breaks.has(text.length) ? out + ZWSP : out;
}

/** Repository text as inline Markdown, at the start of a line or after other text: see {@link escapeRun}. */
export const mdText = (text: string): string => escapeRun([{ text, value: true }], true);

/**
 * Repository text as one inline code span: a fence longer than any run of backticks inside it, padded
 * when the text starts or ends with a backtick or a space. GitHub makes no mention, reference or link
 * inside code. Not for table cells: a `|` there would end the cell.
 */
export function mdCode(text: string): string {
  const content = visible(text);
  if (content.length === 0) return '` `';
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space from each end when both ends have one; a backtick at an end needs one.
  const pad = /^`|`$/.test(content) || /^ [^]*[^ ][^]* $/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * A finding's message (or remediation) as Markdown. The check's wording is plain text whose backtick
 * pairs are code spans; the `filled` ranges are values, maybe from the repository: in text they are
 * escaped, inside one of the wording's code spans the span is re-fenced around them. Without `filled`
 * (a report from before it was recorded) the whole message is treated as repository text.
 */
export function mdMessage(message: string, filled: readonly Span[] | undefined): string {
  if (filled === undefined) return mdText(message);
  const pieces: Piece[] = [];
  let at = 0;
  for (const [start, end] of filled) {
    if (start > at) pieces.push({ text: message.slice(at, start), value: false });
    pieces.push({ text: message.slice(start, end), value: true });
    at = end;
  }
  if (at < message.length) pieces.push({ text: message.slice(at), value: false });
  // The wording's own backticks open and close code spans; an unpaired last one is text.
  const ticks = pieces.reduce((n, p) => (p.value ? n : n + p.text.split('`').length - 1), 0);
  let pairs = Math.floor(ticks / 2);
  let out = '';
  let run: Piece[] = [];
  let code: string | undefined;
  const flush = (): void => {
    out += escapeRun(run, out === '');
    run = [];
  };
  for (const piece of pieces) {
    if (piece.value) {
      if (code === undefined) run.push(piece);
      else code += piece.text;
      continue;
    }
    for (const [i, part] of piece.text.split('`').entries()) {
      if (i > 0) {
        if (code !== undefined) {
          // Two code spans side by side would read as one: a zero-width space keeps them apart.
          out += (out.endsWith('`') ? ZWSP : '') + mdCode(code);
          code = undefined;
        } else if (pairs > 0) {
          pairs--;
          flush();
          code = '';
        } else {
          run.push({ text: '`', value: true });
        }
      }
      if (code === undefined) run.push({ text: part, value: false });
      else code += part;
    }
  }
  flush();
  return out;
}

/** Our own text in a table cell: `|` would end the cell and a line break the row. */
export function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
