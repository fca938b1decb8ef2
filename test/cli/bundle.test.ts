import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** Files that reach the parsers, the licence index and the secret scan. */
const SAMPLE: Record<string, string> = {
  // Found only through the © in the copyright patterns: the holder in reuse-compliance's fix.
  LICENSE: '\u00a9 2026 Crown Digital Service\n\nApache License\nVersion 2.0, January 2004\n',
  NOTICE: 'Copyright 2020\u20132026 Crown Digital Service\n',
  'package.json': JSON.stringify({ name: 'sample', license: 'Apache-2.0', engines: { node: '>=16' } }),
  'api/openapi.yaml': 'openapi: 3.1.0\ninfo: { title: Sample, version: "1" }\nwebhooks: {}\n',
  'schema.graphql': 'type Query { item: String }\n',
  'proto/item.proto': 'syntax = "proto3";\nmessage Item { string id = 1; }\n',
  'src/config.js': "export const key = 'AKIAIOSFODNN7EXAMPLE';\n",
};

describe('the CLI script (dist/cli.cjs, what bin/tcop-audit.js runs for an audit)', () => {
  const dist = pathToFileURL(path.join(ROOT, 'dist/'));
  let repo: string;
  beforeAll(() => {
    builtCli();
    repo = mkdtempSync(path.join(os.tmpdir(), 'tcop-script-'));
    for (const [name, text] of Object.entries(SAMPLE)) {
      mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
      writeFileSync(path.join(repo, name), text);
    }
  }, BUILD_TIMEOUT_MS);
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('is pure ASCII, so that bin/load-cli.js can read it as latin1', () => {
    const bytes = readFileSync(new URL('cli.cjs', dist));
    expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
  });

  it('has a code cache made by this V8, which it accepts', async () => {
    const loader = (await import(pathToFileURL(path.join(ROOT, 'bin/load-cli.js')).href)) as {
      cacheName(): string;
      compileCli(dist: URL, cache: Buffer): { script: { cachedDataRejected?: boolean }; exports: object };
    };
    expect(loader.cacheName()).toBe(`cli-v8-${process.versions.v8}.cache`);
    const { script, exports } = loader.compileCli(dist, readFileSync(new URL(loader.cacheName(), dist)));
    expect(script.cachedDataRejected).toBe(false);
    expect(Object.keys(exports)).toContain('main');
  });

  it('reports exactly what the ES module build reports, non-ASCII patterns included', async () => {
    const args = ['--format', 'json', '--now', '2026-11-23', repo];
    const run = (file: string) =>
      promisify(execFile)(process.execPath, [file, ...args], { cwd: ROOT }).catch(
        (error: { stdout: string }) => error,
      );
    const [script, esm] = await Promise.all([
      run(path.join(ROOT, 'bin/tcop-audit.js')),
      run(path.join(ROOT, 'dist/tcop-audit.js')),
    ]);
    const report = JSON.parse(script.stdout) as { checks: { id: string; status: string }[] };
    expect(report.checks.length).toBeGreaterThan(20);
    expect(script.stdout).toContain('--copyright \\"Crown Digital Service\\"');
    expect(script.stdout).toBe(esm.stdout);
  });
});
