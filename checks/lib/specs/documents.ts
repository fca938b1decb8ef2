import { isMap, isScalar, isSeq, LineCounter, type Document, type Node as YamlNode } from 'yaml';
import { parseYamlDocument } from '../../../src/engine/yaml-nesting.js';
import type { Snapshot } from '../../../src/snapshot/snapshot.js';
import { hasDuplicateKeys, jsonPositions, looksLikeJson } from './json-positions.js';
import { arrayIndex, valueAtPointer } from './pointer.js';
import type { InterfaceSpec } from './types.js';

/**
 * YAML and JSON files parsed once per snapshot, with positions. JSON is parsed by the YAML parser
 * too (YAML 1.2 is a superset of JSON), so one position model serves both and a validator's JSON
 * pointer can be turned into a line in either. Valid JSON (a `.json` file whose text opens with `{`
 * or `[`) takes a faster path with the same results: `JSON.parse` for the value and a position index
 * that scans only the containers a pointer passes through. JSON that does not parse, or that repeats
 * a key, goes through the YAML parser, which reports where.
 */
export interface StructuredDocument {
  path: string;
  /** The plain value (`undefined` when the text did not parse). */
  value: unknown;
  errors: { message: string; line: number; column: number }[];
  /** Line and column of the node a JSON pointer names in this file, or of its nearest ancestor. */
  locate(pointer: readonly string[]): { line: number; column: number; exact: boolean };
  /**
   * Whether a node exists at a pointer (without following `$ref`), and the `$ref` string of the
   * mapping there, if it holds one.
   */
  refAt(pointer: readonly string[]): { found: boolean; ref: string | undefined };
  /** Every `$ref` string in the file, with where it is. */
  refs(): RefSite[];
}

export interface RefSite {
  ref: string;
  line: number;
  /** JSON pointer of the object holding the `$ref`. */
  pointer: string[];
}

const cache = new WeakMap<Snapshot, Map<string, StructuredDocument | undefined>>();

/** The parsed document at `path`, or undefined when the snapshot holds no text for it. */
export function structuredDocument(snapshot: Snapshot, path: string): StructuredDocument | undefined {
  let perSnapshot = cache.get(snapshot);
  if (!perSnapshot) cache.set(snapshot, (perSnapshot = new Map()));
  if (perSnapshot.has(path)) return perSnapshot.get(path);
  const text = snapshot.text(path);
  const doc = text === undefined ? undefined : parseStructured(path, text);
  perSnapshot.set(path, doc);
  return doc;
}

/** Parses YAML or JSON text into a {@link StructuredDocument}. */
export function parseStructured(path: string, text: string): StructuredDocument {
  return (looksLikeJson(path, text) && parseJson(path, text)) || parseYaml(path, text);
}

/** Valid JSON without repeated keys, or undefined (the YAML path then reports what is wrong). */
function parseJson(path: string, text: string): StructuredDocument | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (hasDuplicateKeys(text, value)) return undefined;
  const positions = jsonPositions(text);
  let refSites: RefSite[] | undefined;
  return {
    path,
    value,
    errors: [],
    locate(pointer) {
      const found = positions.locate(pointer);
      return { ...positions.linePos(found.offset), exact: found.exact };
    },
    refAt(pointer) {
      if (!positions.locate(pointer).exact) return { found: false, ref: undefined };
      const node = valueAtPointer(value, pointer);
      return { found: true, ref: isRecord(node) && typeof node.$ref === 'string' ? node.$ref : undefined };
    },
    refs() {
      if (!refSites) {
        const sites: { ref: string; pointer: string[]; offset: number }[] = [];
        collectValueRefs(value, [], (ref, pointer) =>
          sites.push({ ref, pointer, offset: positions.locate([...pointer, '$ref']).offset }),
        );
        // Document order, as the text has it (a JS object lists integer-like keys first).
        sites.sort((a, b) => a.offset - b.offset);
        refSites = sites.map((s) => ({
          ref: s.ref,
          line: positions.linePos(s.offset).line,
          pointer: s.pointer,
        }));
      }
      return refSites;
    },
  };
}

function collectValueRefs(
  node: unknown,
  pointer: string[],
  add: (ref: string, pointer: string[]) => void,
): void {
  if (Array.isArray(node)) node.forEach((item, i) => collectValueRefs(item, [...pointer, String(i)], add));
  else if (isRecord(node))
    for (const [key, v] of Object.entries(node)) {
      if (key === '$ref' && typeof v === 'string') add(v, pointer);
      else collectValueRefs(v, [...pointer, key], add);
    }
}

function parseYaml(path: string, text: string): StructuredDocument {
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter, prettyErrors: false, strict: false });
  const pos = (offset: number): { line: number; column: number } => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const errors = doc.errors.map((e) => ({
    message: e.message.split('\n')[0] ?? e.message,
    ...pos(e.pos[0]),
  }));
  let value: unknown;
  if (errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      errors.push({ message: e instanceof Error ? e.message : String(e), line: 1, column: 1 });
    }
  }
  let refSites: RefSite[] | undefined;
  return {
    path,
    value,
    errors,
    refAt(pointer) {
      const node = walk(doc, pointer).node;
      const ref: unknown = isMap(node) ? node.get('$ref') : undefined;
      return { found: Boolean(node), ref: typeof ref === 'string' ? ref : undefined };
    },
    locate(pointer) {
      const found = walk(doc, pointer);
      return { ...pos(found.offset), exact: found.exact };
    },
    refs() {
      if (!refSites) {
        refSites = [];
        collectRefs(doc.contents, [], refSites, pos);
      }
      return refSites;
    },
  };
}

function keyOf(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function walk(
  doc: Document,
  pointer: readonly string[],
): { node: YamlNode | undefined; offset: number; exact: boolean } {
  let node: unknown = doc.contents;
  let offset = (doc.contents as YamlNode | null)?.range?.[0] ?? 0;
  for (const segment of pointer) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyOf(p.key) === segment);
      if (!pair) return { node: undefined, offset, exact: false };
      // The key's line is where a reader looks for a property, even when its value is a block.
      offset = (pair.key as YamlNode | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = arrayIndex(segment);
      const item = (index === undefined ? undefined : node.items[index]) as YamlNode | undefined;
      if (!item) return { node: undefined, offset, exact: false };
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return { node: undefined, offset, exact: false };
    }
  }
  return { node: node as YamlNode | undefined, offset, exact: true };
}

function collectRefs(
  node: unknown,
  pointer: string[],
  out: RefSite[],
  pos: (offset: number) => { line: number },
): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = keyOf(pair.key);
      if (key === undefined) continue;
      if (key === '$ref' && isScalar(pair.value) && typeof pair.value.value === 'string') {
        out.push({ ref: pair.value.value, line: pos((pair.key as YamlNode).range?.[0] ?? 0).line, pointer });
      } else {
        collectRefs(pair.value, [...pointer, key], out, pos);
      }
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => collectRefs(item, [...pointer, String(i)], out, pos));
  }
}

/** `#/a/b~1c` → ['a', 'b/c'] (RFC 6901). */
export function parsePointer(fragment: string): string[] {
  const body = fragment.replace(/^#/, '');
  if (body === '' || body === '/') return [];
  return body
    .replace(/^\//, '')
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
}

export type RefKind = 'internal' | 'remote' | 'file';

/** What a `$ref` points at, resolved against the referring file (posix, relative to the repository root). */
export function classifyRef(
  ref: string,
  fromPath: string,
): { kind: RefKind; file: string; pointer: string[] } {
  const hash = ref.indexOf('#');
  const target = hash === -1 ? ref : ref.slice(0, hash);
  const pointer = hash === -1 ? [] : parsePointer(ref.slice(hash));
  if (target === '') return { kind: 'internal', file: fromPath, pointer };
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//'))
    return { kind: 'remote', file: target, pointer };
  return { kind: 'file', file: joinPosix(dirOf(fromPath), safeDecode(target)), pointer };
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

/** Joins and normalises posix paths; a path escaping the root keeps its leading `..`. */
export function joinPosix(base: string, relative: string): string {
  const parts = (
    relative.startsWith('/') ? relative.slice(1) : base === '' ? relative : `${base}/${relative}`
  ).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** Where a pointer was found: `exact` when the whole pointer exists, else the nearest ancestor. */
export interface Located {
  path: string;
  line: number;
  column: number;
  exact: boolean;
  /** The pointer runs into a `$ref` the audit could not follow (remote, or to a missing file). */
  unresolvedRef?: boolean;
}

/**
 * Where a JSON pointer into a multi-file spec really is: walks the pointer from `path`, following
 * `$ref`s into other files of the snapshot when the walk reaches one.
 */
export function locateAcrossRefs(snapshot: Snapshot, path: string, pointer: readonly string[]): Located {
  let file = path;
  let doc = structuredDocument(snapshot, file);
  if (!doc) return { path, line: 1, column: 1, exact: false };
  let base: string[] = [];
  let remaining = [...pointer];
  for (let hops = 0; hops < 32; hops++) {
    // Find the deepest prefix of the remaining pointer that exists here.
    let consumed = 0;
    // A key whose value is null (`{ read:vat }` in a flow mapping) exists too.
    while (consumed < remaining.length && doc.locate([...base, ...remaining.slice(0, consumed + 1)]).exact)
      consumed++;
    const here = [...base, ...remaining.slice(0, consumed)];
    const { ref } = doc.refAt(here);
    const exact = consumed === remaining.length;
    if (ref === undefined) {
      const at = doc.locate(here);
      return { path: file, line: at.line, column: at.column, exact };
    }
    // A `$ref` on the way (or at the end): what the validator judged is the target's content.
    const target = classifyRef(ref, file);
    const next = target.kind === 'remote' ? undefined : structuredDocument(snapshot, target.file);
    if (!next || !next.refAt(target.pointer).found) {
      const at = doc.locate(here);
      return { path: file, line: at.line, column: at.column, exact, unresolvedRef: true };
    }
    file = target.file;
    doc = next;
    base = target.pointer;
    remaining = remaining.slice(consumed);
  }
  return { path: file, line: 1, column: 1, exact: false };
}

/** Deep-copies a plain value, replacing the `$ref` objects `drop` selects with `{}`. */
export function withoutRefs(value: unknown, drop: (ref: string) => boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutRefs(v, drop));
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.$ref === 'string' && drop(record.$ref)) return {};
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) out[k] = withoutRefs(v, drop);
    return out;
  }
  return value;
}

/** Pointer segments of an ajv `instancePath` (`/paths/~1pets/get`). */
export function instancePathSegments(instancePath: string): string[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A spec whose file does not parse: invalid, with every parse error at its line. */
export function unparsedSpec(
  known: Pick<InterfaceSpec, 'path' | 'format'> & Partial<Pick<InterfaceSpec, 'version' | 'resourceType'>>,
  errors: StructuredDocument['errors'],
): InterfaceSpec {
  return {
    ...known,
    operations: 0,
    valid: false,
    problems: errors.map((e) => ({
      path: known.path,
      line: e.line,
      column: e.column,
      severity: 'error' as const,
      message: e.message,
    })),
    unresolvedRefs: [],
    includes: [],
  };
}
