import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryOf, retentionDaysFromEnv, saveReport, storeLocation } from '../../src/store/index.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { sampleReport } from '../support/sample-reports.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tcop-save-report-'));
const file = path.join(dir, 'audits.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saveReport (the CLI --store path)', () => {
  it('says the database could not be reached, not that a migration failed', async () => {
    // Port 1 on loopback refuses at once: no network, no PostgreSQL needed.
    const saving = saveReport(sampleReport({ path: '/tmp/x', generatedAt: '2026-11-23T10:00:00.000Z' }), {
      databaseUrl: 'postgres://u@127.0.0.1:1/db',
    });
    await expect(saving).rejects.toThrow(/^The store could not be opened: .*ECONNREFUSED/);
  });

  it('stores a local audit as local/<directory>, public unless told otherwise', async () => {
    const report = sampleReport({
      path: '/home/me/projects/patient-portal',
      generatedAt: '2026-11-23T10:00:00.000Z',
    });

    const saved = await saveReport(report, { databaseUrl: `sqlite:${file}` });

    expect(saved.location).toBe(file);
    const store = await openSqliteStore(file);
    expect(await store.latestAudit('local', 'patient-portal', { publicOnly: true })).toMatchObject({
      id: saved.auditId,
      trigger: 'cli',
    });
    await store.close();
  });

  it('stores a GitHub audit under its owner and name, and keeps a private one off the dashboard', async () => {
    const report = sampleReport({
      repo: 'nhsx/secret',
      commit: 'b'.repeat(40),
      generatedAt: '2026-11-23T10:00:00.000Z',
    });

    await saveReport(report, { databaseUrl: `sqlite:${file}`, visibility: 'private' });

    const store = await openSqliteStore(file);
    expect(await store.getRepository('nhsx', 'secret', { publicOnly: true })).toBeUndefined();
    expect(await store.getRepository('nhsx', 'secret', { publicOnly: false })).toMatchObject({
      commit: 'b'.repeat(40),
    });
    await store.close();
  });
});

describe('repositoryOf', () => {
  it.each([
    [{ repo: 'alphagov/notify' }, { owner: 'alphagov', name: 'notify' }],
    [{ path: '/srv/code/booking/' }, { owner: 'local', name: 'booking' }],
    [
      { repo: 'not-a-full-name', path: '/x/fallback' },
      { owner: 'local', name: 'fallback' },
    ],
  ])('%j → %j', (target, expected) => {
    expect(repositoryOf({ target })).toEqual(expected);
  });
});

describe('storeLocation', () => {
  it('never shows a PostgreSQL password', () => {
    expect(storeLocation({ databaseUrl: 'postgres://tcop:hunter2@db.internal:5432/tcop' })).toBe(
      'postgres://tcop:***@db.internal:5432/tcop',
    );
  });
});

describe('retentionDaysFromEnv', () => {
  it('reads whole days and refuses anything else', () => {
    expect(retentionDaysFromEnv({})).toBeUndefined();
    expect(retentionDaysFromEnv({ FINDINGS_RETENTION_DAYS: '365' })).toBe(365);
    expect(() => retentionDaysFromEnv({ FINDINGS_RETENTION_DAYS: '0' })).toThrow(/whole number/);
    expect(() => retentionDaysFromEnv({ FINDINGS_RETENTION_DAYS: 'a year' })).toThrow(/whole number/);
  });
});
