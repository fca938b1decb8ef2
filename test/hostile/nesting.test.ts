/**
 * Deep nesting in repository JSON and YAML: the YAML library's composer recurses once per level, so it
 * is given only text nested at most YAML_MAX_DEPTH levels (src/engine/yaml-nesting.ts). Before, a
 * package.json of thousands of `[` that JSON.parse refused went to the composer for its error line:
 * the stack overflow was caught at every level (work 4× per doubling), and V8 could run out of memory
 * compiling a regular expression near the end of the stack, which ends the process.
 */
import { describe, expect, it } from 'vitest';
import { MANIFEST_READERS, readManifest } from '../../checks/lib/manifests/index.js';
import { CHECKS } from '../../checks/index.js';
import { DEFAULT_CONFIG } from '../../src/engine/config.js';
import { CHECK_ERROR, runChecks } from '../../src/engine/run.js';
import { lineNestedTooDeep, YAML_MAX_DEPTH } from '../../src/engine/yaml-nesting.js';
import { memorySnapshot } from '../../src/snapshot/memory.js';

const reader = (kind: string) => MANIFEST_READERS.find((r) => r.kind === kind)!;

describe('deeply nested JSON manifests', () => {
  it.each(['package.json', 'composer.json'])('%s of 100,000 unclosed [ is an error on its line', (kind) => {
    const text = '{\n  "name": "x",\n  "require": ' + '['.repeat(100_000) + '\n}\n';
    const result = readManifest(kind, text, reader(kind));
    expect(result.dependencies).toEqual([]);
    expect(result.error?.line).toBe(3);
    expect(result.error?.message).toMatch(/JSON/);
  });

  it.each(['package.json', 'composer.json'])('%s of 50,000 [{ is an error on its line', (kind) => {
    const result = readManifest(kind, '[{'.repeat(50_000), reader(kind));
    expect(result.error?.line).toBe(1);
  });

  it('a shallow invalid file keeps the YAML parser’s line', () => {
    const text = '{\n  "name": "x",\n  "dependencies": {\n    "a": "1"\n  \n';
    expect(readManifest('package.json', text, reader('package.json')).error?.line).toBe(6);
  });
});

describe('lineNestedTooDeep', () => {
  it(`counts flow and block collections alike and allows ${YAML_MAX_DEPTH} levels`, () => {
    const flow = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(lineNestedTooDeep(flow(YAML_MAX_DEPTH))).toBeUndefined();
    expect(lineNestedTooDeep(flow(YAML_MAX_DEPTH + 1))).toBe(1);
    expect(lineNestedTooDeep('a:\n' + '  - '.repeat(1) + '- '.repeat(YAML_MAX_DEPTH) + 'x\n')).toBe(2);
    expect(lineNestedTooDeep('a:\n  b:\n    c: [{d: [x]}]\n')).toBeUndefined();
  });
});

describe('deeply nested YAML in the files checks read', () => {
  const deep = '['.repeat(20_000);
  it('a workflow, a Dependabot config and publiccode.yml and an OpenAPI spec of 20,000 [ are each invalid on line 1, no check error', async () => {
    const snapshot = memorySnapshot({
      files: {
        '.github/workflows/ci.yml': deep,
        '.github/dependabot.yml': deep,
        'publiccode.yml': deep,
        'openapi.yaml': 'openapi: 3.0.0\npaths: ' + deep,
      },
    });
    const { report } = await runChecks(snapshot.data, DEFAULT_CONFIG, CHECKS);
    expect(report.findings.filter((f) => f.messageId === CHECK_ERROR)).toEqual([]);
    const invalid = report.findings
      .filter((f) => f.messageId === 'invalid')
      .map((f) => [f.check, f.location, f.message]);
    expect(invalid).toEqual([
      [
        'continuous-integration',
        { path: '.github/workflows/ci.yml', startLine: 1 },
        '.github/workflows/ci.yml does not parse: Nested more than 64 levels deep.',
      ],
      [
        'dependency-updates',
        { path: '.github/dependabot.yml', startLine: 1 },
        '.github/dependabot.yml is not a valid configuration: Nested more than 64 levels deep.',
      ],
      [
        'interface-spec-valid',
        { path: 'openapi.yaml', startLine: 2, startColumn: 71 },
        'OpenAPI 3.0.0 at openapi.yaml: Nested more than 64 levels deep',
      ],
    ]);
    expect(
      report.findings
        .filter((f) => f.check === 'publiccode-yml')
        .map((f) => [f.status, f.messageId, f.message]),
    ).toEqual([['fail', 'unparsable', 'publiccode.yml is not valid YAML: Nested more than 64 levels deep.']]);
  });
});
