import type { Redis } from 'ioredis';

/**
 * GET answers kept with their ETags, so a re-read goes out with `If-None-Match` and an unchanged
 * answer comes back as a 304 that GitHub does not count against the rate limit. Keys name the
 * installation, URL and media type (see worker-github.ts).
 */

/** What a GitHub answer is, as octokit returns it. */
export interface CachedAnswer {
  status: number;
  url?: string;
  headers: Record<string, string | number | undefined>;
  data: unknown;
}

export interface Cached {
  etag: string;
  answer: CachedAnswer;
  /** What keeping it costs, in bytes. */
  bytes: number;
}

/** Where conditional re-reads come from: this process's memory, or Redis shared by every worker. */
export interface ConditionalCache {
  get(key: string): Promise<Cached | undefined>;
  set(key: string, value: Cached): Promise<void>;
}

/** Bounds on a cache: whichever is reached first evicts the least recently used answers. */
export interface CacheBounds {
  maxBytes: number;
  maxEntries: number;
  /** An answer not used for this long is dropped (a re-audit a day apart must still find it). */
  ttlMs: number;
}

export const DEFAULT_CACHE_BOUNDS: CacheBounds = {
  maxBytes: 64_000_000,
  maxEntries: 20_000,
  ttlMs: 48 * 3_600_000,
};

/**
 * One process's cache, least recently used first out. A re-audit that lands on another worker
 * reads afresh, at full cost: with several workers, {@link RedisEtagCache} is used instead.
 */
export class EtagCache implements ConditionalCache {
  private readonly entries = new Map<string, Cached>();
  private bytes = 0;
  constructor(private readonly maxBytes = DEFAULT_CACHE_BOUNDS.maxBytes) {}

  get(key: string): Promise<Cached | undefined> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return Promise.resolve(hit);
  }

  set(key: string, value: Cached): Promise<void> {
    this.delete(key);
    this.entries.set(key, value);
    this.bytes += value.bytes;
    while (this.bytes > this.maxBytes && this.entries.size > 0)
      this.delete(this.entries.keys().next().value as string);
    return Promise.resolve();
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.bytes;
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * KEYS: the answers (hash), their last use (sorted set), the bytes held (counter). ARGV: the key,
 * now, the TTL. The answer, its last use moved to now; nil when absent or unused for the TTL.
 */
const GET = `local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return false end
local last = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[1]) or '0')
if last < tonumber(ARGV[2]) - tonumber(ARGV[3]) then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('DECRBY', KEYS[3], string.len(v))
  return false
end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return v`;

/**
 * Same KEYS; ARGV: the key, the answer, now, max entries, max bytes, the TTL. Stores the answer,
 * then drops the least recently used until every bound holds; returns the bytes held.
 */
const SET = `local old = redis.call('HSTRLEN', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
local total = redis.call('INCRBY', KEYS[3], string.len(ARGV[2]) - old)
local maxEntries, maxBytes = tonumber(ARGV[4]), tonumber(ARGV[5])
local oldest = tonumber(ARGV[3]) - tonumber(ARGV[6])
while true do
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  if #first == 0 then break end
  if redis.call('ZCARD', KEYS[2]) <= maxEntries and total <= maxBytes and tonumber(first[2]) >= oldest then break end
  local len = redis.call('HSTRLEN', KEYS[1], first[1])
  redis.call('HDEL', KEYS[1], first[1])
  redis.call('ZREM', KEYS[2], first[1])
  total = redis.call('DECRBY', KEYS[3], len)
end
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[6]) end
return total`;

/**
 * The cache on Redis, shared by every worker: a scheduled re-audit gets its 304s whichever worker
 * takes it. Bounded in entries and bytes (least recently used out, in the same script as the
 * write, so concurrent workers cannot overshoot) and by a TTL since last use; an idle
 * deployment's cache expires as a whole after the TTL. One round trip per read and per write.
 */
export class RedisEtagCache implements ConditionalCache {
  private readonly keys: [string, string, string];
  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly bounds: CacheBounds = DEFAULT_CACHE_BOUNDS,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = [`${prefix}:answers`, `${prefix}:used`, `${prefix}:bytes`];
  }

  async get(key: string): Promise<Cached | undefined> {
    const value = (await this.redis.eval(
      GET,
      3,
      ...this.keys,
      key,
      String(this.now()),
      String(this.bounds.ttlMs),
    )) as string | null;
    if (value === null) return undefined;
    const { etag, answer } = JSON.parse(value) as Omit<Cached, 'bytes'>;
    return { etag, answer, bytes: Buffer.byteLength(value) };
  }

  async set(key: string, value: Cached): Promise<void> {
    await this.redis.eval(
      SET,
      3,
      ...this.keys,
      key,
      JSON.stringify({ etag: value.etag, answer: value.answer }),
      String(this.now()),
      String(this.bounds.maxEntries),
      String(this.bounds.maxBytes),
      String(this.bounds.ttlMs),
    );
  }

  /** Entries and bytes held (tests, operators). */
  async usage(): Promise<{ entries: number; bytes: number }> {
    const [entries, bytes] = await Promise.all([
      this.redis.zcard(this.keys[1]),
      this.redis.get(this.keys[2]),
    ]);
    return { entries, bytes: Number(bytes ?? 0) };
  }

  /** Removes the cache's keys. */
  async clear(): Promise<void> {
    await this.redis.del(...this.keys);
  }
}
