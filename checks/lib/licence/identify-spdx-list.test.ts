import spdxFull from 'spdx-license-list/full.js';
import { describe, expect, it } from 'vitest';
import { hardVariant, variant } from '../../../test/support/licence-variants.js';
import { licenceCorpus } from './corpus.js';
import { currentId } from './current.js';
import { identifyLicence } from './identify.js';

/**
 * Identification of every SPDX text, exact and as repositories hold it: seconds per test, so a mutation
 * run (scripts/mutation-groups.mjs) reaches these only after the unit tests of identify.test.ts.
 */

const text = (id: string): string => (spdxFull[id] as { licenseText: string }).licenseText;

/**
 * Right when the answer is the id, shares its text (GPL-2.0-only and GPL-2.0-or-later), or is the
 * current form of a deprecated id (wxWindows → LGPL-2.0-or-later WITH WxWindows-exception-3.1).
 */
function sameLicence(expected: string, found: string | undefined): boolean {
  const t = licenceCorpus().byId.get(expected);
  return (
    found !== undefined &&
    (found === expected || found === currentId(expected) || (t?.equivalents.includes(found) ?? false))
  );
}

function identified(input: string): string | undefined {
  const r = identifyLicence(input);
  return r.kind === 'licence' ? r.spdx : undefined;
}

describe('identifyLicence over the SPDX licence list', () => {
  const ids = Object.keys(spdxFull);

  // One pass over the exact texts for both: each identification takes milliseconds, 727 of them seconds.
  it('identifies every exact SPDX text, never by a deprecated id, listing only current equivalents', () => {
    const results = new Map(ids.map((id) => [id, identifyLicence(text(id))]));
    const wrong = ids.filter((id) => {
      const r = results.get(id)!;
      return !sameLicence(id, r.kind === 'licence' ? r.spdx : undefined);
    });
    const deprecated = new Set(
      [...licenceCorpus().byId.values()].filter((t) => t.deprecated).map((t) => t.spdx),
    );
    const reported = [...results.values()].flatMap((r) =>
      r.kind === 'licence' ? [r.spdx, ...r.licences.flatMap((l) => [l.spdx, ...l.equivalents])] : [],
    );

    expect(wrong).toEqual([]);
    expect(reported.filter((id) => deprecated.has(id))).toEqual([]);
  });

  // The README claims 100 % on these, as `npm run bench -- licences` measures.
  it('identifies every text with a title, rewrapped lines, a Crown copyright line and British spelling', () => {
    const wrong = ids.filter((id) => !sameLicence(id, identified(variant(text(id)))));

    expect(wrong).toEqual([]);
  });

  // The README claims at least 99.8 % on these.
  it('identifies at least 99.8 % of harsher variants (curly quotes, bullets, indentation, a trailing line)', () => {
    const wrong = ids.filter((id) => !sameLicence(id, identified(hardVariant(text(id)))));

    expect(wrong.length / ids.length).toBeLessThanOrEqual(0.002);
  });
});
