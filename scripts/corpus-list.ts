import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One real repository of the corpus, pinned to a commit so that a re-run audits the same tree. */
export interface CorpusRepository {
  /** owner/name on GitHub. */
  repo: string;
  commit: string;
  /** Who publishes it: NHS, GOV.UK, HMRC… */
  sector: string;
  /** What it is: languages, frameworks, shape. */
  kind: string;
}

export interface CorpusList {
  /** The audit's clock (YYYY-MM-DD), so that end-of-life and staleness findings do not drift between runs. */
  auditDate: string;
  repositories: CorpusRepository[];
  /** licensee's own fixture suite: one directory per case, expectations in a YAML file. */
  licensee: { repo: string; commit: string; fixtures: string; expectations: string };
}

const LIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bench/corpus-repos.json');

export function corpusList(): CorpusList {
  const list = JSON.parse(readFileSync(LIST, 'utf8')) as CorpusList;
  for (const r of [...list.repositories, list.licensee]) {
    if (!/^[\w.-]+\/[\w.-]+$/.test(r.repo) || !/^[0-9a-f]{40}$/.test(r.commit))
      throw new Error(`${LIST}: bad entry ${JSON.stringify(r)} (owner/name and a 40-hex commit)`);
  }
  return list;
}

/** Where working trees go: TCOP_CORPUS_DIR, else a folder in the system temp dir. */
export function corpusDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.TCOP_CORPUS_DIR || path.join(os.tmpdir(), 'tcop-corpus'));
}

/** A repository's folder name under the corpus dir: owner+name, which cannot clash across owners. */
export const folderOf = (repo: string): string => repo.replace('/', '+');

/** The repository a folder name stands for, or undefined for folders not named owner+name. */
export function repoOf(folder: string): string | undefined {
  const m = /^([\w.-]+)\+([\w.-]+)$/.exec(folder);
  return m ? `${m[1]}/${m[2]}` : undefined;
}
