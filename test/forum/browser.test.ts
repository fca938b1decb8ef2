/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseForumConfig } from '../../src/forum/config.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { AuditStore } from '../../src/store/types.js';
import { createWebApp } from '../../src/web/app.js';
import { listen } from '../../src/web/node.js';
import { FORUM_MEMBERS, seedForum } from '../support/forum-seed.js';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  chromiumUnavailable,
  skipWithoutService,
} from '../support/services.js';
import { axeViolations } from '../support/axe.js';

/**
 * The forum's pages in a real headless Chromium with axe-core (WCAG 2.2 AA, zero violations): the
 * suppliers overview, a supplier page grouped by framework, and a repository page with exemptions
 * and what the forum could not see; the feeds they link are served as Atom, not as pages.
 */
const missing = chromiumUnavailable();
const skip = skipWithoutService('Chromium', missing);

describe.skipIf(skip)('forum pages in Chromium', () => {
  let store: AuditStore;
  let server: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let context: BrowserContext;
  let noScript: BrowserContext;

  beforeAll(async () => {
    if (missing) throw new Error(`Chromium unavailable: ${missing}`);
    const forum = parseForumConfig(
      await readFile(new URL('../../fixtures/forum/forum.yml', import.meta.url), 'utf8'),
    );
    store = await openSqliteStore(':memory:');
    await seedForum(store);
    server = await listen(
      createWebApp(store, {
        publicUrl: 'https://tcop.example.org',
        forum: { config: forum, members: FORUM_MEMBERS },
      }),
    );
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    // The pages forbid scripts by policy; bypassing it lets axe-core be injected for the audit.
    context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await context?.close();
    await noScript?.close();
    await browser?.close();
    await server?.close();
    await store?.close();
  });

  for (const path of [
    '/suppliers',
    '/suppliers/acme',
    '/suppliers/acme?framework=osps-baseline',
    '/suppliers/echo',
    '/repos/acme/portal',
  ])
    it(`${path} has no axe violations`, async () => {
      const page = await context.newPage();
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.status()).toBe(200);
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    });

  it('filters suppliers and groups by framework with the forms, without JavaScript', async () => {
    const page = await noScript.newPage();
    await page.goto(`${server.url}/suppliers`);
    await page.getByLabel('Worst level', { exact: true }).selectOption('none');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/level=none/);
    expect(await page.locator('table#suppliers tbody th[scope=row]').allInnerTexts()).toEqual([
      'Bravo Systems',
      'Delta Records',
    ]);
    await page.goto(`${server.url}/suppliers/acme`);
    await page.getByLabel('Framework', { exact: true }).selectOption('service-standard');
    await page.getByRole('button', { name: 'Group' }).click();
    await page.waitForURL(/framework=service-standard/);
    expect(await page.locator('table#framework-results caption').innerText()).toMatch(/^Service Standard/);
    await page.close();
  });

  it('links feeds that are served as Atom documents', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/suppliers/acme`);
    const href = await page.locator('link[rel=alternate][type="application/atom+xml"]').getAttribute('href');
    expect(href).toBe('/suppliers/acme/feed.atom');
    const feed = await page.request.get(`${server.url}${href}`);
    expect(feed.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(await feed.text()).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    await page.close();
  });
});
