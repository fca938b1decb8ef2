import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * Tests that need a service skip with a message when it is absent, unless `REQUIRE_SERVICES=1`
 * (CI), where absence is a failure: a skipped suite must never look like a passing one there.
 */
export const servicesRequired = process.env.REQUIRE_SERVICES === '1';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Null when PostgreSQL answers, else why not. */
export async function postgresUnavailable(url: string = TEST_DATABASE_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Null when Redis answers PING, else why not. */
export async function redisUnavailable(url: string = TEST_REDIS_URL): Promise<string | null> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    redis.disconnect();
  }
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags every browser test launches Chromium with: headless, offline, no background traffic. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const chromiumUnavailable = (): string | null =>
  existsSync(CHROMIUM_PATH) ? null : `${CHROMIUM_PATH} not found (apt-get install -y chromium)`;

/**
 * Call at collection time with the reason a service is missing (or null). Returns true when the
 * suite should be skipped (and says so); when services are required returns false, so the suite
 * runs and its setup fails with the reason.
 */
export function skipWithoutService(service: string, reason: string | null): boolean {
  if (reason === null || servicesRequired) return false;
  console.warn(
    `Skipping ${service} tests: ${service} unavailable (${reason}). REQUIRE_SERVICES=1 makes this a failure.`,
  );
  return true;
}
