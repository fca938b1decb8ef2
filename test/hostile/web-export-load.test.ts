import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { AuditStore, SaveAuditInput } from '../../src/store/types.js';
import { createWebApp } from '../../src/web/app.js';
import { EXPORT_SLICE } from '../../src/web/export.js';
import { OUTCOMES, sampleReport } from '../support/sample-reports.js';

/**
 * Exports under load on the embedded SQLite store, where every query runs on the one connection
 * in turn: an export reads its rows in slices, so a badge is answered between slices instead of
 * after the whole export; at most two exports are produced at once and the rest are told to retry;
 * an export whose client went away stops reading; a finished export is served again from memory.
 * Outcomes are orders and counts, never timings.
 */
const REPOSITORIES = EXPORT_SLICE * 6;
let store: AuditStore;
let sliceReads = 0;

/** The store, counting the slices exports read. */
function counted(inner: AuditStore): AuditStore {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property === 'listRepositorySlice')
        return (...args: Parameters<AuditStore['listRepositorySlice']>) => {
          sliceReads++;
          return target.listRepositorySlice(...args);
        };
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  const inputs: SaveAuditInput[] = [];
  for (let i = 0; i < REPOSITORIES; i++) {
    const name = `service-${String(i).padStart(4, '0')}`;
    inputs.push({
      repo: { owner: 'acme', name, visibility: 'public', archived: false, description: `Service ${i}` },
      report: sampleReport({
        repo: `acme/${name}`,
        commit: 'd'.repeat(40),
        generatedAt: '2026-11-20T10:00:00Z',
        failing: i % 3 === 0 ? OUTCOMES.none : [],
      }),
    });
  }
  await store.saveAudits(inputs);
});
afterAll(() => store.close());

describe('web: exports under load', () => {
  it('answers a badge between the slices of two running exports, not after them', async () => {
    const app = createWebApp(store, { exportCacheTtlMs: 0, badgeLookupTtlMs: 0 });
    const done: string[] = [];
    const exportOf = async (label: string): Promise<number> => {
      const body = await (await app.request('/?format=csv')).text();
      done.push(label);
      return body.split('\r\n').length - 2;
    };
    const exports = [exportOf('export 1'), exportOf('export 2')];
    const badge = Promise.resolve(app.request('/badges/acme/service-0001.svg')).then(async (r) => {
      done.push(`badge ${r.status}`);
      return r.text();
    });
    expect(await Promise.all(exports)).toEqual([REPOSITORIES, REPOSITORIES]);
    expect(await badge).toContain('TCoP');
    expect(done[0]).toBe('badge 200');
  });

  it('produces at most two exports at once and tells a third to retry', async () => {
    const app = createWebApp(store, { exportCacheTtlMs: 0 });
    const first = await app.request('/?format=csv');
    const second = await app.request('/?format=json');
    const third = await app.request('/?format=csv&level=none');
    expect([first.status, second.status, third.status]).toEqual([200, 200, 503]);
    expect(third.headers.get('retry-after')).toBe('5');
    expect(third.headers.get('cache-control')).toBe('no-store');
    await first.text();
    const fourth = await app.request('/?format=csv&level=none');
    expect(fourth.status).toBe(200);
    expect((await fourth.text()).split('\r\n').length - 2).toBe(REPOSITORIES / 3);
    const json = JSON.parse(await second.text()) as { total: number; repositories: unknown[] };
    expect(json.total).toBe(REPOSITORIES);
    expect(json.repositories).toHaveLength(REPOSITORIES);
  });

  it('stops reading slices once the client has gone away', async () => {
    const app = createWebApp(counted(store), { exportCacheTtlMs: 60_000 });
    sliceReads = 0;
    const response = await app.request('/?format=csv&sort=tcop-6');
    const reader = response.body!.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    const readWhenCancelled = sliceReads;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readWhenCancelled).toBeLessThanOrEqual(2);
    expect(sliceReads).toBe(readWhenCancelled);
    // A cancelled export is not cached: the next one reads every slice, and one more to see the end.
    sliceReads = 0;
    await (await app.request('/?format=csv&sort=tcop-6')).text();
    expect(sliceReads).toBe(REPOSITORIES / EXPORT_SLICE + 1);
  });

  it('serves a finished export again without asking the store', async () => {
    const app = createWebApp(counted(store));
    sliceReads = 0;
    const first = await (await app.request('/?format=json&level=none')).text();
    const reads = sliceReads;
    const again = await (await app.request('/?format=json&level=none&page=3')).text();
    expect(reads).toBe(Math.ceil(REPOSITORIES / 3 / EXPORT_SLICE) + 1);
    expect(sliceReads).toBe(reads);
    expect(again).toBe(first);
  });
});
