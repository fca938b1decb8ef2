import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { audit } from '../src/engine/run.js';
import { LocalSource } from '../src/snapshot/local.js';
import { FIXED_NOW, FIXTURES } from './support/check-harness.js';

describe('engine', () => {
  it('fails the licence check on a repository with only a README', async () => {
    const { report } = await audit(new LocalSource(path.join(FIXTURES, 'minimal-pass')), { checks: CHECKS, now: FIXED_NOW });
    expect(report.checks.find((c) => c.id === 'readme')?.status).toBe('pass');
    expect(report.checks.find((c) => c.id === 'licence-file')?.status).toBe('fail');
    expect(report.level).toBeNull();
  });
});
