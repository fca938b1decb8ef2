import { parse as parseToml, TomlError } from 'smol-toml';
import { parseYamlDocument } from '../../../src/engine/yaml-nesting.js';
import { lineIndexAt, lineStartsOf } from '../line-index.js';
/**
 * 1-based line of a character offset, as `lineOf` in src/snapshot/snapshot.ts, but with the newline
 * offsets of the last text kept: readers ask for hundreds of lines in the same manifest.
 */
let indexedText: string | undefined;
let lineStarts: number[] = [];
export function lineOf(text: string, offset: number): number {
  if (text !== indexedText) {
    indexedText = text;
    lineStarts = lineStartsOf(text);
  }
  return lineIndexAt(lineStarts, offset) + 1;
}

/** Escapes a literal for use inside a RegExp. */
export function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Line of the first match of `pattern` at or after `from`, or undefined. */
export function findLine(text: string, pattern: RegExp, from = 0): number | undefined {
  const offset = findOffset(text, pattern, from);
  return offset === undefined ? undefined : lineOf(text, offset);
}

/** Offset of the first match of `pattern` at or after `from`, or undefined. */
export function findOffset(text: string, pattern: RegExp, from = 0): number | undefined {
  const flags = pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g';
  const re = new RegExp(pattern.source, flags);
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? m.index : undefined;
}

/** First offset (at or after `from`) of each name captured by group 1 of `pattern`: one pass for all dependencies. */
export function offsetsByName(text: string, pattern: RegExp, from = 0): Map<string, number> {
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
  re.lastIndex = from;
  const offsets = new Map<string, number>();
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[1];
    if (name !== undefined && !offsets.has(name)) offsets.set(name, m.index);
  }
  return offsets;
}

/** Offset of `"key":` in JSON text, searching after `from`. */
export function jsonKeyOffset(text: string, key: string, from = 0): number | undefined {
  return findOffset(text, new RegExp(`"${escapeRegExp(key)}"\\s*:`), from);
}

/** Line of `"key":` inside the object that is the value of top-level `"section":`. */
export function jsonKeyLine(text: string, key: string, section?: string): number {
  const start = section === undefined ? 0 : (jsonKeyOffset(text, section) ?? 0);
  const offset = jsonKeyOffset(text, key, start) ?? jsonKeyOffset(text, key) ?? start;
  return lineOf(text, offset);
}

/** JSON.parse that reports where it failed: Node 22+ puts "(line L column C)" in the message; Node 20 does not, so ask the YAML parser, whose flow syntax is a superset of JSON. */
export function parseJson(text: string): { value: unknown } | { error: { message: string; line?: number } } {
  try {
    // A leading UTF-8 byte order mark (Windows editors) is not JSON text to JSON.parse; npm skips it.
    return { value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const lineMatch = /line (\d+) column \d+/.exec(message);
    if (lineMatch) return { error: { message, line: Number(lineMatch[1]) } };
    const positionMatch = /at position (\d+)/.exec(message);
    if (positionMatch) return { error: { message, line: lineOf(text, Number(positionMatch[1])) } };
    const line = parseYamlDocument(text).errors[0]?.linePos?.[0].line;
    return { error: line === undefined ? { message } : { message, line } };
  }
}

/** smol-toml's parse, with the line of a syntax error, shaped like {@link parseJson}. */
export function parseTomlDocument(
  text: string,
): { value: Record<string, unknown> } | { error: { message: string; line?: number } } {
  try {
    return { value: parseToml(text) as Record<string, unknown> };
  } catch (e) {
    return {
      error:
        e instanceof TomlError ? { message: errorMessage(e), line: e.line } : { message: errorMessage(e) },
    };
  }
}

/** Bounds of a TOML table `[header]` (offset of its header line and of the next table header). */
export function tomlTable(text: string, header: string): { start: number; end: number } | undefined {
  const headerRe = new RegExp(
    `^[ \\t]*\\[[ \\t]*${header.split('.').map(escapeRegExp).join('[ \\t]*\\.[ \\t]*')}[ \\t]*\\][ \\t]*(#.*)?$`,
    'm',
  );
  const start = findOffset(text, headerRe);
  if (start === undefined) return undefined;
  const next = findOffset(text, /^[ \t]*\[/m, text.indexOf('\n', start) + 1 || text.length);
  return { start, end: next ?? text.length };
}

/**
 * Line of a TOML key: inside table `[table]` as `key =` or `key.sub =`, else as its own table
 * `[table.key]`, else anywhere as a quoted string (array items), else the table header, else 1.
 */
export function tomlKeyLine(text: string, table: string, key: string): number {
  const bounds = tomlTable(text, table);
  const keyRe = new RegExp(
    `^[ \\t]*("${escapeRegExp(key)}"|'${escapeRegExp(key)}'|${escapeRegExp(key)})[ \\t]*[=.]`,
    'm',
  );
  if (bounds) {
    const offset = findOffset(text.slice(0, bounds.end), keyRe, bounds.start);
    if (offset !== undefined) return lineOf(text, offset);
  }
  const own = tomlTable(text, `${table}.${key}`);
  if (own) return lineOf(text, own.start);
  // Dotted keys under a parent table: `[project]` then `license = …` reached as table 'project'.
  return bounds ? lineOf(text, bounds.start) : 1;
}

/** Line of a string literal (any quote style) in text, or `fallback`. */
export function stringLiteralLine(text: string, value: string, fallback: number, from = 0): number {
  const offset = findOffset(text, new RegExp(`["']${escapeRegExp(value)}["']`), from);
  return offset === undefined ? fallback : lineOf(text, offset);
}

/** A plain record, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asStringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
}

/** Arrays of one element collapse to a value in parsed XML; this undoes that. */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Text of an XML element parsed with `parseTagValue: false` (a string, or `#text` beside attributes). */
export function xmlText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  return asString(asRecord(value)?.['#text'])?.trim();
}
