import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import {
  FRAMEWORK_IDS,
  FRAMEWORKS,
  MAPPED_CHECKS,
  frameworksOf,
  mappingLabel,
  pointTitle,
} from '../src/frameworks/index.js';

/** The crosswalk's own integrity: known checks only, points that exist, sources on the right sites. */
const SOURCE_HOSTS: Record<string, readonly string[]> = {
  tcop: ['www.gov.uk'],
  'service-standard': ['www.gov.uk'],
  'nhs-service-standard': ['service-manual.nhs.uk'],
  'techuk-charter': ['www.techuk.org'],
  'osps-baseline': ['github.com'],
  'ncsc-sscop': ['www.gov.uk', 'github.com'],
};

describe('the framework crosswalk', () => {
  it('maps exactly the registered checks', () => {
    expect([...MAPPED_CHECKS].sort()).toEqual(CHECKS.map((c) => c.meta.id).sort());
  });

  it('names only points that its frameworks define, with sources on those frameworks’ own sites', () => {
    for (const id of MAPPED_CHECKS) {
      for (const m of frameworksOf(id)) {
        expect(FRAMEWORK_IDS).toContain(m.framework);
        expect(Object.keys(FRAMEWORKS[m.framework].points), `${id} → ${mappingLabel(m)}`).toContain(m.point);
        expect(SOURCE_HOSTS[m.framework]).toContain(new URL(m.source).host);
      }
    }
  });

  it('uses OSPS Baseline control ids of the published form, and each is cited by some check', () => {
    const cited = new Set(
      MAPPED_CHECKS.flatMap((id) => frameworksOf(id).map((m) => `${m.framework}:${m.point}`)),
    );
    for (const point of Object.keys(FRAMEWORKS['osps-baseline'].points)) {
      expect(point).toMatch(/^OSPS-(AC|BR|DO|GV|LE|QA|SA|VM)-\d{2}\.\d{2}$/);
      expect(cited.has(`osps-baseline:${point}`), point).toBe(true);
    }
  });

  it('gives NHS service standard 17 and the techUK charter to interface and standards checks only', () => {
    const tcop4 = new Set(CHECKS.filter((c) => c.meta.criterion === 'tcop-4').map((c) => c.meta.id));
    for (const id of MAPPED_CHECKS) {
      const names = frameworksOf(id).map((m) => m.framework);
      if (names.includes('nhs-service-standard') || names.includes('techuk-charter'))
        expect(tcop4.has(id), id).toBe(true);
    }
    expect(pointTitle({ framework: 'nhs-service-standard', point: '17' })).toBe(
      'Make your service interoperable',
    );
    expect(mappingLabel({ framework: 'osps-baseline', point: 'OSPS-LE-02.01' })).toBe(
      'OSPS Baseline OSPS-LE-02.01',
    );
  });

  it('answers nothing for a check it does not know, own keys only', () => {
    expect(frameworksOf('no-such-check')).toEqual([]);
    expect(frameworksOf('constructor')).toEqual([]);
  });
});
