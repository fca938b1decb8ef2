import spdxFull from 'spdx-license-list/full.js';
import { describe, expect, it } from 'vitest';
import { expectFindings, runCheck } from '../../../test/support/check-harness.js';
import licenceOsiApproved from '../../licence-osi-approved.js';
import { identifyLicence } from './identify.js';
import { licenceTokens } from './normalise.js';

/** The edges of licence identification, one case either side, so that moving an edge fails a test. */

const text = (id: string): string => (spdxFull[id] as { licenseText: string }).licenseText;
/** The licence text with every k-th word (from the fourth) replaced by a word no licence has. */
const damaged = (id: string, k: number): string =>
  text(id)
    .split(/\s+/)
    .map((w, i) => (i % k === 3 ? `zebra${i}` : w))
    .join(' ');

describe('the full-text threshold', () => {
  it.each([
    ['MIT', 50],
    ['MIT', 25],
    ['Apache-2.0', 50],
    ['Apache-2.0', 25],
  ])('%s with every %i-th word changed is still that licence, in full text, at 90-97 %%', (id, k) => {
    const r = identifyLicence(damaged(id, k));
    expect(r).toMatchObject({ kind: 'licence', spdx: id, method: 'full-text' });
    const { confidence } = r as { confidence: number };
    expect(confidence).toBeGreaterThanOrEqual(90);
    expect(confidence).toBeLessThan(97);
  });

  it.each([
    ['MIT', 15],
    ['Apache-2.0', 15],
  ])('%s with every %i-th word changed is below the threshold: not identified', (id, k) => {
    const r = identifyLicence(damaged(id, k));
    expect(r.kind).toBe('unrecognised');
    expect(r).toMatchObject({ closest: { spdx: id } });
  });
});

describe('the full-text threshold, at 90 %', () => {
  /** Apache-2.0 with the first `n` of every tenth word (from the fourth) replaced by a word no licence has. */
  const apache = (n: number, appended = 0): string => {
    let replaced = 0;
    const words = text('Apache-2.0')
      .split(/\s+/)
      .map((w, i) => (i % 10 === 3 && replaced++ < n ? `zebra${i}` : w));
    return [...words, ...Array.from({ length: appended }, (_, j) => `quagga${j}`)].join(' ');
  };

  it('a text at exactly 90 % is the licence in full text', () => {
    // 1,026 bigrams shared of the text's 1,187 and the template's 1,093: 2 · 1026 / 2280 = 0.9.
    expect(identifyLicence(apache(65, 18))).toMatchObject({
      kind: 'licence',
      spdx: 'Apache-2.0',
      method: 'full-text',
      confidence: 90,
    });
  });

  it('a text at 90.1 % is the licence in full text', () => {
    expect(identifyLicence(apache(69))).toMatchObject({
      kind: 'licence',
      spdx: 'Apache-2.0',
      method: 'full-text',
      confidence: 90.1,
    });
  });

  it('one word more, below 90 %, is no longer the full text: the licence text with other material', () => {
    expect(identifyLicence(apache(70))).toMatchObject({
      kind: 'licence',
      spdx: 'Apache-2.0',
      method: 'full-text-with-extra',
      confidence: 93.1,
    });
  });
});

describe('several licence texts in one file', () => {
  const both = `${text('MIT')}\n\n${text('ISC')}`;

  it('are all granted at once (AND) unless the file offers a choice', () => {
    expect(identifyLicence(both)).toMatchObject({
      kind: 'licence',
      spdx: 'MIT AND ISC',
      method: 'several-texts',
    });
  });

  it.each([
    'You may use this under either licence.',
    'Dual-licensed, at your option:',
    'Use it at your choice of the licences below.',
  ])('"%s" makes them a choice (OR)', (preamble) => {
    expect(identifyLicence(`${preamble}\n\n${both}`)).toMatchObject({ spdx: 'MIT OR ISC' });
  });

  it('an expression written in the file decides, even beside "either"', () => {
    expect(identifyLicence(`SPDX-License-Identifier: MIT AND ISC\n\neither\n${both}`)).toMatchObject({
      spdx: 'MIT AND ISC',
    });
  });

  it('a written expression "MIT OR Apache-2.0" is a choice', () => {
    expect(identifyLicence('SPDX-License-Identifier: MIT OR Apache-2.0')).toMatchObject({
      kind: 'licence',
      spdx: 'MIT OR Apache-2.0',
      method: 'identifier',
    });
  });
});

describe('a short notice', () => {
  const apache = text('Apache-2.0');
  const notice = apache.slice(apache.indexOf('Licensed under the Apache')).split(/\s+/);

  it('of 28 words or more names its licence', () => {
    expect(identifyLicence(notice.slice(0, 28).join(' '))).toMatchObject({
      kind: 'licence',
      spdx: 'Apache-2.0',
      method: 'notice',
    });
  });

  it('of 27 words is too short to tell', () => {
    expect(identifyLicence(notice.slice(0, 27).join(' ')).kind).toBe('unrecognised');
  });
});

describe('British spellings', () => {
  it('-our becomes -or and -ise becomes -ize, but not in words that only end that way', () => {
    expect(
      licenceTokens(
        'favour honours colours odour dour four hours your detour authorised organisations rise raise wise',
      ),
    ).toEqual([
      'favor',
      'honors',
      'colors',
      'odor',
      'dour',
      'four',
      'hours',
      'your',
      'detour',
      'authorized',
      'organizations',
      'rise',
      'raise',
      'wise',
    ]);
  });
});

describe('a documentation licence beside a code licence', () => {
  it.each(['OGL-UK-3.0 AND MIT', 'MIT AND OGL-UK-3.0'])(
    '%s grants an open source licence for the code, whichever comes first',
    async (expression) => {
      const findings = await runCheck(licenceOsiApproved, {
        files: { LICENSE: `SPDX-License-Identifier: ${expression}`, 'app.js': '' },
      });
      expectFindings(findings, [{ status: 'pass', messageId: 'approved', evidence: { spdx: expression } }]);
    },
  );

  it('OGL-UK-3.0 AND CC-BY-4.0 on code is two documentation licences: not approved', async () => {
    const findings = await runCheck(licenceOsiApproved, {
      files: { LICENSE: 'SPDX-License-Identifier: OGL-UK-3.0 AND CC-BY-4.0', 'app.js': '' },
    });
    expectFindings(findings, [{ status: 'fail', messageId: 'documentationLicenceOnCode' }]);
  });
});

describe('licences named in one sentence, without their texts', () => {
  it.each([
    ['This project is licensed under MIT or Apache 2.0, at your option.', 'MIT OR Apache-2.0'],
    ['Licensed under the MIT License or the Apache License 2.0, at your choice.', 'MIT OR Apache-2.0'],
    ['Code is released under the MIT License and the Open Government Licence v3.0.', 'MIT AND OGL-UK-3.0'],
    [
      'Licensed under either of\n\n * Apache License, Version 2.0 (LICENSE-APACHE or https://www.apache.org/licenses/LICENSE-2.0)\n * MIT license (LICENSE-MIT)\n\nat your option.',
      'Apache-2.0 OR MIT',
    ],
    ['This project is released under either MIT or Apache-2.0.', 'MIT OR Apache-2.0'],
    ['The code is released under the MIT License or the Apache License 2.0.', 'MIT OR Apache-2.0'],
    [
      'Released under the MIT License; at your option, also available under the Apache License 2.0.',
      'MIT OR Apache-2.0',
    ],
    ['Licensed under either of\n\n * Apache License, Version 2.0\n * MIT license\n', 'Apache-2.0 OR MIT'],
    ['Licensed under either of\n\n * Apache License, Version 2.0\n\n * MIT license\n', 'Apache-2.0 OR MIT'],
    ['Licensed under either of\n * Apache License, Version 2.0,\n * MIT license;\n', 'Apache-2.0 OR MIT'],
    [
      'Licensed under either of the following licences\n 1. Apache License, Version 2.0\n 2) MIT license\n',
      'Apache-2.0 OR MIT',
    ],
    ['Intro\n* MIT License\n\nLicensed under either of\n\n* Apache License, Version 2.0\n', 'Apache-2.0'],
    ['Released under the MIT License/the Apache License 2.0.', 'MIT OR Apache-2.0'],
    ['Released under MIT/Apache-2.0.', 'MIT OR Apache-2.0'],
    ['Released under the GNU General Public License v2 or later.', 'GPL-2.0-or-later'],
    ['Licensed under either of\n  \n * MIT license\n', 'MIT'],
    [
      'Code released under the GNU General Public License v2 or later; documentation released under the Open Government Licence v3.0.',
      'GPL-2.0-or-later AND OGL-UK-3.0',
    ],
    ['Released under the MIT License and the GNU General Public License v3.', 'MIT AND GPL-3.0-only'],
    [
      'Our project.\n\nDistributed under the GNU General Public License v2, or (at your option) any later version.',
      'GPL-2.0-or-later',
    ],
  ])('"%s" is %s', (statement, spdx) => {
    expect(identifyLicence(statement)).toMatchObject({ kind: 'licence', spdx, method: 'identifier' });
  });

  it('a list after "either of" ends at the first line that is not an item', () => {
    expect(
      identifyLicence(
        'Licensed under either of\n\n * MIT license\n\nThe Apache License 2.0 applies to docs/.',
      ),
    ).toMatchObject({ spdx: 'MIT' });
  });
});
