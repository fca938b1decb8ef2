import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MemoryLedger,
  RedisLedger,
  SchedulePacer,
  rateWindowOf,
  type BudgetLedger,
} from '../../src/app/budget.js';
import { redisUnavailable, skipWithoutService, TEST_REDIS_URL } from '../support/services.js';

/** The budget ledger and the schedule's pacing, on memory and on the real Redis (one process or many). */
const REDIS_URL = TEST_REDIS_URL;
const PREFIX = `tcop-budget-${randomBytes(4).toString('hex')}`;

const redisReason = await redisUnavailable();
const redis = redisReason ? undefined : new Redis(REDIS_URL);

afterAll(async () => {
  if (!redis) return;
  const keys = await redis.keys(`${PREFIX}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

// Redis expires the keys with their window: the window must lie ahead of the real clock.
const NOW = Math.floor(Date.now() / 1000) * 1000;
const RESET = NOW + 30 * 60_000;

describe('rateWindowOf', () => {
  it('reads GitHub’s x-ratelimit-* headers, reset in epoch seconds', () => {
    expect(
      rateWindowOf({
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4990',
        'x-ratelimit-reset': String(RESET / 1000),
        'x-ratelimit-resource': 'graphql',
      }),
    ).toEqual({ resource: 'graphql', window: { limit: 5000, remaining: 4990, resetAt: RESET } });
  });

  it('ignores answers without them and resources an audit does not spend', () => {
    expect(rateWindowOf({})).toBeUndefined();
    expect(rateWindowOf(undefined)).toBeUndefined();
    expect(
      rateWindowOf({
        'x-ratelimit-limit': '30',
        'x-ratelimit-remaining': '29',
        'x-ratelimit-reset': '1',
        'x-ratelimit-resource': 'search',
      }),
    ).toBeUndefined();
  });
});

const ledgers: [string, () => BudgetLedger, string | null][] = [
  ['memory', () => new MemoryLedger(), null],
  [
    'Redis',
    () => new RedisLedger(redis as Redis, `${PREFIX}:${randomBytes(3).toString('hex')}`),
    redisReason,
  ],
];

describe.each(ledgers)('the %s ledger', (_name, make, reason) => {
  const skip = skipWithoutService('Redis', reason);

  it.skipIf(skip)(
    'keeps the lowest remaining within a window and a later window over an earlier one',
    async () => {
      const ledger = make();
      await ledger.observe(1, 'core', { limit: 5000, remaining: 4000, resetAt: RESET });
      // An answer from a parallel request that left earlier arrives later: it does not raise the count.
      await ledger.observe(1, 'core', { limit: 5000, remaining: 4100, resetAt: RESET });
      expect(await ledger.window(1, 'core')).toEqual({ limit: 5000, remaining: 4000, resetAt: RESET });
      await ledger.observe(1, 'core', { limit: 5000, remaining: 4999, resetAt: RESET + 3_600_000 });
      expect(await ledger.window(1, 'core')).toEqual({
        limit: 5000,
        remaining: 4999,
        resetAt: RESET + 3_600_000,
      });
      expect(await ledger.window(2, 'core')).toBeUndefined();
    },
  );

  it.skipIf(skip)('reserves up to the cap and no further; an over-estimate is given back', async () => {
    const ledger = make();
    expect(await ledger.reserve(1, 'core', RESET, 30, 50)).toBe(true);
    expect(await ledger.reserve(1, 'core', RESET, 30, 50)).toBe(false);
    expect(await ledger.spent(1, 'core', RESET)).toBe(30);
    expect(await ledger.reserve(1, 'core', RESET, -10, Number.POSITIVE_INFINITY)).toBe(true);
    expect(await ledger.reserve(1, 'core', RESET, 30, 50)).toBe(true);
    expect(await ledger.spent(1, 'core', RESET)).toBe(50);
    // Another installation, another window: their own.
    expect(await ledger.spent(2, 'core', RESET)).toBe(0);
    expect(await ledger.spent(1, 'core', RESET + 3_600_000)).toBe(0);
  });

  it.skipIf(skip)(
    'paces the schedule to its share: admitted while the estimate fits, then deferred to the reset',
    async () => {
      const ledger = make();
      const pacer = new SchedulePacer(ledger, 0.5, () => NOW);
      // Unknown budget: admitted, and the first audit's answers tell.
      const first = await pacer.admit(7);
      expect(first).toEqual({ admitted: true, reserved: {} });
      await ledger.observe(7, 'core', { limit: 100, remaining: 88, resetAt: RESET });
      await ledger.observe(7, 'graphql', { limit: 100, remaining: 98, resetAt: RESET });
      await pacer.settle(7, first, { rest: 12, graphql: 2, notModified: 1 });
      expect(await ledger.spent(7, 'core', RESET)).toBe(12);
      // 12 + 12 + 12 + 12 = 48 ≤ 50; a fifth would make 60.
      const admitted: boolean[] = [];
      for (let i = 0; i < 4; i++) {
        const admission = await pacer.admit(7);
        admitted.push(admission.admitted);
        if (admission.admitted) await pacer.settle(7, admission, { rest: 12, graphql: 2, notModified: 0 });
      }
      expect(admitted).toEqual([true, true, true, false]);
      const refused = await pacer.admit(7);
      expect(refused).toMatchObject({ admitted: false, until: RESET });
      expect(await ledger.spent(7, 'core', RESET)).toBe(48);
      // Nothing stays reserved for a refused audit, on either resource.
      expect(await ledger.spent(7, 'graphql', RESET)).toBe(8);
    },
  );

  it.skipIf(skip)(
    'defers when the installation has less left than an audit costs, whatever the schedule spent',
    async () => {
      const ledger = make();
      const pacer = new SchedulePacer(ledger, 0.5, () => NOW);
      await ledger.observe(9, 'core', { limit: 5000, remaining: 3, resetAt: RESET });
      expect(await pacer.admit(9)).toMatchObject({ admitted: false, until: RESET });
      // A window already past is no reason to wait.
      const later = new SchedulePacer(ledger, 0.5, () => RESET + 1);
      expect(await later.admit(9)).toMatchObject({ admitted: true });
    },
  );
});
