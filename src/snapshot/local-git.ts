import { execFile, type ExecFileOptions } from 'node:child_process';
import { isUtf8 } from 'node:buffer';
import { lstatSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { committerDate, headCommit, readCommit, resolveGitDirs, type GitDirs } from './git-dir.js';
import type { SnapshotData } from './types.js';

/** execFile with the output as bytes: file names need not be UTF-8. */
const runBuffer = (
  file: string,
  args: readonly string[],
  options: ExecFileOptions,
): Promise<{ stdout: Buffer }> =>
  new Promise((resolve, reject) => {
    execFile(file, args, { ...options, encoding: 'buffer' }, (error, stdout) =>
      error ? reject(error) : resolve({ stdout }),
    );
  });

/** `git ls-files` of a large monorepo prints tens of MB; the default 1 MB buffer would cut it. */
const LS_FILES_MAX_BUFFER = 512 * 1024 * 1024;

/**
 * Settings that make git run a program or read a file that the audited `.git/config` names. The
 * command line outranks every config file, so these hold whatever the repository says; the
 * environment below also keeps the system and user config out and pins the git directory and work
 * tree, so that neither GIT_DIR from a calling hook nor `core.worktree` can move them.
 */
const NEUTRAL_CONFIG = [
  'core.fsmonitor=false',
  'core.untrackedCache=false',
  'core.hooksPath=/dev/null',
  'core.excludesFile=',
  'core.pager=cat',
  'core.sshCommand=false',
  'core.askPass=',
  'core.alternateRefsCommand=',
  'credential.helper=',
  'diff.external=',
  'log.showSignature=false',
  'gpg.program=false',
  'gpg.ssh.program=false',
  'gpg.x509.program=false',
  'core.quotePath=false',
];

/** Runs git on the audited checkout with nothing from it that could execute or block. */
export async function runGit(
  dirs: GitDirs,
  root: string,
  args: readonly string[],
  options: {
    maxBuffer?: number;
    timeout: number;
  },
): Promise<Buffer> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    ...(process.env.SYSTEMROOT ? { SYSTEMROOT: process.env.SYSTEMROOT } : {}),
    // A HOME with no .gitconfig: the user's global config (and its includes) stays out too.
    HOME: os.tmpdir(),
    XDG_CONFIG_HOME: path.join(os.tmpdir(), 'tcop-audit-no-config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: process.platform === 'win32' ? 'NUL' : '/dev/null',
    GIT_DIR: dirs.gitDir,
    GIT_WORK_TREE: root,
    GIT_OPTIONAL_LOCKS: '0',
    GIT_TERMINAL_PROMPT: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
    LC_ALL: 'C',
  };
  const { stdout } = await runBuffer(
    'git',
    ['--no-optional-locks', ...NEUTRAL_CONFIG.flatMap((c) => ['-c', c]), ...args],
    {
      env,
      cwd: root,
      maxBuffer: options.maxBuffer ?? 1024 * 1024,
      timeout: options.timeout,
    },
  );
  return stdout;
}

/**
 * Files git reads on `ls-files` that a hostile checkout could make a FIFO or a device: git opens
 * them without O_NONBLOCK and would wait forever.
 */
function controlFilesAreRegular(dirs: GitDirs): boolean {
  for (const file of [path.join(dirs.gitDir, 'index'), path.join(dirs.commonDir, 'info', 'exclude')]) {
    const info = lstatSync(file, { throwIfNoEntry: false });
    if (info && !info.isFile()) return false;
  }
  return true;
}

/**
 * The paths git would commit from a working tree: tracked files plus untracked ones that no ignore rule
 * covers (nested `.gitignore`, `.git/info/exclude`). Undefined when `root` is not the top of a
 * repository this root owns, or git cannot answer, so the caller walks the directory instead.
 */
export async function listGitFiles(
  root: string,
): Promise<{ path: string; problem?: 'unreadable' }[] | undefined> {
  const resolved = resolveGitDirs(root);
  if (!resolved.ok || !controlFilesAreRegular(resolved.dirs)) return undefined;
  try {
    const stdout = await runGit(
      resolved.dirs,
      root,
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      {
        maxBuffer: LS_FILES_MAX_BUFFER,
        timeout: 60_000,
      },
    );
    return parseLsFiles(stdout);
  } catch {
    return undefined;
  }
}

/**
 * The paths in `git ls-files -z` output, each once: a path both staged and changed, or in conflict,
 * is printed more than once. Output that is all UTF-8 (nearly every repository's) is decoded in one
 * call and split; otherwise each name is decoded alone, and one that is not UTF-8, which cannot be
 * opened by a path string, is listed and reported as unreadable.
 */
export function parseLsFiles(stdout: Buffer): { path: string; problem?: 'unreadable' }[] {
  const seen = new Set<string>();
  const out: { path: string; problem?: 'unreadable' }[] = [];
  if (isUtf8(stdout)) {
    for (const p of stdout.toString('utf8').split('\0')) {
      if (p === '' || seen.has(p)) continue;
      seen.add(p);
      out.push({ path: p });
    }
    return out;
  }
  for (let start = 0; start < stdout.length;) {
    let end = stdout.indexOf(0, start);
    if (end === -1) end = stdout.length;
    const bytes = stdout.subarray(start, end);
    start = end + 1;
    const p = bytes.toString('utf8');
    if (p === '' || seen.has(p)) continue;
    seen.add(p);
    out.push(Buffer.from(p, 'utf8').equals(bytes) ? { path: p } : { path: p, problem: 'unreadable' });
  }
  return out;
}

/**
 * Facts a local checkout can tell from its git history: the commit and when it was made. Read from
 * `.git` itself (HEAD, refs, loose and packed objects); git runs, neutralised, only for what that
 * reader cannot answer, such as a reftable or an object in an alternate store.
 */
export async function readLocalGitFacts(
  root: string,
): Promise<{ commit?: string; facts: SnapshotData['facts'] }> {
  const resolved = resolveGitDirs(root);
  if (!resolved.ok) {
    return {
      facts: {
        lastCommitAt: {
          state: 'unavailable',
          reason: resolved.detail === 'no .git directory' ? 'not-supported' : 'error',
          detail: resolved.detail,
        },
      },
    };
  }
  try {
    const commit = headCommit(resolved.dirs);
    const text = commit && readCommit(resolved.dirs, commit);
    const date = text ? committerDate(text) : undefined;
    if (commit && date) return { commit, facts: { lastCommitAt: { state: 'known', value: date } } };
  } catch {
    // An unreadable or malformed .git: ask git instead.
  }
  return gitLogFacts(resolved.dirs, root);
}

/** The commit and its date as git itself reports them, with the checkout's config neutralised. */
export async function gitLogFacts(
  dirs: GitDirs,
  root: string,
): Promise<{ commit?: string; facts: SnapshotData['facts'] }> {
  try {
    const stdout = await runGit(dirs, root, ['log', '-1', '--no-show-signature', '--format=%H %cI'], {
      timeout: 5000,
    });
    const [commit, date] = stdout.toString('utf8').trim().split(' ');
    if (!commit || !date) throw new Error('git log printed nothing: the repository has no commits');
    return { commit, facts: { lastCommitAt: { state: 'known', value: date } } };
  } catch (error) {
    return {
      facts: {
        lastCommitAt: {
          state: 'unavailable',
          reason: 'error',
          detail: `git log failed: ${(error as Error).message.split('\n')[0]}`,
        },
      },
    };
  }
}
