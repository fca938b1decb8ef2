/**
 * parseYamlDocument parses the text once and composes the document from that syntax tree: the
 * documents, errors, warnings and line counter it gives must be exactly the YAML library's own.
 */
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument, type DocumentOptions, type ParseOptions } from 'yaml';
import { parseYamlDocument, YAML_MAX_DEPTH } from '../../src/engine/yaml-nesting.js';

const TEXTS: Record<string, string> = {
  empty: '',
  comment: '# only a comment\n',
  mapping: 'name: CI\non: [push]\njobs:\n  test:\n    steps:\n      - run: npm test\n',
  json: '{\n  "openapi": "3.0.0",\n  "paths": {"/a": {"get": {}}}\n}\n',
  'block scalar': 'script: |\n  line one\n  line two\nafter: 1\n',
  crlf: 'a: 1\r\nb:\r\n  - x\r\n',
  'duplicate key': 'a: 1\na: 2\n',
  'bad indentation': 'a:\n  b: 1\n c: 2\n',
  'unclosed flow': 'a: [1, 2\nb: 3\n',
  'two documents': 'a: 1\n---\nb: 2\n',
  'unknown tag': 'a: !custom 1\n',
  'tab indentation': 'a:\n\tb: 1\n',
  'long line error': `key: ${'x'.repeat(120)}: y\n`,
  anchors: 'base: &b {x: 1}\nuse: *b\n',
  'shallow enough': '['.repeat(YAML_MAX_DEPTH) + ']'.repeat(YAML_MAX_DEPTH),
};

const OPTIONS: Record<string, ParseOptions & DocumentOptions> = {
  default: {},
  'no pretty errors': { prettyErrors: false },
  'not strict': { prettyErrors: false, strict: false },
  'repeated keys allowed': { uniqueKeys: false },
};

const shape = (doc: ReturnType<typeof parseDocument>) => ({
  js: doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined,
  contents: doc.errors.length === 0 ? String(doc) : undefined,
  range: doc.range,
  errors: doc.errors.map((e) => ({ code: e.code, message: e.message, pos: e.pos, linePos: e.linePos })),
  warnings: doc.warnings.map((e) => ({ code: e.code, message: e.message, linePos: e.linePos })),
});

describe('parseYamlDocument', () => {
  for (const [name, text] of Object.entries(TEXTS))
    for (const [how, options] of Object.entries(OPTIONS)) {
      it(`${name}, ${how}: the same document as parseDocument`, () => {
        expect(shape(parseYamlDocument(text, options))).toEqual(shape(parseDocument(text, options)));
      });
      it(`${name}, ${how}: the same line counter as parseDocument`, () => {
        const ours = new LineCounter();
        const theirs = new LineCounter();
        const a = parseYamlDocument(text, { ...options, lineCounter: ours });
        const b = parseDocument(text, { ...options, lineCounter: theirs });
        expect(shape(a)).toEqual(shape(b));
        expect(ours.lineStarts).toEqual(theirs.lineStarts);
      });
    }

  it('text nested too deep has one error at its line, and a line counter with each line once', () => {
    const text = 'a: 1\nb: ' + '['.repeat(YAML_MAX_DEPTH + 1) + ']'.repeat(YAML_MAX_DEPTH + 1) + '\nc: 2\n';
    const lineCounter = new LineCounter();
    const doc = parseYamlDocument(text, { lineCounter, prettyErrors: false });
    expect(doc.errors.map((e) => [e.message, e.linePos?.[0].line])).toEqual([
      [`Nested more than ${YAML_MAX_DEPTH} levels deep`, 2],
    ]);
    expect(lineCounter.lineStarts).toEqual([0, 5, text.indexOf('c: 2'), text.length]);
  });
});
