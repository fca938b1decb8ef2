import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { ROOT } from '../support/check-harness.js';

/**
 * Directories and files the auditing user may not read. Root reads through chmod 000, so as root the
 * CLI runs as `nobody` (uid and gid 65534) in a child process; as any other user it runs as itself.
 */
const AS_NOBODY = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
const made: string[] = [];
afterAll(() => {
  for (const dir of made) {
    spawnSync('chmod', ['-R', 'u+rwx', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A tree with an unreadable directory (holding a file) and an unreadable file, open to others otherwise. */
function tree(withGit: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tcop-unreadable-'));
  made.push(dir);
  chmodSync(dir, 0o755);
  writeFileSync(path.join(dir, 'README.md'), '# Service\n');
  mkdirSync(path.join(dir, 'private'));
  writeFileSync(path.join(dir, 'private/settings.env'), 'TOKEN=not-for-you\n');
  writeFileSync(path.join(dir, 'locked.txt'), 'twelve bytes');
  if (withGit) {
    const git = (...args: string[]): void => {
      const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
        cwd: dir,
      });
      if (r.status !== 0) throw new Error(String(r.stderr));
    };
    git('init', '-q', '.');
    git('add', '.');
    git('commit', '-q', '-m', 'init');
    spawnSync('chmod', ['-R', 'a+rX', path.join(dir, '.git')]);
  }
  chmodSync(path.join(dir, 'private'), 0o000);
  chmodSync(path.join(dir, 'locked.txt'), 0o000);
  return dir;
}

function auditAsNobody(dir: string): { status: number | null; report: Report; stderr: string } {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', dir, '--format', 'json', '--now', '2026-12-01T00:00:00Z'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      ...AS_NOBODY,
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' },
    },
  );
  if (!run.stdout) throw new Error(`no report: exit ${run.status}: ${run.stderr}`);
  return { status: run.status, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
}

describe('unreadable directories and files', () => {
  it('the walk lists an unreadable directory as skipped and the listing as not complete', () => {
    const { status, report, stderr } = auditAsNobody(tree(false));
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(report.snapshot.complete).toBe(false);
    expect(report.snapshot.incompleteReason).toBe('a directory could not be listed: "private"');
    expect(report.snapshot.skipped).toEqual([
      { path: 'locked.txt', reason: 'unreadable', size: 12 },
      { path: 'private', reason: 'unreadable', size: 0 },
    ]);
  }, 60_000);

  it('through git the index names every file: each unreadable one is skipped, the listing complete', () => {
    const { status, report, stderr } = auditAsNobody(tree(true));
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(report.snapshot.complete).toBe(true);
    expect(report.snapshot.skipped).toEqual([
      { path: 'locked.txt', reason: 'unreadable', size: 12 },
      { path: 'private/settings.env', reason: 'unreadable', size: 0 },
    ]);
  }, 60_000);
});
