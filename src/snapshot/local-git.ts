import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SnapshotData } from './types.js';

const run = promisify(execFile);

/** `git ls-files` of a large monorepo prints tens of MB; the default 1 MB buffer would cut it. */
const LS_FILES_MAX_BUFFER = 512 * 1024 * 1024;

async function isRepositoryRoot(root: string): Promise<boolean> {
  return access(path.join(root, '.git')).then(
    () => true,
    () => false,
  );
}

/**
 * The paths git would commit from a working tree: tracked files plus untracked ones that no ignore rule
 * covers (nested `.gitignore`, `.git/info/exclude`, `core.excludesFile`). Undefined when `root` is not
 * the top of a repository or git cannot answer, so the caller walks the directory instead.
 */
export async function listGitFiles(root: string): Promise<{ path: string }[] | undefined> {
  if (!(await isRepositoryRoot(root))) return undefined;
  try {
    const { stdout } = await run(
      'git',
      [
        '-C',
        root,
        '-c',
        'core.quotePath=false',
        'ls-files',
        '-z',
        '--cached',
        '--others',
        '--exclude-standard',
      ],
      { maxBuffer: LS_FILES_MAX_BUFFER, timeout: 60_000, encoding: 'utf8' },
    );
    const seen = new Set<string>();
    const out: { path: string }[] = [];
    // A path both staged and changed, or in conflict, is printed more than once.
    for (const p of stdout.split('\0')) {
      if (p === '' || seen.has(p)) continue;
      seen.add(p);
      out.push({ path: p });
    }
    return out;
  } catch {
    return undefined;
  }
}

/** Facts a local checkout can tell from its git history: the commit and when it was made. */
export async function readLocalGitFacts(
  root: string,
): Promise<{ commit?: string; facts: SnapshotData['facts'] }> {
  if (!(await isRepositoryRoot(root))) {
    return {
      facts: {
        lastCommitAt: { state: 'unavailable', reason: 'not-supported', detail: 'no .git directory' },
      },
    };
  }
  try {
    const { stdout } = await run('git', ['-C', root, 'log', '-1', '--format=%H %cI'], {
      timeout: 5000,
    });
    const [commit, date] = stdout.trim().split(' ');
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
