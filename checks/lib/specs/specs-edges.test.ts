import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../../../src/snapshot/memory.js';
import { discoverInterfaceSpecs } from './index.js';
import { countOperations } from './openapi-read.js';

/** The edges of OpenAPI reading, one case either side, so that moving an edge fails a test. */

const specs = async (files: Record<string, string>) =>
  (await discoverInterfaceSpecs(memorySnapshot({ files }))).specs;
const doc = (version: string, rest = 'paths: {}\n'): string =>
  `openapi: ${version}\ninfo:\n  title: T\n  version: "1"\n${rest}`;
const ok = '      responses:\n        "200":\n          description: ok\n';
const WEBHOOKS = `webhooks:\n  newPet:\n    summary: A pet arrived\n    post:\n${ok}    get:\n${ok}`;

describe('OpenAPI operations', () => {
  it('counts the methods of paths and of OpenAPI 3.1 webhooks, and nothing else in a path item', () => {
    const op = { responses: {} };
    expect(
      countOperations({
        paths: { '/a': { get: op, post: op, parameters: [], summary: 's' }, '/b': { delete: op } },
        webhooks: { w: { put: op, description: 'd' } },
      }),
    ).toBe(4);
    expect(countOperations({ paths: { '/a': { get: 'not an operation', head: op } } })).toBe(1);
    expect(countOperations({ webhooks: [] })).toBe(0);
  });

  it('an OpenAPI 3.1 document of webhooks only has operations', async () => {
    expect(await specs({ 'api.yaml': doc('3.1.0', WEBHOOKS) })).toMatchObject([
      { format: 'openapi', version: '3.1.0', operations: 2, valid: true, problems: [] },
    ]);
  });

  it('webhooks and paths add up', async () => {
    const paths = `paths:\n  /pets:\n    get:\n${ok}`;
    expect(await specs({ 'api.yaml': doc('3.1.0', WEBHOOKS + paths) })).toMatchObject([
      { operations: 3, valid: true },
    ]);
  });
});

describe('OpenAPI versions', () => {
  it.each(['3.0.3', '3.1.1'])('openapi: %s is valid', async (version) => {
    expect(await specs({ 'api.yaml': doc(version) })).toMatchObject([
      { format: 'openapi', version, valid: true },
    ]);
  });

  it('openapi: 3.9.0 is rejected at the openapi line', async () => {
    const [spec] = await specs({ 'api.yaml': doc('3.9.0') });
    expect(spec).toMatchObject({ format: 'openapi', version: '3.9.0', valid: false });
    expect(spec?.problems.map((p) => [p.line, p.message.slice(0, 31)])).toEqual([
      [1, 'Unsupported OpenAPI version: 3.'],
    ]);
  });

  it('openapi: 3.0 written as a number is rejected at the openapi line', async () => {
    const [spec] = await specs({ 'api.yaml': doc('3.0') });
    // Reported as written, not as the number YAML reads (3).
    expect(spec).toMatchObject({ format: 'openapi', version: '3.0', valid: false });
    expect(spec?.problems.map((p) => p.line)).toEqual([1]);
    expect(spec?.problems[0]?.message).toMatch(/must be a string/);
  });

  it('"openapi": 3.0 in JSON is reported as written too', async () => {
    const json = '{"openapi": 3.0, "info": {"title": "T", "version": "1"}, "paths": {}}';
    expect(await specs({ 'api.json': json })).toMatchObject([{ version: '3.0', valid: false }]);
  });

  it.each(['2.0', '4.0.0'])('openapi: %s is not an OpenAPI 3 document', async (version) => {
    expect(await specs({ 'api.yaml': doc(version) })).toEqual([]);
  });
});
