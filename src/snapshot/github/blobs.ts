import type { FileContent, FileEntry } from '../types.js';
import { graphqlAllowingNotFound, mapLimit, wrapError, type RepoContext } from './client.js';
import { blobQuery, type BlobQueryResult, type GraphqlBlob } from './queries.js';

/**
 * Aliases per GraphQL query and the text budget per query. GitHub stops a query after 10 seconds
 * (docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api), and
 * the time grows with the text a query returns: on the fake (`npm run bench -- graphql-batch`,
 * this repository's 689 wanted files) 1,000 aliases made one 3.6 MB query, 250 made three of at
 * most 2 MB at under two thirds of its time each, and the whole read took within 20% of the
 * fastest. Smaller batches only add queries. A batch GitHub still cannot finish is halved.
 */
export const ALIASES_PER_QUERY = 250;
const MAX_BYTES_PER_QUERY = 2 * 1024 * 1024;
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
export function chunksOf(entries: readonly FileEntry[], aliases = ALIASES_PER_QUERY): FileEntry[][] {
  const chunks: FileEntry[][] = [];
  let current: FileEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const cost = Math.min(entry.size, GRAPHQL_BLOB_TEXT_LIMIT);
    if (current.length > 0 && (current.length >= aliases || bytes + cost > MAX_BYTES_PER_QUERY)) {
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

/** The wanted files' contents, and the files GitHub would not serve even in the smallest query. */
export interface BlobReading {
  contents: Record<string, FileContent>;
  /** Files whose content is unknown, with GitHub's reason: never silently missing. */
  unreadable: { path: string; why: string }[];
}

interface GraphqlFailureLike {
  status?: number;
  message?: string;
  data?: BlobQueryResult | null;
  errors?: { type?: string; path?: (string | number)[]; message?: string }[];
}

/**
 * A query GitHub could not finish, most often because of its size: 502/504 from the proxy (or a
 * 500), a 200 with `data: null` and "Something went wrong … timeout", or RESOURCE_LIMITS_EXCEEDED
 * (docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api). A
 * smaller query may pass; any other error (a credential, a bad query) would fail again.
 */
export function tooBigFor(error: unknown): string | undefined {
  const e = error as GraphqlFailureLike | undefined;
  // @octokit/plugin-retry turns a GraphQL timeout into a RequestError 500 with GitHub's message.
  if (/Something went wrong while executing your query|timed? ?out/i.test(e?.message ?? ''))
    return 'GitHub’s GraphQL API timed out';
  if (e?.status === 500 || e?.status === 502 || e?.status === 504) return `GitHub answered ${e.status}`;
  for (const x of e?.errors ?? []) {
    if (x.type === 'RESOURCE_LIMITS_EXCEEDED' || /resource limits/i.test(x.message ?? ''))
      return 'GitHub’s GraphQL resource limits were exceeded';
    if (/timeout|timed out/i.test(x.message ?? '')) return 'GitHub’s GraphQL API timed out';
  }
  return undefined;
}

/**
 * Queries beyond the first try spent on halving batches GitHub could not finish, per audit: a
 * GitHub that times out on every query must not cost one query per file.
 */
export const MAX_SPLIT_QUERIES = 32;

/**
 * The contents of the wanted files of a commit, in as few GraphQL queries as the budgets allow.
 * A batch GitHub cannot finish (timeout, 502/504, resource limits) is split in halves and each
 * half tried again; aliases that did answer are kept; what still fails is listed as unreadable.
 */
export async function readBlobs(
  ctx: RepoContext,
  entries: readonly FileEntry[],
  commit: string,
  aliases = ALIASES_PER_QUERY,
): Promise<BlobReading> {
  const reading: BlobReading = { contents: {}, unreadable: [] };
  let splits = 0;
  const read = async (chunk: readonly FileEntry[]): Promise<void> => {
    ctx.requests.graphql++;
    const failed: FileEntry[] = [];
    let overloaded: string | undefined;
    let why: string;
    try {
      const result = await graphqlAllowingNotFound<BlobQueryResult>(
        ctx.client,
        blobQuery(
          chunk.map((e) => e.path),
          commit,
        ),
        // A batch too big for GitHub fails the same way when repeated: halving it is the retry.
        { owner: ctx.owner, name: ctx.repo, request: { retries: 0 } },
      );
      chunk.forEach((entry, i) => {
        reading.contents[entry.path] = blobContent(result.repository?.[`f${i}`], entry.size);
      });
      return;
    } catch (error) {
      overloaded = tooBigFor(error);
      const e = error as GraphqlFailureLike;
      const answered = e?.data?.repository;
      // Aliases GitHub answered are kept; those an error names, or that are absent, are not.
      const erred = new Set((e?.errors ?? []).map((x) => String(x.path?.[1] ?? '')));
      chunk.forEach((entry, i) => {
        const alias = `f${i}`;
        if (answered && alias in answered && !erred.has(alias))
          reading.contents[entry.path] = blobContent(answered[alias], entry.size);
        else failed.push(entry);
      });
      if (!overloaded && failed.length === chunk.length)
        throw wrapError(`reading ${chunk.length} files of ${ctx.owner}/${ctx.repo}`, error);
      why = overloaded ?? (e?.message || String(error));
    }
    // What failed is asked again in halves, until a file fails alone.
    const halves = failed.length > 1 ? 2 : 1;
    if (overloaded && (failed.length > 1 || chunk.length > 1) && splits + halves <= MAX_SPLIT_QUERIES) {
      splits += halves;
      const half = Math.ceil(failed.length / 2);
      await Promise.all([read(failed.slice(0, half)), ...(halves > 1 ? [read(failed.slice(half))] : [])]);
      return;
    }
    for (const entry of failed) {
      reading.contents[entry.path] = { kind: 'skipped', reason: 'unreadable', size: entry.size };
      reading.unreadable.push({ path: entry.path, why });
    }
  };
  await mapLimit(chunksOf(entries, aliases), 2, read);
  reading.unreadable.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return reading;
}
