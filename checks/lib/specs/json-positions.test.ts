import { describe, expect, it } from 'vitest';
import { parseStructured } from './documents.js';
import { hasDuplicateKeys, jsonPositions, looksLikeJson } from './json-positions.js';

// The same text read as YAML (the path every JSON file took before) is the reference.
const both = (text: string) =>
  [parseStructured('spec.json', text), parseStructured('spec.yaml', text)] as const;

const tricky = [
  '{',
  '  "caf\\u00e9": {"\\"q\\"": 1, "a\\\\": [10, {"$ref": "#/x"}]},',
  '  "ünï": "line\\nbreak \\"}\\" ]",',
  '  "200": {"$ref": "other.json#/a"},',
  '  "emoji 😀": [ [], {}, {"$ref": "#/deep"} ],',
  '  "x": null',
  '}',
].join('\n');

describe('JSON positions', () => {
  it('finds keys with escapes and non-ASCII text on the line and column the YAML parser gives', () => {
    const [json, yaml] = both(tricky);
    const pointers = [
      [],
      ['café'],
      ['café', '"q"'],
      ['café', 'a\\', '1', '$ref'],
      ['ünï'],
      ['200'],
      ['emoji 😀', '2'],
      ['emoji 😀', '02'],
      ['x'],
      ['x', 'y'],
      ['missing'],
    ];
    for (const p of pointers) expect(json.locate(p), p.join('/')).toEqual(yaml.locate(p));
    expect(json.locate(['café', '"q"'])).toEqual({ line: 2, column: 17, exact: true });
    expect(json.locate(['emoji 😀', '2'])).toEqual({ line: 5, column: 25, exact: true });
    expect(json.value).toEqual(yaml.value);
  });

  it('lists $refs in document order, integer-like keys where the text has them', () => {
    const [json, yaml] = both(tricky);
    expect(json.refs()).toEqual(yaml.refs());
    expect(json.refs().map((r) => r.line)).toEqual([2, 4, 5]);
    expect(json.refAt(['200'])).toEqual({ found: true, ref: 'other.json#/a' });
    expect(json.refAt(['nope'])).toEqual({ found: false, ref: undefined });
  });

  it('reports a syntax error at its line, as the YAML parser does', () => {
    const [json, yaml] = both('{\n  "a": 1,\n  "b": [1, 2\n}\n');
    expect(json.value).toBeUndefined();
    expect(json.errors.length).toBeGreaterThan(0);
    expect(json.errors).toEqual(yaml.errors);
  });

  it('reports a repeated key (JSON.parse would keep the last silently)', () => {
    const text = '{\n  "a": {"k": 1,\n  "k": 2}\n}';
    expect(hasDuplicateKeys(text, JSON.parse(text))).toBe(true);
    expect(hasDuplicateKeys(tricky, JSON.parse(tricky))).toBe(false);
    const [json, yaml] = both(text);
    expect(json.errors).toEqual(yaml.errors);
    expect(json.errors[0]?.line).toBe(3);
  });

  it('indexes only the containers a pointer passes through', () => {
    const positions = jsonPositions('[{"a": [1, 2, {"b": true}]}, "}"]');
    expect(positions.locate(['0', 'a', '2', 'b'])).toEqual({ offset: 15, exact: true });
    expect(positions.locate(['1', 'c'])).toEqual({ offset: 29, exact: false });
    expect(positions.linePos(15)).toEqual({ line: 1, column: 16 });
  });

  it('takes the JSON path for .json files that open with { or [ only', () => {
    expect(looksLikeJson('a.json', '  \n{}')).toBe(true);
    expect(looksLikeJson('a.json', '"x"')).toBe(false);
    expect(looksLikeJson('a.yaml', '{}')).toBe(false);
  });
});
