import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRITERIA } from '../../src/engine/check.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { AuditStore } from '../../src/store/types.js';
import { createWebApp } from '../../src/web/app.js';
import { badgeText } from '../../src/web/badges.js';
import { OUTCOMES, sampleReport } from '../support/sample-reports.js';

/**
 * What the web layer guarantees by itself, whatever the store answers: the not-found badge is
 * one badge for every criterion, the shields JSON marks it as an error, each page and badge checks
 * visibility again, and a badge shows the level of the repository it names.
 */
let store: AuditStore;

const save = (name: string, failing: readonly string[], visibility: 'public' | 'private' = 'public') =>
  store.saveAudit({
    repo: { owner: 'acme', name, visibility, archived: false },
    report: sampleReport({
      repo: `acme/${name}`,
      commit: 'e'.repeat(40),
      generatedAt: '2026-11-20T10:00:00Z',
      failing,
    }),
  });

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  await save('top', OUTCOMES.exemplar);
  await save('middle', OUTCOMES.baseline);
  await save('bottom', OUTCOMES.none);
  await save('clinical-safety', OUTCOMES.exemplar, 'private');
});
afterAll(() => store.close());

/** The store with its visibility filter broken: every lookup sees private rows too. */
function leakyStore(inner: AuditStore): AuditStore {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        (value as (...a: unknown[]) => unknown).apply(
          target,
          args.map((a) =>
            a && typeof a === 'object' && 'publicOnly' in a ? { ...a, publicOnly: false } : a,
          ),
        );
    },
  });
}

describe('the not-found badge', () => {
  it.each(CRITERIA)(
    'is the overall "TCoP · not found" badge whatever the criterion (%s)',
    async (criterion) => {
      for (const ext of ['svg', 'json'] as const) {
        // A fresh app each time, asked with the criterion first: nothing is cached from a plain request.
        const app = createWebApp(store);
        const asked = await app.request(`/badges/nobody/none.${ext}?criterion=${criterion}`);
        const plain = await app.request(`/badges/nobody/none.${ext}`);
        expect(asked.status).toBe(404);
        expect(await asked.text()).toBe(await plain.text());
      }
      const json = (await (
        await createWebApp(store).request(`/badges/nobody/none.json?criterion=${criterion}`)
      ).json()) as {
        label: string;
        message: string;
      };
      expect(`${json.label} · ${json.message}`).toBe(badgeText('not-found'));
    },
  );

  it('is marked isError in shields JSON, and a found badge is not', async () => {
    const app = createWebApp(store);
    const missing = (await (await app.request('/badges/nobody/none.json')).json()) as Record<string, unknown>;
    const found = (await (await app.request('/badges/acme/top.json')).json()) as Record<string, unknown>;
    expect(missing.isError).toBe(true);
    expect(found).not.toHaveProperty('isError');
  });
});

describe('visibility checked by the web layer itself', () => {
  it('does not show a private repository even when the store returns it', async () => {
    const app = createWebApp(leakyStore(store), { badgeLookupTtlMs: 0 });
    const missingPage = await (await app.request('/repos/acme/nothing')).text();
    const page = await app.request('/repos/acme/clinical-safety');
    expect(page.status).toBe(404);
    expect(await page.text()).toBe(missingPage);
    const badge = await app.request('/badges/acme/clinical-safety.svg');
    expect(badge.status).toBe(404);
    expect(await badge.text()).toBe(await (await app.request('/badges/acme/nothing.svg')).text());
    for (const path of ['/', '/?format=csv', '/?format=json'])
      expect(await (await app.request(path)).text(), path).not.toContain('clinical-safety');
  });
});

describe('a badge shows the level of the repository it names', () => {
  it.each([
    ['top', badgeText('exemplar')],
    ['middle', badgeText('baseline')],
    ['bottom', badgeText(null)],
  ])('acme/%s reads "%s", with the lookup cache on and requests interleaved', async (name, text) => {
    const message = text.split(' · ')[1];
    const app = createWebApp(store, { badgeLookupTtlMs: 60_000 });
    // Ask for the others first: a badge must never show a neighbour's cached level.
    for (const other of ['top', 'middle', 'bottom']) await app.request(`/badges/acme/${other}.json`);
    const json = (await (await app.request(`/badges/acme/${name}.json`)).json()) as { message: string };
    expect(json.message).toBe(message);
    const svg = await (await app.request(`/badges/ACME/${name.toUpperCase()}.svg`)).text();
    expect(svg).toContain(`aria-label="TCoP: ${message}"`);
  });

  it('shows a criterion level of that repository, not the overall one', async () => {
    const app = createWebApp(store);
    const json = (await (await app.request('/badges/acme/middle.json?criterion=tcop-12')).json()) as {
      label: string;
      message: string;
    };
    // acme/middle is Baseline overall; no TCoP 12 check of it fails.
    expect(`${json.label} · ${json.message}`).toBe(badgeText('exemplar', 'tcop-12'));
    const overall = (await (await app.request('/badges/acme/middle.json')).json()) as { message: string };
    expect(`TCoP · ${overall.message}`).toBe(badgeText('baseline'));
  });
});
