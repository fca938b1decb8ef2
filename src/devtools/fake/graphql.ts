import { graphql, type GraphQLError } from 'graphql';
import { githubGraphqlSchema } from '../contract/graphql.js';

/**
 * The fake's GraphQL endpoint, executed on GitHub's real public schema: a query the real GitHub
 * would refuse (an unknown field, a wrong argument type) is refused here too, with GitHub's
 * error shape.
 */

export class GraphqlNotFound extends Error {
  readonly type = 'NOT_FOUND';
}

/** GitHub caps `Blob.text` at about 512 kB; larger text blobs come back with `isTruncated`. */
export const BLOB_TEXT_LIMIT = 512_000;

export interface GraphqlRepository {
  owner: string;
  name: string;
  visibility: string;
  archived: boolean;
  defaultBranch: string;
  pushedAt: string;
  /** Resolves `rev` or `rev:path` as git does, or null. */
  resolve(expression: string): GraphqlObject | null;
}

export type GraphqlObject =
  | { kind: 'commit'; oid: string }
  | { kind: 'tree'; oid: string }
  | { kind: 'tag'; oid: string; name: string; target: GraphqlObject }
  | { kind: 'blob'; oid: string; content: Buffer };

function objectNode(object: GraphqlObject | null): Record<string, unknown> | null {
  if (!object) return null;
  switch (object.kind) {
    case 'commit':
      return { __typename: 'Commit', oid: object.oid, id: object.oid };
    case 'tree':
      return { __typename: 'Tree', oid: object.oid, id: object.oid };
    case 'tag':
      return {
        __typename: 'Tag',
        oid: object.oid,
        id: object.oid,
        name: object.name,
        target: objectNode(object.target),
      };
    case 'blob': {
      const isBinary = object.content.subarray(0, 8000).includes(0);
      return {
        __typename: 'Blob',
        oid: object.oid,
        id: object.oid,
        byteSize: object.content.length,
        isBinary,
        isTruncated: !isBinary && object.content.length > BLOB_TEXT_LIMIT,
        text: isBinary ? null : object.content.subarray(0, BLOB_TEXT_LIMIT).toString('utf8'),
      };
    }
  }
}

function repositoryNode(repo: GraphqlRepository): Record<string, unknown> {
  return {
    id: `R_${repo.owner}/${repo.name}`,
    name: repo.name,
    nameWithOwner: `${repo.owner}/${repo.name}`,
    visibility: repo.visibility.toUpperCase(),
    isPrivate: repo.visibility !== 'public',
    isArchived: repo.archived,
    pushedAt: repo.pushedAt,
    defaultBranchRef: {
      name: repo.defaultBranch,
      prefix: 'refs/heads/',
      target: objectNode(repo.resolve('HEAD')),
    },
    object: ({ expression, oid }: { expression?: string; oid?: string }) =>
      objectNode(repo.resolve(expression ?? oid ?? '')),
  };
}

/** The query's `rateLimit` field: what this query cost and where the token's hour stands. */
export interface GraphqlRateLimit {
  cost: number;
  limit: number;
  remaining: number;
  used: number;
  resetAt: string;
  nodeCount: number;
}

/** Runs one GraphQL request; `lookup` throws {@link GraphqlNotFound} for a repository the caller may not see. */
export async function executeGraphql(
  body: { query?: string; variables?: Record<string, unknown> } | undefined,
  lookup: (owner: string, name: string) => GraphqlRepository,
  rateLimit: () => GraphqlRateLimit = () => ({
    cost: 1,
    limit: 5000,
    remaining: 4999,
    used: 1,
    resetAt: new Date(Date.now() + 3600_000).toISOString(),
    nodeCount: 0,
  }),
): Promise<{ data: unknown; errors?: Record<string, unknown>[] }> {
  const result = await graphql({
    schema: githubGraphqlSchema(),
    source: body?.query ?? '',
    rootValue: {
      repository: ({ owner, name }: { owner: string; name: string }) => repositoryNode(lookup(owner, name)),
      rateLimit,
    },
    variableValues: body?.variables ?? {},
  });
  const errors = result.errors?.map((e: GraphQLError) => ({
    ...(e.originalError instanceof GraphqlNotFound ? { type: 'NOT_FOUND' } : {}),
    ...(e.path ? { path: e.path } : {}),
    ...(e.locations ? { locations: e.locations } : {}),
    message: e.message,
  }));
  return { data: result.data ?? null, ...(errors ? { errors } : {}) };
}
