import { stat } from 'node:fs/promises';
import path from 'node:path';
import { LocalSource } from '../snapshot/local.js';
import type { SnapshotSource } from '../snapshot/types.js';
import { UsageError } from './usage-error.js';

/** `owner/repo` or `owner/repo@ref`, as GitHub spells names: letters, digits, `-`, `_`, `.`. */
export const GITHUB_TARGET = /^(?<owner>[A-Za-z0-9-]+)\/(?<repo>[A-Za-z0-9._-]+)(?:@(?<ref>\S+))?$/;

/**
 * Turns the CLI's target argument into a snapshot source: an existing directory is audited on disk;
 * anything else that reads as `owner/repo[@ref]` is a GitHub repository.
 */
export async function resolveSource(arg: string, env: NodeJS.ProcessEnv): Promise<SnapshotSource> {
  const info = await stat(arg).catch(() => undefined);
  if (info?.isDirectory()) return new LocalSource(path.resolve(arg));
  if (info) throw new UsageError(`${arg}: not a directory (give the repository's root directory)`);
  const github = GITHUB_TARGET.exec(arg)?.groups;
  if (github?.owner && github.repo) {
    // Token from GITHUB_TOKEN or GH_TOKEN; GITHUB_API_URL for GitHub Enterprise Server.
    const { openGitHubSource } = await import('../snapshot/github-token.js');
    try {
      return openGitHubSource(
        { owner: github.owner, repo: github.repo, ...(github.ref ? { ref: github.ref } : {}) },
        env,
      );
    } catch (error) {
      throw new UsageError(`${arg}: ${(error as Error).message}`);
    }
  }
  throw new UsageError(`${arg}: no such directory`);
}
