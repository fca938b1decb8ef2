import { lineIndexAt, lineStartsOf } from '../line-index.js';
import { arrayIndex } from './pointer.js';

/**
 * Positions in JSON text without building a syntax tree: the value comes from `JSON.parse`, and
 * the offset of a key or array item is found by scanning only the containers a pointer passes
 * through (each container's members are indexed once, on first use).
 */

export interface JsonPositions {
  /** Offset of the node a pointer names (a property's key, an item's first character), or of its nearest ancestor. */
  locate(pointer: readonly string[]): { offset: number; exact: boolean };
  /** Offset → 1-based line and column. */
  linePos(offset: number): { line: number; column: number };
}

interface Member {
  /** Offset of the key (object member) or of the value (array item). */
  at: number;
  /** Offset of the member's value. */
  value: number;
}

/** Text that should take the JSON path: it starts (after whitespace) with `{` or `[`. */
export function looksLikeJson(path: string, text: string): boolean {
  const first = /\S/.exec(text.slice(0, 4096))?.[0];
  return (first === '{' || first === '[') && /\.json$/i.test(path);
}

/** Keys written in the text, counted without decoding them. */
function keysInText(text: string): number {
  let keys = 0;
  // Per open container: true for an object.
  const stack: boolean[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      if (expectKey) keys++;
      expectKey = false;
      i = stringEnd(text, i);
      continue;
    }
    if (c === 0x7b /* { */) {
      stack.push(true);
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      stack.push(false);
      expectKey = false;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = stack[stack.length - 1] === true;
    }
    i++;
  }
  return keys;
}

function keysInValue(value: unknown): number {
  if (Array.isArray(value)) {
    let n = 0;
    for (const item of value) n += keysInValue(item);
    return n;
  }
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  for (const k in value) {
    n++;
    n += keysInValue((value as Record<string, unknown>)[k]);
  }
  return n;
}

/**
 * True when valid JSON text repeats a key in some object: `JSON.parse` keeps the last silently, so
 * the parsed value then has fewer keys than the text writes.
 */
export function hasDuplicateKeys(text: string, value: unknown): boolean {
  return keysInText(text) !== keysInValue(value);
}

function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q === -1) return text.length;
    let backslashes = 0;
    for (let j = q - 1; text.charCodeAt(j) === 0x5c; j--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    i = q + 1;
  }
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** Offset just past the value starting at `i` (valid JSON assumed). */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return stringEnd(text, i);
  if (c !== 0x7b && c !== 0x5b) {
    while (i < text.length) {
      const d = text.charCodeAt(i);
      if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09)
        return i;
      i++;
    }
    return i;
  }
  let depth = 0;
  while (i < text.length) {
    const d = text.charCodeAt(i);
    if (d === 0x22) {
      i = stringEnd(text, i);
      continue;
    }
    if (d === 0x7b || d === 0x5b) depth++;
    else if (d === 0x7d || d === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return i;
}

function decodeKey(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

/** Members of the container whose opening bracket is at `open`. */
function indexContainer(text: string, open: number): Map<string, Member> {
  const members = new Map<string, Member>();
  const isObject = text.charCodeAt(open) === 0x7b;
  let i = skipSpace(text, open + 1);
  let index = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x7d || c === 0x5d) break;
    if (isObject) {
      const keyEnd = stringEnd(text, i);
      const key = decodeKey(text, i, keyEnd);
      let j = skipSpace(text, keyEnd);
      j = skipSpace(text, j + 1); // past ':'
      if (!members.has(key)) members.set(key, { at: i, value: j });
      i = skipValue(text, j);
    } else {
      members.set(String(index++), { at: i, value: i });
      i = skipValue(text, i);
    }
    i = skipSpace(text, i);
    if (text.charCodeAt(i) === 0x2c) i = skipSpace(text, i + 1);
  }
  return members;
}

/** A position index over valid JSON text whose root is an object or an array. */
export function jsonPositions(text: string): JsonPositions {
  const root = skipSpace(text, 0);
  const containers = new Map<number, Map<string, Member>>();
  let lineStarts: number[] | undefined;
  return {
    locate(pointer) {
      let offset = root;
      let valueAt = root;
      for (const segment of pointer) {
        const c = text.charCodeAt(valueAt);
        if (c !== 0x7b && c !== 0x5b) return { offset, exact: false };
        let members = containers.get(valueAt);
        if (!members) containers.set(valueAt, (members = indexContainer(text, valueAt)));
        // An array segment is an index as pointer.ts spells it, as every pointer walk reads it.
        const index = c === 0x5b ? arrayIndex(segment) : undefined;
        const member =
          c === 0x5b ? (index === undefined ? undefined : members.get(String(index))) : members.get(segment);
        if (!member) return { offset, exact: false };
        offset = member.at;
        valueAt = member.value;
      }
      return { offset, exact: true };
    },
    linePos(offset) {
      lineStarts ??= lineStartsOf(text);
      const index = lineIndexAt(lineStarts, offset);
      return { line: index + 1, column: offset - (lineStarts[index] as number) + 1 };
    },
  };
}
