/**
 * One rule for a JSON pointer's steps (RFC 6901), wherever a pointer is walked: through a parsed
 * value, a YAML document or the JSON position index. An array is stepped into only by an index
 * spelled as the RFC spells it, `0` or digits without a leading zero (`01`, `1.0`, `-0`, ` 1` and
 * `length` name no element); an object only by one of its own keys, never an inherited one
 * (`constructor`, `__proto__`).
 */

/** The array index a pointer segment names, or undefined when it names none. */
export function arrayIndex(segment: string): number | undefined {
  return /^(?:0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : undefined;
}

/** Returned by {@link pointerStep} when the segment names nothing in the node. */
export const NOT_FOUND: unique symbol = Symbol('not found');

/** The value one pointer segment leads to from a parsed JSON or YAML value. */
export function pointerStep(node: unknown, segment: string): unknown {
  if (Array.isArray(node)) {
    const index = arrayIndex(segment);
    return index !== undefined && index < node.length ? (node[index] as unknown) : NOT_FOUND;
  }
  if (node !== null && typeof node === 'object' && Object.hasOwn(node, segment))
    return (node as Record<string, unknown>)[segment];
  return NOT_FOUND;
}

/** The value a whole pointer leads to, or undefined when a step names nothing. */
export function valueAtPointer(value: unknown, pointer: readonly string[]): unknown {
  let node = value;
  for (const segment of pointer) {
    node = pointerStep(node, segment);
    if (node === NOT_FOUND) return undefined;
  }
  return node;
}
