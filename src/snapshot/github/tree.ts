import type { FileEntry } from '../types.js';
import { mapLimit, wrapError, type RepoContext } from './client.js';

/**
 * GitHub caps a recursive tree at 100,000 entries or 7 MB and sets `truncated` beyond that
 * (docs.github.com/en/rest/git/trees). The fallback walks subtrees; this bounds its cost.
 */
const MAX_SUBTREE_REQUESTS = 400;

interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
}

interface TreeResponse {
  sha: string;
  tree: TreeEntry[];
  truncated: boolean;
}

export interface TreeListing {
  entries: FileEntry[];
  complete: boolean;
  incompleteReason?: string;
}

/** Every file of a commit: one recursive tree request, unless GitHub truncates it. */
export async function listTree(ctx: RepoContext, commit: string): Promise<TreeListing> {
  const root = await getTree(ctx, commit, true);
  if (!root.truncated) return { entries: blobsOf(root.tree, ''), complete: true };
  return walkTruncated(ctx, commit);
}

async function getTree(ctx: RepoContext, sha: string, recursive: boolean): Promise<TreeResponse> {
  ctx.requests.rest++;
  try {
    const { data } = await ctx.client.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
      owner: ctx.owner,
      repo: ctx.repo,
      tree_sha: sha,
      ...(recursive ? { recursive: '1' } : {}),
    });
    return data as TreeResponse;
  } catch (error) {
    throw wrapError(`listing the tree ${sha.slice(0, 12)} of ${ctx.owner}/${ctx.repo}`, error);
  }
}

/**
 * GitHub truncated the recursive tree: list the root, then each subtree recursively, descending
 * further only where a subtree is itself truncated. Bounded; says so when it gives up.
 */
async function walkTruncated(ctx: RepoContext, commit: string): Promise<TreeListing> {
  const entries: FileEntry[] = [];
  // A loop, not push(...list): spreading a list of 150,000 entries as arguments overflows the stack.
  const add = (list: readonly FileEntry[]): void => {
    for (const entry of list) entries.push(entry);
  };
  let requests = 0;
  let gaveUp = 0;
  const cutShort: string[] = [];
  const walk = async (sha: string, prefix: string): Promise<void> => {
    requests++;
    const level = await getTree(ctx, sha, false);
    // One directory with more entries than GitHub lists: the rest of it cannot be read this way.
    if (level.truncated) cutShort.push(prefix === '' ? '/' : prefix);
    add(blobsOf(level.tree, prefix));
    const subtrees = level.tree.filter((e) => e.type === 'tree');
    await mapLimit(subtrees, ctx.concurrency, async (sub) => {
      const subPrefix = `${prefix}${sub.path}/`;
      if (requests >= MAX_SUBTREE_REQUESTS) {
        gaveUp++;
        return;
      }
      requests++;
      const recursive = await getTree(ctx, sub.sha, true);
      if (!recursive.truncated) add(blobsOf(recursive.tree, subPrefix));
      else {
        requests--;
        await walk(sub.sha, subPrefix);
      }
    });
  };
  await walk(commit, '');
  if (gaveUp === 0 && cutShort.length === 0) return { entries, complete: true };
  const reasons = [
    ...(gaveUp > 0
      ? [
          `${gaveUp} director${gaveUp === 1 ? 'y was' : 'ies were'} not listed after ${MAX_SUBTREE_REQUESTS} requests`,
        ]
      : []),
    ...(cutShort.length > 0
      ? [
          `GitHub listed only part of ${cutShort.length} director${cutShort.length === 1 ? 'y' : 'ies'} with more entries than it lists (${cutShort.slice(0, 5).join(', ')}${cutShort.length > 5 ? ', …' : ''})`,
        ]
      : []),
  ];
  return {
    entries,
    complete: false,
    incompleteReason: `GitHub truncated the file list of this very large repository; ${reasons.join('; ')}`,
  };
}

function blobsOf(tree: readonly TreeEntry[], prefix: string): FileEntry[] {
  // Submodules (`commit` entries) are other repositories, not files of this one.
  return tree.filter((e) => e.type === 'blob').map((e) => ({ path: prefix + e.path, size: e.size ?? 0 }));
}
