import { noCost, rateWindowOf, type AuditCost, type BudgetLedger } from './budget.js';
import type { ConditionalCache } from './etag-cache.js';

/**
 * What an audit's GitHub client does besides asking: it counts what each audit costs (REST
 * requests, GraphQL points), tells the ledger where the installation's budget stands after each
 * answer, and re-reads with `If-None-Match` what it read before, so an unchanged answer comes back
 * as a 304 that GitHub does not count (docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api).
 */

interface RequestOptions {
  method: string;
  url: string;
  headers?: Record<string, string | undefined>;
  [key: string]: unknown;
}

interface Answer {
  status: number;
  url?: string;
  headers: Record<string, string | number | undefined>;
  data: unknown;
}

type Request = (options: RequestOptions) => Promise<Answer>;

/** The part of an octokit instance this needs. */
export interface HookableOctokit {
  hook: {
    wrap: (name: 'request', fn: (request: Request, options: RequestOptions) => Promise<Answer>) => void;
  };
  request: { endpoint: (options: RequestOptions) => { method: string; url: string } };
}

/** Answers larger than this are not kept: a 100,000-entry tree is megabytes. */
const MAX_CACHED_BYTES = 1_000_000;

/** GraphQL's cost in points: `rateLimit { cost }` when the query asked for it, else 1 (its minimum). */
function graphqlPoints(answer: Answer | undefined): number {
  const cost = (answer?.data as { data?: { rateLimit?: { cost?: unknown } } } | undefined)?.data?.rateLimit
    ?.cost;
  return typeof cost === 'number' && cost >= 0 ? cost : 1;
}

export interface MeterOptions {
  installationId: number;
  ledger?: BudgetLedger;
  /** Where conditional re-reads come from; absent: every GET reads afresh. */
  etags?: ConditionalCache;
}

/**
 * Wraps the client's requests for one audit; returns the audit's running cost. The installation
 * token's own request goes through the App's client, not this one, and is not counted.
 */
export function meterRequests(octokit: HookableOctokit, options: MeterOptions): AuditCost {
  const cost = noCost();
  const observe = (answer: { headers?: Answer['headers'] } | undefined): void => {
    const seen = rateWindowOf(answer?.headers);
    if (seen && options.ledger)
      options.ledger.observe(options.installationId, seen.resource, seen.window).catch(() => undefined);
  };
  octokit.hook.wrap('request', async (request, requestOptions) => {
    const isGraphql = /\/graphql$/.test(requestOptions.url);
    const cacheable = options.etags !== undefined && requestOptions.method === 'GET' && !isGraphql;
    const key = cacheable
      ? `${options.installationId} ${octokit.request.endpoint(requestOptions).url} ${requestOptions.headers?.accept ?? ''}`
      : '';
    // The cache is an economy: one that cannot be reached means reading afresh, not failing.
    const cached = cacheable ? await options.etags?.get(key).catch(() => undefined) : undefined;
    // before-after-hook binds the inner layers to this very options object: set the header on it.
    if (cached) requestOptions.headers = { ...requestOptions.headers, 'if-none-match': cached.etag };
    let answer: Answer;
    try {
      answer = await request(requestOptions);
    } catch (error) {
      const e = error as { status?: number; response?: Answer };
      observe(e.response);
      // Octokit raises a 304 as an error; it is the cached answer, and costs nothing.
      if (e.status === 304 && cached) {
        cost.notModified++;
        return { ...cached.answer, headers: { ...cached.answer.headers, ...e.response?.headers } };
      }
      if (e.response) {
        if (isGraphql) cost.graphql += 1;
        else cost.rest++;
      }
      throw error;
    }
    observe(answer);
    if (isGraphql) cost.graphql += graphqlPoints(answer);
    else cost.rest++;
    const etag = answer.headers.etag;
    if (cacheable && typeof etag === 'string' && answer.status === 200) {
      // GitHub often streams its answers without a length: measure what would be kept.
      const length = Number(answer.headers['content-length']);
      const bytes = length > 0 ? length : Buffer.byteLength(JSON.stringify(answer.data) ?? '');
      if (bytes <= MAX_CACHED_BYTES)
        await options.etags?.set(key, { etag, answer, bytes }).catch(() => undefined);
    }
    return answer;
  });
  return cost;
}
