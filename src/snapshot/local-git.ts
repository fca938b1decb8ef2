import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SnapshotData } from './types.js';

const run = promisify(execFile);

/** Facts a local checkout can tell from its git history: the commit and when it was made. */
export async function readLocalGitFacts(
  root: string,
): Promise<{ commit?: string; facts: SnapshotData['facts'] }> {
  const hasGit = await access(path.join(root, '.git')).then(
    () => true,
    () => false,
  );
  if (!hasGit) {
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
