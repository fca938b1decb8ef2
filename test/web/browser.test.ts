/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { AuditStore } from '../../src/store/types.js';
import { createWebApp } from '../../src/web/app.js';
import { listen } from '../../src/web/node.js';
import { MARKUP_REPOSITORY, PRIVATE_REPOSITORY, seedDashboard } from '../support/dashboard-seed.js';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  chromiumUnavailable,
  skipWithoutService,
} from '../support/services.js';
import { axeViolations } from '../support/axe.js';

/**
 * The dashboard in a real headless Chromium: filters and exports as a person uses them, with and
 * without JavaScript, and axe-core over each page. `UPDATE_SCREENSHOTS=1` rewrites the screenshots
 * in docs/.
 */
const DOCS = path.resolve(import.meta.dirname, '../../docs');
const missing = chromiumUnavailable();
const skip = skipWithoutService('Chromium', missing);

describe.skipIf(skip)('dashboard in Chromium', () => {
  let store: AuditStore;
  let server: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let context: BrowserContext;
  let noScript: BrowserContext;

  beforeAll(async () => {
    if (missing) throw new Error(`Chromium unavailable: ${missing}`);
    store = await openSqliteStore(':memory:');
    await seedDashboard(store, { repositories: 24, auditsPerRepository: 12 });
    server = await listen(createWebApp(store, { publicUrl: 'https://tcop.example.org' }));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    // Our pages forbid scripts by policy; bypassing it lets axe-core be injected for the audit.
    context = await browser.newContext({
      bypassCSP: true,
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await context?.close();
    await noScript?.close();
    await browser?.close();
    await server?.close();
    await store?.close();
  });

  it('overview has no axe violations and a working skip link', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);

    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Tab');
    const skipLink = page.getByRole('link', { name: 'Skip to main content' });
    await expect.poll(() => skipLink.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = await skipLink.boundingBox();
    expect(box?.x).toBeGreaterThanOrEqual(0);
    const outline = await skipLink.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(outline).toBe('rgb(255, 221, 0)');
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await page.keyboard.press('Escape');
      await page.mouse.click(1, 1);
      await page.screenshot({ path: path.join(DOCS, 'dashboard-overview.png'), fullPage: true });
    }
    await page.close();
  });

  it('filters with the form without JavaScript, and exports exactly the rows shown', async () => {
    const page = await noScript.newPage();
    await page.goto(`${server.url}/`);

    await page.getByLabel('Level').selectOption('none');
    await page.getByLabel('Sort by').selectOption('tcop-3');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/level=none/);

    const table = page.locator('table#repositories');
    const levels = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
    const names = await table.locator('tbody tr th[scope=row] a').allInnerTexts();
    expect(levels.length).toBeGreaterThan(0);
    expect(new Set(levels)).toEqual(new Set(['Not met']));
    expect(names.join(' ')).not.toContain(PRIVATE_REPOSITORY.name);

    const csvHref = await page.getByRole('link', { name: 'CSV', exact: true }).first().getAttribute('href');
    expect(csvHref).toContain('level=none');
    const csv = await (await page.request.get(`${server.url}${csvHref}`)).text();
    expect(
      csv
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(names);
    const jsonHref = await page.getByRole('link', { name: 'JSON', exact: true }).first().getAttribute('href');
    const json = (await (await page.request.get(`${server.url}${jsonHref}`)).json()) as {
      repositories: { repository: string }[];
    };
    expect(json.repositories.map((r) => r.repository)).toEqual(names);
    await page.close();
  });

  it('downloads the CSV export from the link', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/?owner=nhsx`);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV', exact: true }).first().click(),
    ]);

    expect(download.suggestedFilename()).toBe('tcop-repositories.csv');
    const rows = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(rows[0]).toMatch(/^repository,level,tcop-3/);
    expect(rows.slice(1).every((r) => r.startsWith('nhsx/'))).toBe(true);
    await page.close();
  });

  it('sorts by a column header link', async () => {
    const page = await noScript.newPage();
    await page.goto(`${server.url}/`);

    await page.getByRole('link', { name: /^Level\W+sort/ }).click();

    await page.waitForURL(/sort=level/);
    const header = page.locator('th[aria-sort]');
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const levels = await page.locator('table#repositories tbody tr td:nth-child(2)').allInnerTexts();
    const order = ['Exemplar', 'Standard', 'Baseline', 'Not met'];
    expect(levels.map((l) => order.indexOf(l))).toEqual(
      [...levels.map((l) => order.indexOf(l))].sort((a, b) => a - b),
    );
    await page.close();
  });

  it('repository page shows findings, history and escaped markup, with no axe violations', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: `${MARKUP_REPOSITORY.owner}/${MARKUP_REPOSITORY.name}` }).click();
    await page.waitForURL(/\/repos\//);

    expect(await page.locator('h1').innerText()).toBe(`${MARKUP_REPOSITORY.owner}/${MARKUP_REPOSITORY.name}`);
    expect(await page.locator('.lede').innerText()).toContain('<script>alert("xss")</script>');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.getByRole('img', { name: 'Level over time' }).count()).toBe(1);
    expect(await page.getByText('How to fix:').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: /full commit on GitHub/ }).getAttribute('href')).toMatch(
      /^https:\/\/github\.com\/alphagov\/markup-description\/commit\/[0-9a-f]{40}$/,
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('a typical repository page has no axe violations', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/?level=standard`);
    await page.locator('table#repositories tbody tr th a').first().click();
    await page.waitForURL(/\/repos\//);

    expect(await axeViolations(page)).toEqual([]);
    await page.locator('details summary').click();
    expect(await axeViolations(page)).toEqual([]);
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await page.locator('details summary').click();
      await page.locator('details summary').blur();
      await page.screenshot({ path: path.join(DOCS, 'dashboard-repository.png'), fullPage: true });
    }
    await page.close();
  });

  it('the not-found page has no axe violations and hides private repositories', async () => {
    const page = await context.newPage();
    const response = await page.goto(
      `${server.url}/repos/${PRIVATE_REPOSITORY.owner}/${PRIVATE_REPOSITORY.name}`,
    );

    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Page not found');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
