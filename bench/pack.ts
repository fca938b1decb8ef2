import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package as users install it: `npm pack`, then `npm install <tarball>` in an empty folder from
 * the local npm cache only (--offline), then `npx tcop-audit` there. Prints what was installed and
 * how long each step took; fails if the installed CLI does not run.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function timed<T>(label: string, fn: () => T): T {
  const started = performance.now();
  const result = fn();
  console.log(`| ${label} | ${((performance.now() - started) / 1000).toFixed(1)} s |`);
  return result;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tcop-bench-pack-'));
  try {
    console.log('| step | wall |\n|---|---:|');
    timed('build (if stale)', () =>
      execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--if-stale'], {
        stdio: 'inherit',
      }),
    );
    timed('npm pack', () =>
      execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT }),
    );
    const tarball = path.join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz')) as string);
    const app = path.join(dir, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(path.join(app, 'package.json'), '{ "private": true }\n');
    timed('npm install <tarball> --offline', () =>
      execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], {
        cwd: app,
        stdio: 'ignore',
      }),
    );
    const version = timed('npx tcop-audit --version', () =>
      execFileSync('npx', ['--offline', 'tcop-audit', '--version'], { cwd: app, encoding: 'utf8' }),
    );
    const audit = timed('npx tcop-audit <fixture>', () =>
      spawnSync(
        'npx',
        ['--offline', 'tcop-audit', path.join(ROOT, 'fixtures/repos/engine-fail'), '--format', 'json'],
        {
          cwd: app,
          encoding: 'utf8',
        },
      ),
    );
    const installed = readdirSync(path.join(app, 'node_modules')).filter((n) => !n.startsWith('.'));
    console.log(`\nversion ${version.trim()}; packages installed: ${installed.join(', ')}`);
    if (audit.status !== 1 || !(JSON.parse(audit.stdout) as { schemaVersion?: number }).schemaVersion)
      throw new Error(`the installed CLI did not audit the fixture: ${audit.stderr}`);
    console.log('the installed CLI audits a repository (exit 1 on engine-fail, as expected)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
