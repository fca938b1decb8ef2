import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one process (`GET /metrics`). One registry per process: web processes
 * count deliveries and serve queue depth, workers count audits, GitHub requests and dead letters.
 * Installation ids are labels where the issue is per installation (rate-limit budget); a few
 * thousand installations stay a small series count.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'tcop_' });

export const metrics = {
  deliveries: new Counter({
    name: 'tcop_webhook_deliveries_total',
    help: 'Webhook deliveries accepted, by event and what the queue did with the job',
    labelNames: ['event', 'outcome'] as const,
    registers: [registry],
  }),
  audits: new Counter({
    name: 'tcop_audits_total',
    help: 'Audits finished, by outcome (completed, error, config_error, retry, rate_limited)',
    labelNames: ['outcome', 'trigger'] as const,
    registers: [registry],
  }),
  auditSeconds: new Histogram({
    name: 'tcop_audit_duration_seconds',
    help: 'Time from a worker starting an audit to its check runs completing',
    labelNames: ['trigger'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
    registers: [registry],
  }),
  githubRequests: new Counter({
    name: 'tcop_github_requests_total',
    help: 'Requests to GitHub, by API (rest, graphql) and status; 304 answers cost no rate limit',
    labelNames: ['api', 'status'] as const,
    registers: [registry],
  }),
  rateLimitRemaining: new Gauge({
    name: 'tcop_github_rate_limit_remaining',
    help: 'x-ratelimit-remaining of the last answer, per installation and resource',
    labelNames: ['installation', 'resource'] as const,
    registers: [registry],
  }),
  githubCost: new Counter({
    name: 'tcop_github_audit_cost_total',
    help: 'GitHub budget spent by audits: REST requests and GraphQL points (304 answers are not counted), by trigger',
    labelNames: ['api', 'trigger'] as const,
    registers: [registry],
  }),
  deferred: new Counter({
    name: 'tcop_schedule_deferred_total',
    help: 'Scheduled re-audits deferred to the next rate-limit window: the schedule had spent its share of the installation budget',
    registers: [registry],
  }),
  deadLetters: new Counter({
    name: 'tcop_dead_letters_total',
    help: 'Jobs given up after their last attempt',
    registers: [registry],
  }),
  queueDepth: new Gauge({
    name: 'tcop_queue_jobs',
    help: 'Audit jobs in the queue, by state',
    labelNames: ['state'] as const,
    registers: [registry],
  }),
};

/** Content type and body of `GET /metrics`; `collect` refreshes gauges read on demand (queue depth). */
export async function metricsResponse(
  collect?: () => Promise<void>,
): Promise<{ type: string; body: string }> {
  await collect?.().catch(() => undefined);
  return { type: registry.contentType, body: await registry.metrics() };
}
