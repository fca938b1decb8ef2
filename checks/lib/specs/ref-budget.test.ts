import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../../../src/snapshot/memory.js';
import { refExpansion } from './ref-budget.js';

/** The expansion of `value`, read as `spec.yaml` of a snapshot holding `files`. */
const expansion = (value: unknown, files: Record<string, string> = {}, budget?: number): number =>
  refExpansion(memorySnapshot({ files }), 'spec.yaml', value, budget);

describe('$ref expansion budget', () => {
  it('counts every node once, a container and each of its members', () => {
    expect(expansion('x')).toBe(1);
    expect(expansion({})).toBe(1);
    expect(expansion({ a: 1, b: [1, 2], c: null })).toBe(6);
  });

  it('counts a reference as the nodes of its target, each target sized once', () => {
    expect(expansion({ a: { $ref: '#/b' }, b: { x: 1 } })).toBe(5);
    expect(expansion({ a: { $ref: '#/b' }, c: { $ref: '#/b' }, b: { x: 1, y: 1 } })).toBe(10);
    // Targets of different sizes are told apart, however their pointers are spelled.
    expect(expansion({ a: { $ref: '#/b' }, c: { $ref: '#/d' }, b: 1, d: [1, 2] })).toBe(9);
    expect(expansion({ a: { b: { x: 1 } }, ab: [1, 2, 3], p: { $ref: '#/a/b' }, q: { $ref: '#/ab' } })).toBe(
      14,
    );
  });

  it('counts a reference it cannot follow, or a cycle, as one node', () => {
    expect(expansion({ a: { $ref: '#/nope' } })).toBe(2);
    expect(expansion({ a: { $ref: '#/b/9' }, b: [] })).toBe(3);
    expect(expansion({ a: { $ref: 'https://example.com/s.yaml#/a' } })).toBe(2);
    expect(expansion({ a: { $ref: '#/%E0%A4%A' } })).toBe(2);
    expect(expansion({ a: { $ref: 'missing.yaml#/a' } })).toBe(2);
    expect(expansion({ a: { $ref: '#/a' } })).toBe(2);
    expect(expansion({ a: { $ref: '#/b' }, b: { c: { $ref: '#/a' } } })).toBe(5);
  });

  it('never reads a remote reference, even from a file of that name', () => {
    expect(
      expansion({ a: { $ref: '//cdn.example/s.yaml' } }, { '//cdn.example/s.yaml': 'x: [1, 2, 3]\n' }),
    ).toBe(2);
  });

  it('follows a reference into another file, and that file`s own references from there', () => {
    const files = { 'd/other.yaml': 'x:\n  $ref: "#/z"\nz: [1, 2]\n' };
    expect(refExpansion(memorySnapshot({ files }), 'd/spec.yaml', { a: { $ref: 'other.yaml#/x' } })).toBe(4);
    expect(refExpansion(memorySnapshot({ files }), 'd/spec.yaml', { a: { $ref: 'other.yaml' } })).toBe(8);
  });

  it('reads a reference to its own file, by name or not, in the value given, not the file', () => {
    const files = { 'spec.yaml': 'b: [1, 2, 3, 4, 5, 6]\n' };
    expect(expansion({ a: { $ref: 'spec.yaml#/b' }, b: { x: 1 } }, files)).toBe(5);
    expect(expansion({ a: { $ref: '#/b' }, b: { x: 1 } }, files)).toBe(5);
    expect(expansion({ a: { $ref: 'spec.yaml#/b' }, b: { x: 1 } })).toBe(5);
  });

  it('stops at the budget: a size up to it is counted, one past it is Infinity', () => {
    const value = { a: 1, b: [1, 2] };
    expect(expansion(value, {}, 5)).toBe(5);
    expect(expansion(value, {}, 4)).toBe(Infinity);
    expect(expansion({ a: { $ref: '#/b' }, b: { x: 1 } }, {}, 4)).toBe(Infinity);
    // Ten references to a target of ten references, ten levels down: 10^10 nodes, sized in one pass.
    const levels: Record<string, unknown> = { l10: 1 };
    for (let i = 0; i < 10; i++)
      levels[`l${i}`] = Array.from({ length: 10 }, () => ({ $ref: `#/l${i + 1}` }));
    expect(expansion(levels, {}, 1000)).toBe(Infinity);
    expect(expansion(levels)).toBe(Infinity);
  });
});
