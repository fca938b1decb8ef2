import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../../../src/snapshot/memory.js';
import {
  classifyRef,
  dirOf,
  instancePathSegments,
  isRecord,
  joinPosix,
  locateAcrossRefs,
  parsePointer,
  parseStructured,
  structuredDocument,
  withoutRefs,
} from './documents.js';

/** Pointers, paths and positions in YAML and JSON documents, each edge pinned. */

describe('pointers and paths', () => {
  it('parses a JSON pointer fragment as RFC 6901 escapes it, after URI decoding', () => {
    expect(parsePointer('#')).toEqual([]);
    expect(parsePointer('#/')).toEqual([]);
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('#/a/b~1c~0d/~01')).toEqual(['a', 'b/c~d', '~1']);
    expect(parsePointer('#/a%20b/%7E1')).toEqual(['a b', '/']);
    expect(parsePointer('/a/b')).toEqual(['a', 'b']);
    expect(parsePointer('#a')).toEqual(['a']);
    expect(parsePointer('#/a//b')).toEqual(['a', '', 'b']);
  });

  it('classifies references: internal, remote by scheme or //, files relative to the referrer', () => {
    expect(classifyRef('#/a', 'x/y.yaml')).toEqual({ kind: 'internal', file: 'x/y.yaml', pointer: ['a'] });
    expect(classifyRef('mailto:a@b.c', 'y.yaml')).toEqual({
      kind: 'remote',
      file: 'mailto:a@b.c',
      pointer: [],
    });
    expect(classifyRef('//cdn.example/s.yaml#/x', 'y.yaml')).toEqual({
      kind: 'remote',
      file: '//cdn.example/s.yaml',
      pointer: ['x'],
    });
    expect(classifyRef('C+1.x-y:z', 'y.yaml').kind).toBe('remote');
    expect(classifyRef('1a:z', 'y.yaml').kind).toBe('file');
    expect(classifyRef('./a:b.yaml', 'y.yaml')).toEqual({ kind: 'file', file: 'a:b.yaml', pointer: [] });
    expect(classifyRef('my%20file.yaml', 'd/y.yaml')).toEqual({
      kind: 'file',
      file: 'd/my file.yaml',
      pointer: [],
    });
    expect(classifyRef('bad%E0%A4%A.yaml', 'y.yaml').file).toBe('bad%E0%A4%A.yaml');
    expect(classifyRef('/schemas/a.yaml', 'd/e/y.yaml').file).toBe('schemas/a.yaml');
  });

  it('joins posix paths, keeping a .. that escapes the root', () => {
    expect(dirOf('a/b/c.yaml')).toBe('a/b');
    expect(dirOf('c.yaml')).toBe('');
    expect(joinPosix('', 'a/./b//c')).toBe('a/b/c');
    expect(joinPosix('a', '../../b/../c')).toBe('../c');
    expect(joinPosix('a/b', '../../../../c')).toBe('../../c');
    expect(joinPosix('a/b', '/c/d')).toBe('c/d');
    expect(joinPosix('a', 'b/..')).toBe('a');
  });

  it('splits an ajv instance path into pointer segments', () => {
    expect(instancePathSegments('')).toEqual([]);
    expect(instancePathSegments('/paths/~1pets~1{id}/get/~01')).toEqual(['paths', '/pets/{id}', 'get', '~1']);
    expect(instancePathSegments('/')).toEqual(['']);
  });

  it('takes only plain objects for records', () => {
    expect([{}, [], null, 'a', 1, undefined].map(isRecord)).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('drops the $ref objects chosen, deep in objects and arrays, and copies the rest', () => {
    const value = {
      a: [{ $ref: 'x' }, { $ref: 'y' }, 1],
      b: { $ref: 5, c: null },
      d: { e: { $ref: 'x', f: 1 } },
    };
    const out = withoutRefs(value, (ref) => ref === 'x');
    expect(out).toEqual({ a: [{}, { $ref: 'y' }, 1], b: { $ref: 5, c: null }, d: { e: {} } });
    expect((out as { b: unknown }).b).not.toBe(value.b);
  });
});

describe('YAML documents', () => {
  const text = [
    'a:', //                  1
    '  b:', //                2
    '    - x', //             3
    '    - $ref: "./s.yaml"', // 4
    '      n: 1', //          5
    '  c: {d: null}', //      6
    '? [k]', //               7
    ': v', //                 8
    'e:', //                  9
    '  $ref: 7', //           10
    '  f:', //                11
    '    $ref: "#/a"', //     12
  ].join('\n');
  // Parsed inside each test, not while the file is collected: code run then is covered by no test.
  const yaml = () => parseStructured('d.yaml', text);

  it('locates keys, sequence items by RFC index only, and the nearest ancestor of what is missing', () => {
    const doc = yaml();
    expect(doc.errors).toEqual([]);
    expect(doc.locate([])).toEqual({ line: 1, column: 1, exact: true });
    expect(doc.locate(['a', 'b', '1'])).toEqual({ line: 4, column: 7, exact: true });
    expect(doc.locate(['a', 'b', '1', 'n'])).toEqual({ line: 5, column: 7, exact: true });
    expect(doc.locate(['a', 'b', '01'])).toEqual({ line: 2, column: 3, exact: false });
    expect(doc.locate(['a', 'b', '2'])).toEqual({ line: 2, column: 3, exact: false });
    expect(doc.locate(['a', 'b', '0', 'z'])).toEqual({ line: 3, column: 7, exact: false });
    expect(doc.locate(['a', 'c', 'd'])).toEqual({ line: 6, column: 7, exact: true });
    expect(doc.locate(['a', 'zz'])).toEqual({ line: 1, column: 1, exact: false });
  });

  it('finds nodes and the $ref strings of mappings', () => {
    const doc = yaml();
    expect(doc.refAt(['a', 'b', '1'])).toEqual({ found: true, ref: './s.yaml' });
    expect(doc.refAt(['e'])).toEqual({ found: true, ref: undefined });
    expect(doc.refAt(['a', 'b', '0'])).toEqual({ found: true, ref: undefined });
    expect(doc.refAt(['a', 'q'])).toEqual({ found: false, ref: undefined });
    expect(doc.refAt(['a', 'c', 'd'])).toEqual({ found: true, ref: undefined });
  });

  it('lists string $refs with their lines and pointers, once', () => {
    const doc = yaml();
    const refs = doc.refs();
    expect(refs).toEqual([
      { ref: './s.yaml', line: 4, pointer: ['a', 'b', '1'] },
      { ref: '#/a', line: 12, pointer: ['e', 'f'] },
    ]);
    expect(doc.refs()).toBe(refs);
  });

  it('reports the first line of each error at its position, and no value', () => {
    const bad = parseStructured('bad.yaml', 'a: 1\nb: [x\nc: 2\n');
    expect(bad.value).toBeUndefined();
    expect(bad.errors.map((e) => [e.line, e.column, e.message.includes('\n')])).toEqual([[3, 1, false]]);
    expect(bad.refs()).toEqual([]);
    expect(bad.locate(['a'])).toEqual({ line: 1, column: 1, exact: true });
  });

  it('reports an alias expansion past the bound as an error on line 1', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
      .concat(
        ['b', 'c', 'd', 'e'].map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcd'[i]}`).join(', ')}]`),
      )
      .join('\n');
    const doc = parseStructured('bomb.yaml', bomb);
    expect(doc.value).toBeUndefined();
    expect(doc.errors).toEqual([{ message: expect.stringMatching(/alias/i), line: 1, column: 1 }]);
  });

  it('locates the root of an empty document at the start', () => {
    expect(parseStructured('e.yaml', '').locate(['a'])).toEqual({ line: 1, column: 1, exact: false });
    expect(parseStructured('e.yaml', '# c\n\n').locate([])).toEqual({ line: 1, column: 1, exact: true });
  });
});

describe('JSON documents', () => {
  const text = '{\n  "a": {"$ref": "x.json"},\n  "b": [1, {"$ref": "#/a"}],\n  "c": {"$ref": 1}\n}';
  const json = () => parseStructured('d.json', text);

  it('take the JSON path: no errors, $refs and positions as in YAML', () => {
    const doc = json();
    expect(doc.errors).toEqual([]);
    expect(doc.refAt(['a'])).toEqual({ found: true, ref: 'x.json' });
    expect(doc.refAt(['c'])).toEqual({ found: true, ref: undefined });
    expect(doc.refAt(['b', '0'])).toEqual({ found: true, ref: undefined });
    expect(doc.refAt(['b', '2'])).toEqual({ found: false, ref: undefined });
    expect(doc.locate(['b', '1'])).toEqual({ line: 3, column: 12, exact: true });
    const refs = doc.refs();
    expect(refs).toEqual([
      { ref: 'x.json', line: 2, pointer: ['a'] },
      { ref: '#/a', line: 3, pointer: ['b', '1'] },
    ]);
    expect(doc.refs()).toBe(refs);
  });

  it('with a repeated key go through the YAML parser, which reports it', () => {
    const dup = parseStructured('d.json', '{"a": 1, "a": 2}');
    expect(dup.value).toBeUndefined();
    expect(dup.errors).toEqual([{ message: 'Map keys must be unique', line: 1, column: 10 }]);
  });
});

describe('structuredDocument', () => {
  it('parses each file once per snapshot, and nothing for a file without text', () => {
    const snapshot = memorySnapshot({
      files: { 'a.yaml': 'a: 1\n' },
      skipped: { 'b.yaml': { reason: 'binary', size: 1 } },
    });
    const first = structuredDocument(snapshot, 'a.yaml');
    expect(first?.value).toEqual({ a: 1 });
    expect(structuredDocument(snapshot, 'a.yaml')).toBe(first);
    expect(structuredDocument(snapshot, 'b.yaml')).toBeUndefined();
    expect(structuredDocument(snapshot, 'b.yaml')).toBeUndefined();
    expect(structuredDocument(memorySnapshot({ files: { 'a.yaml': 'a: 2\n' } }), 'a.yaml')?.value).toEqual({
      a: 2,
    });
  });
});

describe('locateAcrossRefs', () => {
  const snapshot = memorySnapshot({
    files: {
      'a.yaml': [
        'x:', //                         1
        '  $ref: b.yaml#/y', //          2
        'r:', //                         3
        '  $ref: "https://x.example/s"', // 4
        'm:', //                         5
        '  $ref: missing.yaml', //       6
        'p:', //                         7
        '  $ref: b.yaml#/nope', //       8
        'loop:', //                      9
        '  $ref: "#/loop"', //           10
        's: {read: null}', //            11
      ].join('\n'),
      'b.yaml': 'y:\n  z:\n    w: 1\n  v:\n    $ref: a.yaml#/s\n',
    },
  });
  const at = (pointer: string[]) => locateAcrossRefs(snapshot, 'a.yaml', pointer);

  it('follows $refs into other files, and back', () => {
    expect(at(['x', 'z', 'w'])).toEqual({ path: 'b.yaml', line: 3, column: 5, exact: true });
    expect(at(['x', 'z', 'q'])).toEqual({ path: 'b.yaml', line: 2, column: 3, exact: false });
    expect(at(['x'])).toEqual({ path: 'b.yaml', line: 1, column: 1, exact: true });
    expect(at(['x', 'v', 'read'])).toEqual({ path: 'a.yaml', line: 11, column: 5, exact: true });
    expect(at(['s', 'read'])).toEqual({ path: 'a.yaml', line: 11, column: 5, exact: true });
  });

  it('stops at a $ref it cannot follow, saying so', () => {
    expect(at(['r', 'a'])).toEqual({ path: 'a.yaml', line: 3, column: 1, exact: false, unresolvedRef: true });
    expect(at(['m'])).toEqual({ path: 'a.yaml', line: 5, column: 1, exact: true, unresolvedRef: true });
    expect(at(['p', 'q'])).toEqual({ path: 'a.yaml', line: 7, column: 1, exact: false, unresolvedRef: true });
  });

  it('gives up on a cycle, and on a file without text, at line 1', () => {
    expect(at(['loop', 'a'])).toEqual({ path: 'a.yaml', line: 1, column: 1, exact: false });
    expect(locateAcrossRefs(snapshot, 'none.yaml', ['a'])).toEqual({
      path: 'none.yaml',
      line: 1,
      column: 1,
      exact: false,
    });
  });
});
