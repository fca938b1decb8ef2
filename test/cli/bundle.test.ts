import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/check-harness.js';
import { BUILD_TIMEOUT_MS, builtCli } from '../support/built-cli.js';

interface Metafile {
  outputs: Record<
    string,
    {
      entryPoint?: string;
      imports: { path: string; kind: string; external?: boolean }[];
      inputs: Record<string, unknown>;
    }
  >;
}

/** The parsers and rule sets a repository loads only when one of its files calls for them. */
const ON_DEMAND = [
  'graphql',
  'protobufjs',
  '@asyncapi/specs',
  'ajv',
  '@apidevtools/swagger-parser',
  '@secretlint/core',
  '@secretlint/secretlint-rule-preset-recommend',
];

const packageOf = (input: string): string | undefined => {
  const after = input.split('node_modules/').at(-1);
  if (after === undefined || after === input) return undefined;
  const parts = after.split('/');
  return (parts[0]?.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
};

/** Packages in `output` and every chunk it imports statically (what loading it evaluates). */
function statically(meta: Metafile, output: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(output)) return packages;
  seen.add(output);
  const chunk = meta.outputs[output];
  if (!chunk) throw new Error(`no output ${output} in dist/meta.json`);
  for (const input of Object.keys(chunk.inputs)) {
    const name = packageOf(input);
    if (name) packages.add(name);
  }
  for (const i of chunk.imports)
    if (i.kind === 'import-statement' && !i.external)
      for (const p of statically(meta, i.path, seen)) packages.add(p);
  return packages;
}

describe('the CLI bundle', () => {
  let meta: Metafile;
  beforeAll(() => {
    builtCli();
    meta = JSON.parse(readFileSync(path.join(ROOT, 'dist/meta.json'), 'utf8')) as Metafile;
  }, BUILD_TIMEOUT_MS);

  it('loads no parser or secretlint rule with the checks: each is a chunk of its own', () => {
    const checks = Object.keys(meta.outputs).find((o) => meta.outputs[o]?.entryPoint === 'checks/index.ts');
    expect(checks).toBeDefined();
    const loaded = statically(meta, checks as string);
    expect(ON_DEMAND.filter((p) => loaded.has(p))).toEqual([]);
    // They are in the bundle all the same, behind a dynamic import.
    const everywhere = new Set(Object.keys(meta.outputs).flatMap((o) => [...statically(meta, o)]));
    expect(ON_DEMAND.filter((p) => !everywhere.has(p))).toEqual([]);
  });
});
