/**
 * secretlint's profiler built a global performance mark from each scanned path: a file name with a
 * newline crashed the process after the report was printed, and every scan left 64 marks behind.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanText } from '../../checks/lib/secrets/scan.js';
import { secretlintPath } from '../../checks/lib/secrets/secretlint.js';
import { BUILD_TIMEOUT_MS, builtCli } from '../support/built-cli.js';
import { ROOT } from '../support/check-harness.js';

const TOKEN = 'ghp_R8fK2mQ9xLp4Tn7Wv3Ys6Bc1Hd5Jg0Ze2Au8';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tcop-hostile-secretlint-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let bin: string;
beforeAll(() => {
  bin = builtCli();
}, BUILD_TIMEOUT_MS);

describe('secretlint on hostile file names', () => {
  it('a file name with a newline is scanned and the CLI exits with its result, not a crash', async () => {
    writeFileSync(path.join(tmp, 'a\nb.txt'), `token = "${TOKEN}"\n`);
    const result = await promisify(execFile)(process.execPath, [bin, tmp, '--format', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      findings: { check: string; location?: { path: string } }[];
    };
    expect(
      report.findings.filter((f) => f.check === 'no-committed-secrets').map((f) => f.location?.path),
    ).toEqual(['a\nb.txt']);
  });

  it('scans leave no performance marks behind', async () => {
    performance.clearMarks();
    for (let i = 0; i < 10; i++) {
      const found = await scanText(`dir\n${i}/config.txt`, `token = "${TOKEN}"\n`);
      expect(found.map((m) => [m.rule, m.line])).toEqual([['github-token', 1]]);
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(performance.getEntriesByType('mark')).toEqual([]);
    expect(performance.getEntriesByType('measure')).toEqual([]);
  });

  it('secretlint sees control characters in a path as underscores', () => {
    expect(secretlintPath('a\nb\u0000c\u007f.txt')).toBe('a_b_c_.txt');
  });
});
