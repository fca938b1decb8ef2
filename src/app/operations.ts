import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditStore } from '../store/index.js';
import type { AuditJob } from './job.js';
import { metrics, metricsResponse } from './metrics.js';
import type { AuditQueue } from './queue.js';
import type { Role } from './settings.js';

export interface Operated {
  queue: AuditQueue<AuditJob>;
  store: AuditStore | undefined;
  role: Role;
  env: NodeJS.ProcessEnv;
}

/** A dependency that does not answer within this long is not ready. */
const READY_TIMEOUT_MS = 2_000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Compares in constant time, whatever the lengths: the token's length is no secret worth leaking either. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify(body));
};

/**
 * `GET /readyz`: 200 when the queue and the store answer, else 503 naming which does not (a load
 * balancer stops sending webhooks to a web process that could not enqueue them).
 * `GET /metrics`: Prometheus text. `GET /admin/dead-letters`: the jobs given up, for operators
 * holding `TCOP_ADMIN_TOKEN` (absent: the view does not exist). Answers false for other paths.
 */
export async function serveOperations(
  req: IncomingMessage,
  res: ServerResponse,
  app: Operated,
): Promise<boolean> {
  if (req.method !== 'GET') return false;
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (pathname === '/readyz') {
    const problems: string[] = [];
    await within(app.queue.ready?.() ?? Promise.resolve(), READY_TIMEOUT_MS, 'the queue').catch(
      (e: unknown) => problems.push(`queue: ${(e as Error).message}`),
    );
    if (app.store)
      await within(
        app.store.latestAudit('tcop-audit-readiness', 'probe', { publicOnly: true }),
        READY_TIMEOUT_MS,
        'the store',
      ).catch((e: unknown) => problems.push(`store: ${(e as Error).message}`));
    json(res, problems.length ? 503 : 200, {
      status: problems.length ? 'unavailable' : 'ready',
      role: app.role,
      problems,
    });
    return true;
  }
  if (pathname === '/metrics') {
    const { type, body } = await metricsResponse(async () => {
      const counts: Record<string, number> = await within(
        app.queue.counts?.() ?? Promise.resolve({}),
        READY_TIMEOUT_MS,
        'the queue',
      );
      for (const [state, n] of Object.entries(counts)) metrics.queueDepth.set({ state }, n);
    });
    res.writeHead(200, { 'content-type': type }).end(body);
    return true;
  }
  if (pathname === '/admin/dead-letters') {
    const token = app.env.TCOP_ADMIN_TOKEN;
    if (!token) return false;
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!sameSecret(given, token)) {
      res
        .writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'text/plain' })
        .end('Unauthorized\n');
      return true;
    }
    json(res, 200, { deadLetters: (await app.queue.deadLetters?.()) ?? [] });
    return true;
  }
  return false;
}
