import type { FileContent, FileEntry } from '../types.js';
import { graphqlAllowingNotFound, mapLimit, wrapError, type RepoContext } from './client.js';
import { blobQuery, type BlobQueryResult, type GraphqlBlob } from './queries.js';

/**
 * Aliases per GraphQL query and the text budget per query: one query serves a typical
 * repository; a monorepo with thousands of manifests is split, as GitHub's query limits ask
 * (docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api).
 */
const MAX_ALIASES_PER_QUERY = 1000;
const MAX_BYTES_PER_QUERY = 4 * 1024 * 1024;
/**
 * The most files one audit reads. A check that wants every source file would otherwise make
 * the request count grow with the repository; past this, the shallowest files are read first
 * and the rest are reported as not read.
 */
export const MAX_FILES_READ = 10_000;
/** GraphQL `Blob.text` stops at about 512 kB; larger blobs come back with `isTruncated`. */
export const GRAPHQL_BLOB_TEXT_LIMIT = 512_000;

export function blobContent(blob: GraphqlBlob | null | undefined, size: number): FileContent {
  if (!blob) return { kind: 'skipped', reason: 'unreadable', size };
  if (blob.isBinary) return { kind: 'skipped', reason: 'binary', size: blob.byteSize };
  if (blob.isTruncated) return { kind: 'skipped', reason: 'truncated', size: blob.byteSize };
  if (blob.text === null) return { kind: 'skipped', reason: 'unreadable', size: blob.byteSize };
  return { kind: 'text', text: blob.text };
}

/** Root and shallow files (README, licence, manifests) first: they matter to most checks. */
export function withinReadBudget(entries: readonly FileEntry[]): { read: FileEntry[]; unread: FileEntry[] } {
  if (entries.length <= MAX_FILES_READ) return { read: [...entries], unread: [] };
  const depth = (p: string): number => p.split('/').length;
  const ordered = [...entries].sort((a, b) => depth(a.path) - depth(b.path) || (a.path < b.path ? -1 : 1));
  return { read: ordered.slice(0, MAX_FILES_READ), unread: ordered.slice(MAX_FILES_READ) };
}

/** Splits the wanted files into queries within the alias and text budgets. */
function chunksOf(entries: readonly FileEntry[]): FileEntry[][] {
  const chunks: FileEntry[][] = [];
  let current: FileEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const cost = Math.min(entry.size, GRAPHQL_BLOB_TEXT_LIMIT);
    if (
      current.length > 0 &&
      (current.length >= MAX_ALIASES_PER_QUERY || bytes + cost > MAX_BYTES_PER_QUERY)
    ) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += cost;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The contents of the wanted files of a commit, in as few GraphQL queries as the budgets allow. */
export async function readBlobs(
  ctx: RepoContext,
  entries: readonly FileEntry[],
  commit: string,
): Promise<Record<string, FileContent>> {
  const contents: Record<string, FileContent> = {};
  await mapLimit(chunksOf(entries), 2, async (chunk) => {
    ctx.requests.graphql++;
    const result = await graphqlAllowingNotFound<BlobQueryResult>(
      ctx.client,
      blobQuery(
        chunk.map((e) => e.path),
        commit,
      ),
      { owner: ctx.owner, name: ctx.repo },
    ).catch((error: unknown) => {
      throw wrapError(`reading ${chunk.length} files of ${ctx.owner}/${ctx.repo}`, error);
    });
    chunk.forEach((entry, i) => {
      contents[entry.path] = blobContent(result.repository?.[`f${i}`], entry.size);
    });
  });
  return contents;
}
