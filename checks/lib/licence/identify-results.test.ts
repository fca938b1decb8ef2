import spdxFull from 'spdx-license-list/full.js';
import { describe, expect, it } from 'vitest';
import { identifyLicence } from './identify.js';

/** Whole identifications, every field: which licence, how, with what confidence, equivalents and note. */

const text = (id: string): string => (spdxFull[id] as { licenseText: string }).licenseText;
const GPL_NOTICE =
  'This program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version.\n\nThis program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public License for more details.';

/** A full licence text, alone, identified exactly. */
const fullText = (spdx: string, equivalents: string[] = []) => ({
  kind: 'licence',
  spdx,
  confidence: 100,
  method: 'full-text',
  licences: [{ spdx, equivalents, confidence: 100 }],
});

/** Licences named (by id, name or dedication) without their text: the expression, and each id in it. */
const named = (spdx: string, confidence: number, note: string, ids: string[] = [spdx]) => ({
  kind: 'licence',
  spdx,
  confidence,
  method: 'identifier',
  licences: ids.map((id) => ({ spdx: id, confidence, equivalents: [] })),
  note,
});
const NAMED_ONLY = 'The file names the licence but does not contain its text.';

describe('identifyLicence, whole results', () => {
  it('copyright lines alone', () => {
    expect(identifyLicence('Copyright 2024 Crown\n\n© Someone 2023\n(c) Other\n')).toEqual({
      kind: 'not-a-licence',
      reason: 'copyright-only',
    });
  });

  it('markdown rules alone', () => {
    expect(identifyLicence('---\n***\n')).toEqual({ kind: 'not-a-licence', reason: 'copyright-only' });
  });

  it('a copyright line and a sentence', () => {
    expect(identifyLicence('Copyright 2024 Crown\nHello there\n')).toEqual({ kind: 'unrecognised' });
  });

  it('GPL-3.0-only, with the -or-later id that shares its text', () => {
    expect(identifyLicence(text('GPL-3.0-only'))).toEqual(fullText('GPL-3.0-only', ['GPL-3.0-or-later']));
  });

  it('the deprecated GPL-2.0+ text, by its current id', () => {
    expect(identifyLicence(text('GPL-2.0+'))).toEqual(fullText('GPL-2.0-or-later'));
  });

  it('the deprecated wxWindows text, by its current expression', () => {
    expect(identifyLicence(text('wxWindows'))).toEqual({
      kind: 'licence',
      spdx: 'LGPL-2.0-or-later WITH WxWindows-exception-3.1',
      confidence: 100,
      method: 'full-text',
      licences: [
        { spdx: 'LGPL-2.0-or-later WITH WxWindows-exception-3.1', equivalents: [], confidence: 100 },
      ],
    });
  });

  it('LGPL-2.1-only', () => {
    expect(identifyLicence(text('LGPL-2.1-only'))).toEqual(fullText('LGPL-2.1-only', ['LGPL-2.1-or-later']));
  });

  it('a bracketed SPDX-License-Identifier', () => {
    expect(identifyLicence('SPDX-License-Identifier: (MIT OR Apache-2.0)')).toEqual(
      named('MIT OR Apache-2.0', 50, NAMED_ONLY, ['MIT', 'Apache-2.0']),
    );
  });

  it('two texts that say "Dual licensed"', () => {
    expect(identifyLicence(`Dual licensed\n\n${text('MIT')}\n\n${text('ISC')}`)).toEqual({
      kind: 'licence',
      spdx: 'MIT OR ISC',
      confidence: 100,
      method: 'several-texts',
      licences: [
        { spdx: 'MIT', equivalents: [], confidence: 100 },
        { spdx: 'ISC', equivalents: [], confidence: 100 },
      ],
    });
  });

  it('two texts that say "dual-licenced"', () => {
    expect(identifyLicence(`dual-licenced\n\n${text('MIT')}\n\n${text('ISC')}`)).toEqual({
      kind: 'licence',
      spdx: 'MIT OR ISC',
      confidence: 100,
      method: 'several-texts',
      licences: [
        { spdx: 'MIT', equivalents: [], confidence: 100 },
        { spdx: 'ISC', equivalents: [], confidence: 100 },
      ],
    });
  });

  it('a written expression for other licences than the texts', () => {
    expect(
      identifyLicence(`SPDX-License-Identifier: GPL-2.0-only AND ISC\n\n${text('MIT')}\n\n${text('ISC')}`),
    ).toEqual({
      kind: 'licence',
      spdx: 'MIT AND ISC',
      confidence: 100,
      method: 'several-texts',
      licences: [
        { spdx: 'MIT', equivalents: [], confidence: 100 },
        { spdx: 'ISC', equivalents: [], confidence: 100 },
      ],
    });
  });

  it('a written expression naming the texts', () => {
    expect(
      identifyLicence(`SPDX-License-Identifier: ISC OR MIT\n\n${text('MIT')}\n\n${text('ISC')}`),
    ).toEqual({
      kind: 'licence',
      spdx: 'ISC OR MIT',
      confidence: 100,
      method: 'several-texts',
      licences: [
        { spdx: 'MIT', equivalents: [], confidence: 100 },
        { spdx: 'ISC', equivalents: [], confidence: 100 },
      ],
    });
  });

  it('MIT under a title', () => {
    expect(identifyLicence(`# MIT Licence\n\nThis is it.\n\n${text('MIT')}`)).toEqual({
      kind: 'licence',
      spdx: 'MIT',
      confidence: 98.7,
      method: 'full-text',
      licences: [{ spdx: 'MIT', equivalents: [], confidence: 98.7 }],
    });
  });

  it('MIT and a long note', () => {
    expect(
      identifyLicence(
        `${text('MIT')}\n\nThis project also bundles some code from other people under various licences, see the list in THIRD_PARTY.md for details of each one and their authors and terms and conditions and more words here to make it long enough.`,
      ),
    ).toEqual({
      kind: 'licence',
      spdx: 'MIT',
      confidence: 100,
      method: 'full-text-with-extra',
      licences: [{ spdx: 'MIT', equivalents: [], confidence: 100 }],
      note: 'The file holds the licence text and other material.',
    });
  });

  it('a CC0 dedication', () => {
    expect(
      identifyLicence(
        'To the extent possible under law, the authors have waived all copyright and related rights to this work through the CC0 1.0 Universal public domain dedication.',
      ),
    ).toEqual(
      named('CC0-1.0', 40, 'The file dedicates the work under CC0 but does not contain the CC0-1.0 text.'),
    );
  });

  it('data released under CC-Zero', () => {
    expect(identifyLicence('This data is released under CC-Zero.')).toEqual(
      named('CC0-1.0', 40, 'The file dedicates the work under CC0 but does not contain the CC0-1.0 text.'),
    );
  });

  it('CC0 named without a dedication', () => {
    expect(identifyLicence('We like CC0 a lot.')).toEqual({ kind: 'unrecognised' });
  });

  it('an expression in a sentence', () => {
    expect(identifyLicence('Use under MIT AND LicenseRef-Crown here.')).toEqual(
      named('MIT AND LicenseRef-Crown', 50, NAMED_ONLY, ['MIT', 'LicenseRef-Crown']),
    );
  });

  it('a licence named twice', () => {
    expect(identifyLicence('Released under the MIT License. Also released under the MIT License.')).toEqual(
      named('MIT', 40, NAMED_ONLY),
    );
  });

  it('a GPL named with "or (at your option) any later version"', () => {
    expect(
      identifyLicence(
        'Distributed under the GNU General Public License v2, or (at your option) any later version.',
      ),
    ).toEqual(named('GPL-2.0-or-later', 40, NAMED_ONLY));
  });

  it('the GPL-3.0 notice', () => {
    expect(identifyLicence(GPL_NOTICE)).toEqual({
      kind: 'licence',
      spdx: 'GPL-3.0-or-later',
      confidence: 80,
      method: 'notice',
      licences: [{ spdx: 'GPL-3.0-or-later', equivalents: ['GPL-3.0-only'], confidence: 80 }],
      note: 'Only a licence notice, not the full text of GPL-3.0-or-later.',
    });
  });

  it('a proprietary statement', () => {
    expect(identifyLicence('This software is proprietary.')).toEqual({
      kind: 'not-a-licence',
      reason: 'proprietary',
      phrase: 'proprietary',
      closest: { spdx: 'SunPro', equivalents: [], confidence: 14.3 },
    });
  });
  it('two texts, one changed a little: the lower confidence, the fuller text first', () => {
    const mit = text('MIT').replace('to any person obtaining a copy', 'to anybody who obtains a copy');
    expect(identifyLicence(`${mit}\n\n${text('ISC')}`)).toEqual({
      kind: 'licence',
      spdx: 'ISC AND MIT',
      confidence: 97.4,
      method: 'several-texts',
      licences: [
        { spdx: 'ISC', equivalents: [], confidence: 100 },
        { spdx: 'MIT', equivalents: [], confidence: 97.4 },
      ],
    });
  });
  it('Apache-2.0 with sections 4 to 8 replaced by a fee: below full-text similarity, the licence modified', () => {
    const apache = text('Apache-2.0');
    const fee =
      'You must pay the Licensor a fee for each commercial use of the Work, and You shall report each such use to the Licensor in writing within thirty days. The Licensor may terminate the licenses granted to You if You do not pay.\n\n';
    const r = identifyLicence(
      apache.slice(0, apache.indexOf('4. Redistribution')) +
        fee +
        apache.slice(apache.indexOf('9. Accepting Warranty')),
    );
    expect(r).toMatchObject({
      kind: 'modified',
      closest: { spdx: 'Apache-2.0', confidence: 78.1 },
      added: [
        'you must pay the licensor a fee for each commercial use of the work and you shall report each such use to the licensor in writing within thirty days the licensor may terminate the licenses granted to you if you do not pay',
      ],
    });
    expect(r.kind === 'modified' && r.removed.length).toBe(8);
  });

  it('lines that begin "Copyright" but are no notice to drop: copyright only', () => {
    expect(identifyLicence('Copyright of the authors.\n\nCopyright notices stay.\n')).toMatchObject({
      kind: 'not-a-licence',
      reason: 'copyright-only',
    });
    expect(identifyLicence('Copyright of the authors.\nUse it well.').kind).toBe('unrecognised');
  });
  it('a text that shares a few words with a licence names no closest licence', () => {
    expect(
      identifyLicence(
        'Permission is hereby granted to read this page, which tells you about our project and how to run it on your own computer today.',
      ),
    ).toEqual({ kind: 'unrecognised' });
  });
});
