/**
 * Specifications built to exhaust the validator: `$ref` fan-out (each schema refers to the next ten
 * times, 10^20 nodes once expanded), cycles, and references out of the snapshot.
 */
import { describe, expect, it } from 'vitest';
import interfaceSpecValid from '../../checks/interface-spec-valid.js';
import { REF_EXPANSION_BUDGET, refExpansion } from '../../checks/lib/specs/ref-budget.js';
import { memorySnapshot } from '../../src/snapshot/memory.js';

function fanOut(depth: number, width: number): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) {
    const properties: Record<string, unknown> = {};
    for (let j = 0; j < width; j++)
      properties[`p${j}`] = i + 1 < depth ? { $ref: `#/components/schemas/S${i + 1}` } : { type: 'string' };
    schemas[`S${i}`] = { type: 'object', properties };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Fan-out', version: '1.0.0' },
    paths: {
      '/x': {
        get: {
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/S0' } } },
            },
          },
        },
      },
    },
    components: { schemas },
  };
}

describe('$ref fan-out', () => {
  it('a 9 KB spec expanding to 10^20 nodes is reported as not validated (unknown), not as invalid', async () => {
    const text = JSON.stringify(fanOut(20, 10));
    expect(text.length).toBeLessThan(10_000);
    const findings = await interfaceSpecValid.run(memorySnapshot({ files: { 'openapi.json': text } }));
    expect(findings.map((f) => [f.status, f.messageId, f.location, f.data?.problem])).toEqual([
      [
        'unknown',
        'notValidated',
        { path: 'openapi.json', startLine: 1 },
        `not validated: its $refs expand to more than ${REF_EXPANSION_BUDGET.toLocaleString('en-GB')} nodes, more than the audit expands`,
      ],
    ]);
  });

  it('the expansion is counted once per target, within the budget', () => {
    const snapshot = memorySnapshot({ files: {} });
    expect(refExpansion(snapshot, 'openapi.json', fanOut(20, 10))).toBe(Infinity);
    // 3 levels of 10: small enough to validate, and counted exactly.
    const small = refExpansion(snapshot, 'openapi.json', fanOut(3, 10));
    expect(small).toBeGreaterThan(100);
    expect(small).toBeLessThan(REF_EXPANSION_BUDGET);
  });

  it('a spec that fans out a little is still validated', async () => {
    const findings = await interfaceSpecValid.run(
      memorySnapshot({ files: { 'openapi.json': JSON.stringify(fanOut(3, 10)) } }),
    );
    expect(findings.map((f) => [f.status, f.messageId])).toEqual([['pass', 'valid']]);
  });

  it('a cycle counts once and validates', async () => {
    const spec = fanOut(2, 2);
    (
      spec.components as { schemas: Record<string, { properties: Record<string, unknown> }> }
    ).schemas.S1!.properties.back = {
      $ref: '#/components/schemas/S0',
    };
    expect(refExpansion(memorySnapshot({ files: {} }), 'openapi.json', spec)).toBeLessThan(100);
    const findings = await interfaceSpecValid.run(
      memorySnapshot({ files: { 'openapi.json': JSON.stringify(spec) } }),
    );
    expect(findings.map((f) => [f.status, f.messageId])).toEqual([['pass', 'valid']]);
  });
});
