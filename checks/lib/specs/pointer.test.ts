import { describe, expect, it } from 'vitest';
import { parseStructured } from './documents.js';
import { arrayIndex, NOT_FOUND, pointerStep, valueAtPointer } from './pointer.js';

describe('JSON pointer steps', () => {
  it('reads an array index only as RFC 6901 spells it', () => {
    expect(['0', '7', '10', '123'].map(arrayIndex)).toEqual([0, 7, 10, 123]);
    expect(['01', '00', '-0', '-1', '1.0', '1e1', ' 1', '', 'length', '0x1'].map(arrayIndex)).toEqual(
      Array(10).fill(undefined),
    );
  });

  it('steps into own keys and listed elements only', () => {
    const value = { a: [{ $ref: '#/x' }, 'b'], n: null };
    expect(pointerStep(value.a, '1')).toBe('b');
    expect(pointerStep(value.a, '2')).toBe(NOT_FOUND);
    expect(pointerStep(value.a, 'length')).toBe(NOT_FOUND);
    expect(pointerStep(value, 'constructor')).toBe(NOT_FOUND);
    expect(pointerStep(value, '__proto__')).toBe(NOT_FOUND);
    expect(pointerStep(value, 'n')).toBeNull();
    expect(pointerStep(null, 'a')).toBe(NOT_FOUND);
    // A string has own indexed characters and a length, but a pointer steps into no scalar.
    expect(pointerStep('abc', '0')).toBe(NOT_FOUND);
    expect(pointerStep('abc', 'length')).toBe(NOT_FOUND);
    expect(valueAtPointer({ s: 'abc' }, ['s', '1'])).toBeUndefined();
    expect(valueAtPointer(value, ['a', '0', '$ref'])).toBe('#/x');
    expect(valueAtPointer(value, ['a', '01', '$ref'])).toBeUndefined();
    expect(valueAtPointer(value, ['toString'])).toBeUndefined();
  });

  it('is the same rule for a JSON document, its YAML reading and the position index', () => {
    const text = '{\n  "a": [\n    {"$ref": "#/x"},\n    {"$ref": "#/y"}\n  ]\n}\n';
    for (const path of ['spec.json', 'spec.yaml']) {
      const doc = parseStructured(path, text);
      expect(doc.refAt(['a', '1']), path).toEqual({ found: true, ref: '#/y' });
      expect(doc.locate(['a', '1']), path).toMatchObject({ line: 4, exact: true });
      for (const segment of ['01', '1.0', '-0', ' 1', 'length']) {
        expect(doc.refAt(['a', segment]), `${path} ${segment}`).toEqual({ found: false, ref: undefined });
        expect(doc.locate(['a', segment]), `${path} ${segment}`).toMatchObject({ exact: false });
      }
    }
  });
});
