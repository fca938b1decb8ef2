import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { RecordedRequest } from '../../src/devtools/fake-github.js';
import { ROOT } from '../support/check-harness.js';

/** A throwaway App key made at test time: no key is ever committed. */
export const TEST_PRIVATE_KEY = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;

export const APP_ID = 123456;
export const INSTALLATION_ID = 4500001;
export const HEAD_SHA = '9f2c4e1b7a3d5f60817293a4b5c6d7e8f9012345';
export const BASE_SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678';

/** A recorded webhook payload from fixtures/webhooks/. */
export function webhook<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(ROOT, 'fixtures/webhooks', `${name}.json`), 'utf8')) as T;
}

export const GRANTED = { checks: 'write', contents: 'read', metadata: 'read', pull_requests: 'read' };

/**
 * The requests the fake GitHub received, one line each, so a test asserts the exact API calls
 * the App made, in order: `GRAPHQL <operation> owner/repo@rev [files]` for GraphQL, the check run
 * name and status or conclusion for check-run writes, method, path and query for the rest.
 */
export function callLines(requests: readonly RecordedRequest[]): string[] {
  return requests.map((r) => {
    const query = new URLSearchParams(r.query).toString();
    const target = `${r.path}${query ? `?${query}` : ''}`;
    if (r.path === '/graphql') {
      const { query: text = '', variables = {} } = r.body as {
        query?: string;
        variables?: Record<string, unknown>;
      };
      const repo = `${String(variables.owner)}/${String(variables.name)}`;
      if (r.graphqlOperation === 'TcopConfig') return `GRAPHQL TcopConfig ${repo}@${String(variables.rev)}`;
      const files = [...text.matchAll(/object\(expression: "([0-9a-f]+):((?:[^"\\]|\\.)*)"\)/g)];
      return `GRAPHQL ${r.graphqlOperation ?? '?'} ${repo}@${files[0]?.[1] ?? ''} ${files.map((m) => m[2]).join(',')}`.trimEnd();
    }
    const body = (r.body ?? {}) as Record<string, unknown>;
    if (r.method === 'POST' && r.path.endsWith('/check-runs'))
      return `POST ${target} ${String(body.name)} ${String(body.conclusion ?? body.status)}`;
    if (r.method === 'PATCH' && /\/check-runs\/\d+$/.test(r.path))
      return `PATCH ${target} ${String(body.conclusion ?? body.status ?? 'output')}`;
    return `${r.method} ${target}`;
  });
}

const isWrite = (call: string): boolean => /^(POST|PATCH) \S*\/check-runs/.test(call);

/** The commit a read is about, so reads of different commits may interleave. */
const commitOf = (call: string): string => /[0-9a-f]{40}/.exec(call)?.[0] ?? '';

/**
 * Asserts the exact calls: the same writes in the same order, and the same reads in the same
 * order per commit. Reads overlap writes (the runs show "in progress" while the snapshot loads)
 * and a pull request's base is read alongside its head, so only that interleaving is free;
 * every completion still comes after the last read.
 */
export function expectCalls(actual: readonly string[], expected: readonly string[]): void {
  expect(actual.filter(isWrite)).toEqual(expected.filter(isWrite));
  const reads = (calls: readonly string[]): Record<string, string[]> => {
    const byCommit: Record<string, string[]> = {};
    for (const c of calls.filter((c) => !isWrite(c))) (byCommit[commitOf(c)] ??= []).push(c);
    return byCommit;
  };
  expect(reads(actual)).toEqual(reads(expected));
  const lastRead = Math.max(...actual.map((c, i) => (isWrite(c) ? -1 : i)));
  const firstCompletion = actual.findIndex((c) => / (success|failure|neutral|action_required)$/.test(c));
  if (firstCompletion >= 0) expect(firstCompletion).toBeGreaterThan(lastRead);
}
