import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import spdxFull from 'spdx-license-list/full.js';
import { parse } from 'yaml';
import { CHECKS } from '../../checks/index.js';
import { runAction } from '../../src/action/main.js';
import { BUILD_TIMEOUT_MS, builtCli } from '../support/built-cli.js';
import { FIXTURES, ROOT } from '../support/check-harness.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tcop-action-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A repository that passes whatever the date: only the README and licence checks run. */
const passing = path.join(tmp, 'passing');
mkdirSync(path.join(passing, '.github'), { recursive: true });
writeFileSync(
  path.join(passing, 'README.md'),
  '# Fishing licences\n\nApply for a rod fishing licence online.\n',
);
writeFileSync(path.join(passing, 'LICENSE'), spdxFull.MIT?.licenseText ?? '');
writeFileSync(
  path.join(passing, '.github/tcop.yml'),
  `checks:\n${CHECKS.map((c) => c.meta.id)
    .filter((id) => id !== 'readme' && id !== 'licence-file')
    .map((id) => `  ${id}: off\n`)
    .join('')}`,
);

/** The runner's environment for one step: workspace, summary and output files, and the inputs. */
function runnerEnv(name: string, inputs: Record<string, string>): NodeJS.ProcessEnv {
  const dir = mkdtempSync(path.join(tmp, `${name}-`));
  const summary = path.join(dir, 'summary.md');
  const output = path.join(dir, 'output.txt');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  return {
    GITHUB_WORKSPACE: FIXTURES,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    INPUT_OUTPUT_DIR: path.join(dir, 'reports'),
    ...Object.fromEntries(
      Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase().replace(/-/g, '_')}`, v]),
    ),
  };
}

/** GITHUB_OUTPUT's `name=value` lines (and heredoc values) as a record. */
function outputsIn(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([\w-]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] as string, i + 1);
      out[heredoc[1] as string] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

async function action(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await runAction({ env, stdout: { write: (t: string) => (stdout += t) } });
  return { code, stdout };
}

describe('GitHub Action entry point', () => {
  it('writes the job summary, annotations, SARIF and outputs, and fails below the required level', async () => {
    const env = runnerEnv('fail', { path: 'engine-fail', formats: 'junit, json' });
    const { code, stdout } = await action(env);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^::error /m);
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^tcop-audit: level reached Not met\. Required level Baseline not reached\.$/,
    );
    expect(readFileSync(env.GITHUB_STEP_SUMMARY as string, 'utf8')).toMatch(/^## TCoP audit: Not met\n/);
    const outputs = outputsIn(env.GITHUB_OUTPUT as string);
    expect(outputs).toMatchObject({
      level: 'none',
      'required-level': 'baseline',
      'required-met': 'false',
      conclusion: 'failure',
    });
    const criteria = JSON.parse(outputs.criteria as string) as Record<
      string,
      { level: string; status: string }
    >;
    expect(Object.keys(criteria)).toEqual(['tcop-3', 'tcop-4', 'tcop-6', 'tcop-12']);
    expect(outputs['tcop-3-level']).toBe(criteria['tcop-3']?.level);
    const checks = JSON.parse(outputs.checks as string) as Record<string, string>;
    expect(checks['licence-file']).toBe('fail');
    const sarif = JSON.parse(readFileSync(outputs['sarif-file'] as string, 'utf8')) as { version: string };
    expect(sarif.version).toBe('2.1.0');
    expect(readFileSync(outputs['junit-file'] as string, 'utf8')).toMatch(/^<\?xml/);
    expect(JSON.parse(readFileSync(outputs['json-file'] as string, 'utf8'))).toMatchObject({ level: null });
  });

  it('passes with fail-on: never, and writes no SARIF when it is switched off', async () => {
    const env = runnerEnv('never', { path: 'engine-fail', 'fail-on': 'never', sarif: 'false' });
    expect((await action(env)).code).toBe(0);
    expect(outputsIn(env.GITHUB_OUTPUT as string)).not.toHaveProperty('sarif-file');
  });

  it('passes a repository that reaches the required level, with the level as output', async () => {
    const env = runnerEnv('pass', { path: passing });
    const { code } = await action(env);
    const outputs = outputsIn(env.GITHUB_OUTPUT as string);
    expect([code, outputs['required-met']]).toEqual([0, 'true']);
    expect(outputs.level).toBe('exemplar');
  });

  it('a bad input is an error annotation and exit code 2, with nothing else written', async () => {
    const env = runnerEnv('bad', { path: 'engine-pass', level: 'gold' });
    expect(await action(env)).toEqual({
      code: 2,
      stdout:
        '::error title=tcop-audit::input level must be one of baseline, standard, exemplar (got "gold")\n',
    });
    expect(readFileSync(env.GITHUB_OUTPUT as string, 'utf8')).toBe('');
  });

  it('a broken config is named by file and line', async () => {
    const env = runnerEnv('config', { path: 'config-broken-yaml' });
    const { code, stdout } = await action(env);
    expect(code).toBe(2);
    expect(stdout).toMatch(/^::error title=tcop-audit::\.github\/tcop\.yml:\d+: /);
  });
});

describe('action.yml', () => {
  const spec = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, unknown>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: { id?: string; run?: string; env?: Record<string, string> }[] };
  };

  it('passes every input to the entry point and exposes outputs the entry point sets', async () => {
    const step = spec.runs.steps.find((s) => s.id === 'audit');
    expect(step?.run).toContain('dist/action.js');
    for (const name of Object.keys(spec.inputs))
      expect(step?.env?.[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`]).toBe(`\${{ inputs.${name} }}`);
    const env = runnerEnv('yml', { path: 'engine-fail' });
    await action(env);
    const set = outputsIn(env.GITHUB_OUTPUT as string);
    for (const [name, { value }] of Object.entries(spec.outputs)) {
      expect(value).toBe(`\${{ steps.audit.outputs.${name} }}`);
      expect(set).toHaveProperty(name);
    }
  });
});

describe('dist/action.js', () => {
  beforeAll(() => {
    builtCli();
  }, BUILD_TIMEOUT_MS);

  it('runs as the runner runs it, from the build', async () => {
    const env = runnerEnv('built', { path: passing });
    const result = await promisify(execFile)(process.execPath, [path.join(ROOT, 'dist/action.js')], {
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
    });
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/Required level Baseline reached\.$/);
    expect(outputsIn(env.GITHUB_OUTPUT as string)['required-met']).toBe('true');
    expect(readFileSync(env.GITHUB_STEP_SUMMARY as string, 'utf8')).toContain('## TCoP audit:');
  });
});
