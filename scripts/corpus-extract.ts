import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { corpusDir, corpusList, folderOf, type CorpusRepository } from './corpus-list.js';

/**
 * Checks out every repository of bench/corpus-repos.json at its pinned commit under TCOP_CORPUS_DIR,
 * for `npm run bench -- corpus`.
 *
 *   npm run corpus:extract -- --mirrors DIR   clone from local git directories (bare or not)
 *   npm run corpus:extract -- --clone         clone the missing ones from github.com
 *
 * In DIR a repository owner/name may be `owner+name/repo`, `owner+name.git`, `owner+name`,
 * `owner/name.git` or `owner/name`. Clones share the mirror's objects (git clone --shared), so a
 * working tree costs only its checked-out files. Nothing is written inside this repository.
 */

const git = (args: string[], cwd?: string): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

function mirrorOf(mirrors: string, repo: string): string | undefined {
  const [owner, name] = repo.split('/') as [string, string];
  const candidates = [
    path.join(mirrors, `${owner}+${name}`, 'repo'),
    path.join(mirrors, `${owner}+${name}.git`),
    path.join(mirrors, `${owner}+${name}`),
    path.join(mirrors, owner, `${name}.git`),
    path.join(mirrors, owner, name),
  ];
  return candidates.find((c) => {
    try {
      return (
        git([
          '--git-dir',
          existsSync(path.join(c, '.git')) ? path.join(c, '.git') : c,
          'rev-parse',
          '--git-dir',
        ]) !== ''
      );
    } catch {
      return false;
    }
  });
}

type Outcome = 'ready' | 'checked out' | 'missing' | 'no such commit';

function extract(
  r: Pick<CorpusRepository, 'repo' | 'commit'>,
  dir: string,
  mirrors: string | undefined,
  clone: boolean,
): Outcome {
  const dest = path.join(dir, folderOf(r.repo));
  if (existsSync(path.join(dest, '.git'))) {
    const head = git(['rev-parse', 'HEAD'], dest);
    if (head === r.commit) return 'ready';
  } else {
    const source = mirrors ? mirrorOf(mirrors, r.repo) : undefined;
    if (source === undefined && !clone) return 'missing';
    const from = source ?? `https://github.com/${r.repo}.git`;
    git(['clone', '--quiet', '--no-checkout', ...(source ? ['--shared'] : []), from, dest]);
  }
  try {
    git(['cat-file', '-e', `${r.commit}^{commit}`], dest);
  } catch {
    if (!clone) return 'no such commit';
    git(['fetch', '--quiet', 'origin', r.commit], dest);
  }
  try {
    git(['checkout', '--quiet', '--force', '--detach', r.commit], dest);
  } catch (error) {
    // Snapshot stores leave out very large blobs: git checks out the rest and says which it could not read.
    if (git(['rev-parse', 'HEAD'], dest) !== r.commit) throw error;
    const absent = git(['ls-files', '--deleted'], dest).split('\n').filter(Boolean);
    console.error(
      `${r.repo}: ${absent.length} file(s) absent from the mirror: ${absent.slice(0, 3).join(', ')}`,
    );
  }
  return 'checked out';
}

function main(argv: readonly string[]): number {
  const mirrorsAt = argv.indexOf('--mirrors');
  const mirrors = mirrorsAt >= 0 ? argv[mirrorsAt + 1] : process.env.TCOP_CORPUS_MIRRORS;
  const clone = argv.includes('--clone');
  if (mirrorsAt >= 0 && !mirrors) {
    console.error('--mirrors needs a directory');
    return 2;
  }
  const list = corpusList();
  const dir = corpusDir();
  mkdirSync(dir, { recursive: true });
  const counts = new Map<Outcome, string[]>();
  for (const r of [...list.repositories, list.licensee]) {
    let outcome: Outcome;
    try {
      outcome = extract(r, dir, mirrors ? path.resolve(mirrors) : undefined, clone);
    } catch (error) {
      console.error(`${r.repo}: ${(error as Error).message.split('\n')[0]}`);
      outcome = 'missing';
    }
    counts.set(outcome, [...(counts.get(outcome) ?? []), r.repo]);
  }
  console.log(`corpus in ${dir}`);
  for (const [outcome, repos] of counts) {
    const shown = outcome === 'missing' || outcome === 'no such commit' ? `: ${repos.join(', ')}` : '';
    console.log(`  ${outcome}: ${repos.length}${shown}`);
  }
  return (counts.get('missing')?.length ?? 0) + (counts.get('no such commit')?.length ?? 0) > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
