import spdxFull from 'spdx-license-list/full.js';
import { describe, expect, it } from 'vitest';
import { currentExpression, currentId } from './current.js';
import { expressionsInText, identifyLicence } from './identify.js';

const text = (id: string): string => (spdxFull[id] as { licenseText: string }).licenseText;
const MIT_BODY = text('MIT').split('\n').slice(3).join('\n');
const APACHE = text('Apache-2.0');
const APACHE_NOTICE = APACHE.slice(APACHE.indexOf('Licensed under the Apache'));

describe('identifyLicence on licence files from public sector repositories', () => {
  it.each([
    [
      'MIT with "The MIT License (MIT)" and a Crown copyright line',
      `The MIT License (MIT)\n\nCopyright (c) 2015 Crown Copyright (Government Digital Service)\n\n${MIT_BODY}`,
      'MIT',
    ],
    [
      'MIT with the copyright line first as "(c) Crown copyright"',
      `(c) Crown copyright 2021\n\n${MIT_BODY}`,
      'MIT',
    ],
    [
      'MIT as markdown with British spelling',
      `# MIT Licence\n\n**Copyright © 2024 Department for Education**\n\n${MIT_BODY.replace(/sublicense/g, 'sublicence')}`,
      'MIT',
    ],
    ['OGL-UK-3.0', text('OGL-UK-3.0'), 'OGL-UK-3.0'],
    [
      'Apache-2.0 with third-party notices appended',
      `${APACHE}\n\nThird-party software notices: this product bundles govuk-frontend (MIT) and jQuery (MIT).`,
      'Apache-2.0',
    ],
  ])('%s', (_name, input, expected) => {
    const r = identifyLicence(input);

    expect(r.kind).toBe('licence');
    expect(r.kind === 'licence' && r.spdx).toBe(expected);
  });

  it('reports the Apache-2.0 boilerplate notice as Apache-2.0, with lower confidence and a note', () => {
    const r = identifyLicence(`Copyright 2020 Crown Copyright\n\n${APACHE_NOTICE}`);

    expect(r).toMatchObject({ kind: 'licence', spdx: 'Apache-2.0', method: 'notice' });
    expect(r.kind === 'licence' && r.confidence).toBeLessThan(90);
    expect(r.kind === 'licence' && r.note).toMatch(/notice/);
  });

  it('reads a GPL notice with "any later version" as the -or-later licence', () => {
    const notice =
      'This program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version.\n\nThis program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public License for more details.';

    expect(identifyLicence(notice)).toMatchObject({
      kind: 'licence',
      spdx: 'GPL-3.0-or-later',
      method: 'notice',
    });
  });

  it('finds two full texts in one file and reads the choice', () => {
    const r = identifyLicence(
      `Licensed under either of the licences below, at your option.\n\n${text('MIT')}\n\n${APACHE}`,
    );

    expect(r).toMatchObject({ kind: 'licence', method: 'several-texts' });
    expect(r.kind === 'licence' && r.licences.map((l) => l.spdx).sort()).toEqual(['Apache-2.0', 'MIT']);
    expect(r.kind === 'licence' && r.spdx).toMatch(/ OR /);
  });

  it('does not find BSD-2-Clause inside BSD-3-Clause', () => {
    expect(identifyLicence(text('BSD-3-Clause'))).toMatchObject({
      spdx: 'BSD-3-Clause',
      method: 'full-text',
    });
  });

  it('reads an SPDX expression written in the file', () => {
    expect(
      identifyLicence('Licensed under MIT OR Apache-2.0; see LICENSE-MIT and LICENSE-APACHE.'),
    ).toMatchObject({
      kind: 'licence',
      spdx: 'MIT OR Apache-2.0',
      method: 'identifier',
    });
  });

  it('reads Apache-2.0 without its optional appendix as Apache-2.0, not the Pixar licence built on it', () => {
    expect(identifyLicence(APACHE.slice(0, APACHE.indexOf('END OF TERMS')))).toMatchObject({
      spdx: 'Apache-2.0',
      method: 'full-text',
    });
  });

  it('reads a statement that names the licences in words', () => {
    const statement =
      'Unless stated otherwise, the codebase is released under the MIT License.\n\nThe documentation is © Crown copyright and available under the terms of the Open Government 3.0 licence.';

    expect(identifyLicence(statement)).toMatchObject({
      kind: 'licence',
      spdx: 'MIT AND OGL-UK-3.0',
      method: 'identifier',
    });
  });

  it.each([
    'Copyright (c) 2024 Department for Work and Pensions. All rights reserved.',
    'This software is proprietary and confidential. It may not be copied without the prior written permission of the Home Office.',
  ])('reports "%s" as not a licence', (input) => {
    expect(identifyLicence(input)).toMatchObject({ kind: 'not-a-licence', reason: 'proprietary' });
  });

  it('does not call a README a licence', () => {
    const r = identifyLicence(
      '# Apply for a fishing licence\n\nRun `npm start`. Contributions welcome; the code is MIT licensed.',
    );

    expect(r.kind).toBe('unrecognised');
  });

  it('reports whitespace as empty', () => {
    expect(identifyLicence(' \n\n')).toEqual({ kind: 'not-a-licence', reason: 'empty' });
  });
});

describe('expressionsInText', () => {
  it('reads SPDX-License-Identifier lines and joined ids, not a lone word', () => {
    expect(expressionsInText('// SPDX-License-Identifier: MIT\n')).toEqual(['MIT']);
    expect(expressionsInText('Dual licensed: MIT OR Apache-2.0.')).toEqual(['MIT OR Apache-2.0']);
    expect(expressionsInText('The MIT team wrote this.')).toEqual([]);
    expect(expressionsInText('SPDX-License-Identifier: see LICENSE')).toEqual([]);
  });
});

describe('licence names with versions, and deprecated ids', () => {
  it.each([
    ['This software is released under the EUPL-1.2.', 'EUPL-1.2'],
    ['Copyright (c) 2019 Welsh Government\n\nLicensed under the EUPL v1.2 (see joinup).', 'EUPL-1.2'],
    ['The library is distributed under the GNU Lesser General Public License v2.1.', 'LGPL-2.1-only'],
    ['Released under the LGPL-2.1, or (at your option) any later version.', 'LGPL-2.1-or-later'],
    ['This module is available under the MPL-1.1.', 'MPL-1.1'],
    ['Published under the terms of the GPL-2.0+.', 'GPL-2.0-or-later'],
    ['Licensed under the GNU General Public License v3.0.', 'GPL-3.0-only'],
  ])('reads "%s" as %s', (statement, spdx) => {
    expect(identifyLicence(statement)).toMatchObject({ kind: 'licence', spdx, method: 'identifier' });
  });

  it('writes a deprecated SPDX-License-Identifier in its current form', () => {
    expect(identifyLicence('SPDX-License-Identifier: GPL-2.0+')).toMatchObject({
      spdx: 'GPL-2.0-or-later',
      licences: [{ spdx: 'GPL-2.0-or-later' }],
    });
    expect(
      expressionsInText('SPDX-License-Identifier: LGPL-2.1 OR GPL-2.0-with-classpath-exception'),
    ).toEqual(['LGPL-2.1-only OR GPL-2.0-only WITH Classpath-exception-2.0']);
  });
});

describe('currentId', () => {
  it.each([
    ['GPL-2.0+', 'GPL-2.0-or-later'],
    ['LGPL-2.1', 'LGPL-2.1-only'],
    ['AGPL-3.0', 'AGPL-3.0-only'],
    ['GFDL-1.3', 'GFDL-1.3-only'],
    ['wxWindows', 'LGPL-2.0-or-later WITH WxWindows-exception-3.1'],
    ['StandardML-NJ', 'SMLNJ'],
    ['MIT', 'MIT'],
    ['LicenseRef-Crown', 'LicenseRef-Crown'],
  ])('%s → %s', (id, expected) => {
    expect(currentId(id)).toBe(expected);
  });

  it('rewrites every id of an expression, keeping its structure', () => {
    expect(currentExpression('(GPL-2.0+ WITH Classpath-exception-2.0 OR MIT) AND LGPL-3.0')).toBe(
      '(GPL-2.0-or-later WITH Classpath-exception-2.0 OR MIT) AND LGPL-3.0-only',
    );
  });
});
