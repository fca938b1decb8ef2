/** GraphQL documents the GitHub source sends, and the shapes of their answers. */

export interface GraphqlBlob {
  text: string | null;
  byteSize: number;
  isBinary: boolean | null;
  isTruncated: boolean;
}

export interface ConfigQueryResult {
  repo: {
    visibility: 'PUBLIC' | 'PRIVATE' | 'INTERNAL';
    isArchived: boolean;
    pushedAt: string | null;
    defaultBranchRef: { name: string } | null;
    /** What `rev` names: a commit, or an annotated tag (itself possibly of a tag) to peel. */
    commit: GraphqlRevision | null;
    config: GraphqlBlob | null;
  } | null;
  org: {
    nameWithOwner: string;
    visibility: 'PUBLIC' | 'PRIVATE' | 'INTERNAL';
    config: GraphqlBlob | null;
    securityRoot: GraphqlBlob | null;
    securityGithub: GraphqlBlob | null;
    securityDocs: GraphqlBlob | null;
  } | null;
}

export interface GraphqlRevision {
  __typename: string;
  oid: string;
  target?: GraphqlRevision;
}

/**
 * The commit a revision names: an annotated tag is an object of its own whose target is the
 * commit (or, rarely, another tag); its id is not a commit and has no tree to list.
 */
export function peeledCommit(revision: GraphqlRevision | null | undefined): string | undefined {
  let object = revision;
  for (let depth = 0; object && depth < 3; depth++) {
    if (object.__typename !== 'Tag') return object.oid;
    object = object.target;
  }
  return undefined;
}

export type BlobQueryResult = { repository: Record<string, GraphqlBlob | null> | null };

const BLOB_FIELDS = 'text byteSize isBinary isTruncated';

/**
 * The org-level files live in the owner's `.github` repository (GitHub's "default community
 * health files"); SECURITY.md may sit in `.github/`, at its root or in `docs/`, and counts only
 * when that repository is public.
 */
export const CONFIG_QUERY = `query TcopConfig($owner: String!, $name: String!, $rev: String!, $configExpression: String!, $orgConfigPath: String!) {
  repo: repository(owner: $owner, name: $name) {
    visibility
    isArchived
    pushedAt
    defaultBranchRef { name }
    commit: object(expression: $rev) { __typename oid ... on Tag { target { __typename oid ... on Tag { target { __typename oid } } } } }
    config: object(expression: $configExpression) { ... on Blob { ${BLOB_FIELDS} } }
  }
  org: repository(owner: $owner, name: ".github") {
    nameWithOwner
    visibility
    config: object(expression: $orgConfigPath) { ... on Blob { ${BLOB_FIELDS} } }
    securityRoot: object(expression: "HEAD:SECURITY.md") { ... on Blob { ${BLOB_FIELDS} } }
    securityGithub: object(expression: "HEAD:.github/SECURITY.md") { ... on Blob { ${BLOB_FIELDS} } }
    securityDocs: object(expression: "HEAD:docs/SECURITY.md") { ... on Blob { ${BLOB_FIELDS} } }
  }
  rateLimit { cost }
}`;

/**
 * One `object(expression:)` alias per wanted file, in one query per chunk. Each query also asks
 * `rateLimit { cost }`, as `CONFIG_QUERY` does: the points GitHub charged it, which the audit's
 * budget counts instead of assuming GitHub's minimum of 1.
 */
export function blobQuery(paths: readonly string[], commit: string): string {
  const aliases = paths
    .map(
      (p, i) =>
        `    f${i}: object(expression: ${JSON.stringify(`${commit}:${p}`)}) { ... on Blob { ${BLOB_FIELDS} } }`,
    )
    .join('\n');
  return `query TcopBlobs($owner: String!, $name: String!) {\n  repository(owner: $owner, name: $name) {\n${aliases}\n  }\n  rateLimit { cost }\n}`;
}
