import type { Redis } from 'ioredis';

/**
 * GitHub's budget per installation, and the share of it scheduled re-audits may spend.
 *
 * GitHub gives an installation token a primary limit per hour for REST (`core`) and for GraphQL
 * (points), and says in every answer's `x-ratelimit-limit`, `-remaining`, `-reset` and `-resource`
 * where it stands (docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api). A 304
 * to a conditional request costs nothing. Events (pushes, pull requests) are what users wait for;
 * the daily re-audit is not, so it may spend at most `share` of each window's limit, reserved
 * before each scheduled audit, and the rest of the schedule waits for the next window.
 */

export type Resource = 'core' | 'graphql';

export const RESOURCES: readonly Resource[] = ['core', 'graphql'];

/** Where an installation stands in one rate-limit window, as GitHub last said. */
export interface RateWindow {
  limit: number;
  remaining: number;
  /** ms since epoch when the window resets. */
  resetAt: number;
}

/** What one audit cost: REST requests and GraphQL points, and the 304s that cost nothing. */
export interface AuditCost {
  rest: number;
  graphql: number;
  notModified: number;
}

export const noCost = (): AuditCost => ({ rest: 0, graphql: 0, notModified: 0 });

type Headers = Record<string, string | number | undefined> | undefined;

/** The window an answer's `x-ratelimit-*` headers describe; undefined when they do not. */
export function rateWindowOf(headers: Headers): { resource: Resource; window: RateWindow } | undefined {
  const limit = Number(headers?.['x-ratelimit-limit']);
  const remaining = Number(headers?.['x-ratelimit-remaining']);
  const reset = Number(headers?.['x-ratelimit-reset']);
  if (![limit, remaining, reset].every(Number.isFinite) || limit <= 0) return undefined;
  const resource = String(headers?.['x-ratelimit-resource'] ?? 'core');
  // Other resources (search, code_scanning_upload…) are not what an audit spends.
  if (resource !== 'core' && resource !== 'graphql') return undefined;
  return { resource, window: { limit, remaining, resetAt: reset * 1000 } };
}

/**
 * The installations' windows and what the schedule spent in each, shared by every worker: in
 * memory for one process, on Redis for several.
 */
export interface BudgetLedger {
  observe(installationId: number, resource: Resource, window: RateWindow): Promise<void>;
  window(installationId: number, resource: Resource): Promise<RateWindow | undefined>;
  /**
   * Adds `points` to the schedule's spending in the window ending at `resetAt` unless that would
   * exceed `cap`; true when added. Negative points give back an over-estimate.
   */
  reserve(
    installationId: number,
    resource: Resource,
    resetAt: number,
    points: number,
    cap: number,
  ): Promise<boolean>;
  spent(installationId: number, resource: Resource, resetAt: number): Promise<number>;
}

/** A newer answer wins; within one window the lower `remaining` (answers from parallel requests arrive in any order). */
function merge(current: RateWindow | undefined, next: RateWindow): RateWindow {
  if (!current || next.resetAt > current.resetAt) return next;
  if (next.resetAt < current.resetAt) return current;
  return { ...next, remaining: Math.min(current.remaining, next.remaining) };
}

export class MemoryLedger implements BudgetLedger {
  private readonly windows = new Map<string, RateWindow>();
  private readonly spending = new Map<string, number>();

  async observe(installationId: number, resource: Resource, window: RateWindow): Promise<void> {
    const key = `${installationId}/${resource}`;
    this.windows.set(key, merge(this.windows.get(key), window));
  }

  async window(installationId: number, resource: Resource): Promise<RateWindow | undefined> {
    return this.windows.get(`${installationId}/${resource}`);
  }

  async reserve(
    installationId: number,
    resource: Resource,
    resetAt: number,
    points: number,
    cap: number,
  ): Promise<boolean> {
    const key = `${installationId}/${resource}/${resetAt}`;
    const next = (this.spending.get(key) ?? 0) + points;
    if (points > 0 && next > cap) return false;
    this.spending.set(key, Math.max(0, next));
    if (this.spending.size > 10_000) this.spending.delete(this.spending.keys().next().value as string);
    return true;
  }

  async spent(installationId: number, resource: Resource, resetAt: number): Promise<number> {
    return this.spending.get(`${installationId}/${resource}/${resetAt}`) ?? 0;
  }
}

/** Every worker on one Redis sees the same windows and the same spending; keys expire with their window. */
export class RedisLedger implements BudgetLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private windowKey(installationId: number, resource: Resource): string {
    return `${this.prefix}:budget:${installationId}:${resource}`;
  }

  private spentKey(installationId: number, resource: Resource, resetAt: number): string {
    return `${this.prefix}:budget-spent:${installationId}:${resource}:${Math.floor(resetAt / 1000)}`;
  }

  async observe(installationId: number, resource: Resource, window: RateWindow): Promise<void> {
    const key = this.windowKey(installationId, resource);
    // One script, so two workers' answers merge rather than overwrite each other.
    await this.redis.eval(
      `local r = tonumber(redis.call('HGET', KEYS[1], 'reset') or '0')
       local reset = tonumber(ARGV[3])
       if reset < r then return 0 end
       local remaining = tonumber(ARGV[2])
       if reset == r then
         local current = tonumber(redis.call('HGET', KEYS[1], 'remaining') or ARGV[2])
         if current < remaining then remaining = current end
       end
       redis.call('HSET', KEYS[1], 'limit', ARGV[1], 'remaining', remaining, 'reset', reset)
       redis.call('PEXPIREAT', KEYS[1], reset + 60000)
       return 1`,
      1,
      key,
      String(window.limit),
      String(window.remaining),
      String(window.resetAt),
    );
  }

  async window(installationId: number, resource: Resource): Promise<RateWindow | undefined> {
    const h = await this.redis.hgetall(this.windowKey(installationId, resource));
    if (!h.reset) return undefined;
    return { limit: Number(h.limit), remaining: Number(h.remaining), resetAt: Number(h.reset) };
  }

  async reserve(
    installationId: number,
    resource: Resource,
    resetAt: number,
    points: number,
    cap: number,
  ): Promise<boolean> {
    const key = this.spentKey(installationId, resource, resetAt);
    const added = (await this.redis.eval(
      `local next = tonumber(redis.call('GET', KEYS[1]) or '0') + tonumber(ARGV[1])
       if tonumber(ARGV[1]) > 0 and next > tonumber(ARGV[2]) then return 0 end
       if next < 0 then next = 0 end
       redis.call('SET', KEYS[1], next, 'PXAT', tonumber(ARGV[3]) + 60000)
       return 1`,
      1,
      key,
      String(points),
      String(cap),
      String(resetAt),
    )) as number;
    return added === 1;
  }

  async spent(installationId: number, resource: Resource, resetAt: number): Promise<number> {
    return Number((await this.redis.get(this.spentKey(installationId, resource, resetAt))) ?? 0);
  }
}

export type Admission =
  | { admitted: true; reserved: Partial<Record<Resource, { resetAt: number; points: number }>> }
  | { admitted: false; until: number; reason: string };

/**
 * Paces scheduled re-audits to `share` of each installation's windows. Before a scheduled audit
 * it reserves what the last one cost (or a first guess); after it, `settle` books what it really
 * cost. An installation whose windows are not known yet is admitted: its first answer tells.
 */
export class SchedulePacer {
  private readonly estimate: Record<Resource, number> = { core: 4, graphql: 2 };

  constructor(
    readonly ledger: BudgetLedger,
    readonly share = 0.5,
    private readonly now: () => number = Date.now,
  ) {}

  async admit(installationId: number): Promise<Admission> {
    const reserved: Partial<Record<Resource, { resetAt: number; points: number }>> = {};
    for (const resource of RESOURCES) {
      const window = await this.ledger.window(installationId, resource);
      if (!window || window.resetAt <= this.now()) continue;
      const points = this.estimate[resource];
      const cap = Math.floor(this.share * window.limit);
      const fits =
        window.remaining >= points &&
        (await this.ledger.reserve(installationId, resource, window.resetAt, points, cap));
      if (!fits) {
        await this.release(installationId, reserved);
        return {
          admitted: false,
          until: window.resetAt,
          reason: `scheduled re-audits have spent their ${Math.round(this.share * 100)} % of the ${resource} budget (${cap} of ${window.limit}) until ${new Date(window.resetAt).toISOString()}`,
        };
      }
      reserved[resource] = { resetAt: window.resetAt, points };
    }
    return { admitted: true, reserved };
  }

  /** Books what the audit really cost against what was reserved for it. */
  async settle(installationId: number, admission: Admission, cost: AuditCost): Promise<void> {
    if (!admission.admitted) return;
    const actual: Record<Resource, number> = { core: cost.rest, graphql: cost.graphql };
    for (const resource of RESOURCES) {
      const reserved = admission.reserved[resource];
      this.estimate[resource] = Math.max(1, actual[resource]);
      if (reserved) {
        await this.ledger.reserve(
          installationId,
          resource,
          reserved.resetAt,
          actual[resource] - reserved.points,
          Number.POSITIVE_INFINITY,
        );
        continue;
      }
      // The window was unknown before this audit; its answers told it: book it there.
      const window = await this.ledger.window(installationId, resource);
      if (window && actual[resource] > 0)
        await this.ledger.reserve(
          installationId,
          resource,
          window.resetAt,
          actual[resource],
          Number.POSITIVE_INFINITY,
        );
    }
  }

  private async release(
    installationId: number,
    reserved: Partial<Record<Resource, { resetAt: number; points: number }>>,
  ): Promise<void> {
    for (const resource of RESOURCES) {
      const r = reserved[resource];
      if (r)
        await this.ledger.reserve(installationId, resource, r.resetAt, -r.points, Number.POSITIVE_INFINITY);
    }
  }
}
