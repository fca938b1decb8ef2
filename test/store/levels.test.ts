import { describe, expect, it } from 'vitest';
import type { Criterion } from '../../src/engine/check.js';
import type { Report } from '../../src/engine/report.js';
import { digestReport, levelOfRank } from '../../src/store/levels.js';

describe('levelOfRank', () => {
  it('maps ranks 0–3 and rejects any other', () => {
    expect([0, 1, 2, 3].map(levelOfRank)).toEqual([null, 'baseline', 'standard', 'exemplar']);
    expect(() => levelOfRank(4)).toThrow(new RangeError('No level has rank 4'));
    expect(() => levelOfRank(-1)).toThrow(new RangeError('No level has rank -1'));
  });
});

describe('digestReport', () => {
  const criterion = (id: string, level: Report['level']): Report['criteria'][number] => ({
    id: id as Criterion,
    title: id,
    status: level ? 'pass' : 'fail',
    level,
    checks: 1,
  });
  const check = (id: string, status: Report['checks'][number]['status']) =>
    ({ id, status }) as Report['checks'][number];

  it('keeps only known criteria, and failing check ids once each, sorted', () => {
    const digest = digestReport({
      level: 'baseline',
      // A report from an older or newer version may name a criterion the store has no column for.
      criteria: [criterion('tcop-3', 'standard'), criterion('tcop-99', null)],
      checks: [check('zeta', 'fail'), check('alpha', 'fail'), check('zeta', 'fail'), check('mid', 'pass')],
    });
    expect(digest).toEqual({
      level: 1,
      criteria: { 'tcop-3': 'standard' },
      criterionStatus: { 'tcop-3': 'pass' },
      failingChecks: ['alpha', 'zeta'],
    });
  });
});
