import { describe, expect, it } from 'vitest';
import { comparableId, idForName, readDeclaredLicence } from './declared.js';

describe('readDeclaredLicence', () => {
  it.each([
    ['MIT', 'package.json', { kind: 'spdx', expression: 'MIT' }],
    ['(MIT OR Apache-2.0)', 'Cargo.toml', { kind: 'spdx', licences: ['MIT', 'Apache-2.0'] }],
    ['The Apache Software License, Version 2.0', 'pom.xml', { kind: 'name', expression: 'Apache-2.0' }],
    ['GNU General Public License v3.0', 'pom.xml', { kind: 'name', expression: 'GPL-3.0-only' }],
    ['Open Government Licence v3.0', 'setup.py', { kind: 'name', expression: 'OGL-UK-3.0' }],
    ['BSD 3-Clause', 'setup.cfg', { kind: 'name', expression: 'BSD-3-Clause' }],
    ['MIT + file LICENSE', 'DESCRIPTION', { kind: 'name', expression: 'MIT' }],
    ['GPL (>= 2)', 'DESCRIPTION', { kind: 'name', expression: 'GPL-2.0-or-later' }],
    ['GPL-2 | GPL-3', 'DESCRIPTION', { kind: 'name', expression: 'GPL-2.0-only OR GPL-3.0-only' }],
    ['UNLICENSED', 'package.json', { kind: 'unlicensed' }],
    ['SEE LICENSE IN LICENCE.md', 'package.json', { kind: 'file', file: 'LICENCE.md' }],
    ['file:./COPYING', 'Cargo.toml', { kind: 'file', file: 'COPYING' }],
    ['Proprietary', 'package.json', { kind: 'unknown' }],
  ] as const)('reads %j in %s', (value, kind, expected) => {
    expect(readDeclaredLicence(value, kind)).toMatchObject(expected);
  });

  it.each([
    ['  MIT  ', 'package.json', { kind: 'spdx', expression: 'MIT', licences: ['MIT'] }],
    [
      '(MIT OR Apache-2.0)',
      'Cargo.toml',
      { kind: 'spdx', expression: '(MIT OR Apache-2.0)', licences: ['MIT', 'Apache-2.0'] },
    ],
    [
      'MIT/Apache-2.0',
      'Cargo.toml',
      { kind: 'name', expression: 'MIT OR Apache-2.0', licences: ['MIT', 'Apache-2.0'] },
    ],
    [
      'MIT / Apache 2.0',
      'setup.py',
      { kind: 'name', expression: 'MIT OR Apache-2.0', licences: ['MIT', 'Apache-2.0'] },
    ],
    [
      'MIT; Apache 2.0',
      'setup.py',
      { kind: 'name', expression: 'MIT OR Apache-2.0', licences: ['MIT', 'Apache-2.0'] },
    ],
    [
      'MIT | Apache 2.0',
      'pom.xml',
      { kind: 'name', expression: 'MIT OR Apache-2.0', licences: ['MIT', 'Apache-2.0'] },
    ],
    [
      'MIT,Apache 2.0',
      'pom.xml',
      { kind: 'name', expression: 'MIT OR Apache-2.0', licences: ['MIT', 'Apache-2.0'] },
    ],
    [
      'MIT or GPL v3',
      'setup.py',
      { kind: 'name', expression: 'MIT OR GPL-3.0-only', licences: ['MIT', 'GPL-3.0-only'] },
    ],
    ['MIT OR Nonsense', 'setup.py', { kind: 'unknown' }],
    ['MIT, Nonsense', 'setup.py', { kind: 'unknown' }],
    ['', 'package.json', { kind: 'unknown' }],
    ['unlicensed', 'package.json', { kind: 'unlicensed' }],
    ['UNLICENSED ', 'package.json', { kind: 'unlicensed' }],
    ['see license in ./LICENSE.txt', 'package.json', { kind: 'file', file: 'LICENSE.txt' }],
    ['SEE LICENCE IN  docs/LICENCE ', 'package.json', { kind: 'file', file: 'docs/LICENCE' }],
    ['file:LICENSE', 'Cargo.toml', { kind: 'file', file: 'LICENSE' }],
    // R's License field: GNU families by version, `(>= v)` for or-later, `|` for a choice.
    [
      'GPL (>= 3)',
      'DESCRIPTION',
      { kind: 'name', expression: 'GPL-3.0-or-later', licences: ['GPL-3.0-or-later'] },
    ],
    [
      'LGPL (>= 2.1)',
      'DESCRIPTION',
      { kind: 'name', expression: 'LGPL-2.1-or-later', licences: ['LGPL-2.1-or-later'] },
    ],
    [
      'lgpl ( >= 2 )',
      'DESCRIPTION',
      { kind: 'name', expression: 'LGPL-2.0-or-later', licences: ['LGPL-2.0-or-later'] },
    ],
    [
      'AGPL (>= 3)',
      'DESCRIPTION',
      { kind: 'name', expression: 'AGPL-3.0-or-later', licences: ['AGPL-3.0-or-later'] },
    ],
    ['GPL (>= 4)', 'DESCRIPTION', { kind: 'unknown' }],
    ['GPL-3', 'DESCRIPTION', { kind: 'name', expression: 'GPL-3.0-only', licences: ['GPL-3.0-only'] }],
    ['AGPL-3', 'DESCRIPTION', { kind: 'name', expression: 'AGPL-3.0-only', licences: ['AGPL-3.0-only'] }],
    ['GPL-4', 'DESCRIPTION', { kind: 'unknown' }],
    [
      'AGPL-3 | MIT + file LICENSE',
      'DESCRIPTION',
      { kind: 'name', expression: 'AGPL-3.0-only OR MIT', licences: ['AGPL-3.0-only', 'MIT'] },
    ],
    ['MIT + file LICENCE', 'DESCRIPTION', { kind: 'name', expression: 'MIT', licences: ['MIT'] }],
    [
      'Apache License 2.0',
      'DESCRIPTION',
      { kind: 'name', expression: 'Apache-2.0', licences: ['Apache-2.0'] },
    ],
    ['GPL (>=2) | Nonsense', 'DESCRIPTION', { kind: 'unknown' }],
  ] as const)('reads %j in %s exactly', (value, kind, expected) => {
    expect(readDeclaredLicence(value, kind)).toEqual(expected);
  });

  it.each([
    ['GPL', 'GNU GPL', 'GPL-2.0-only, GPL-2.0-or-later, GPL-3.0-only or GPL-3.0-or-later', 'gpl-3.0'],
    [
      'GNU General Public License',
      'GNU GPL',
      'GPL-2.0-only, GPL-2.0-or-later, GPL-3.0-only or GPL-3.0-or-later',
      'gpl-2.0',
    ],
    ['LGPL', 'GNU LGPL', 'LGPL-2.1-only, LGPL-2.1-or-later, LGPL-3.0-only or LGPL-3.0-or-later', 'lgpl-2.1'],
    ['GNU Affero General Public License', 'GNU AGPL', 'AGPL-3.0-only or AGPL-3.0-or-later', 'agpl-3.0'],
    [
      'The Apache Software License',
      'Apache',
      'Apache-2.0 (or the older Apache-1.1, Apache-1.0)',
      'apache-2.0',
    ],
    ['Mozilla Public License', 'Mozilla Public', 'MPL-2.0, MPL-1.1 or MPL-1.0', 'mpl-2.0'],
    ['Eclipse Public License', 'Eclipse Public', 'EPL-2.0 or EPL-1.0', 'epl-2.0'],
    ['EUPL', 'European Union Public', 'EUPL-1.2, EUPL-1.1 or EUPL-1.0', 'eupl-1.2'],
    ['BSD', 'BSD', 'BSD-3-Clause or BSD-2-Clause', 'bsd-3-clause'],
    [
      'Creative Commons Attribution',
      'Creative Commons Attribution',
      'CC-BY-4.0 (or an older CC-BY-3.0, CC-BY-2.5…)',
      'cc-by-4.0',
    ],
    [
      'CC BY-SA',
      'Creative Commons Attribution-ShareAlike',
      'CC-BY-SA-4.0 (or an older CC-BY-SA-3.0…)',
      'cc-by-sa-4.0',
    ],
    [
      'Open Government Licence',
      'Open Government',
      'OGL-UK-3.0 (or the older OGL-UK-2.0, OGL-UK-1.0)',
      'ogl-uk-3.0',
    ],
  ])('reads %j as the %s family without a version', (value, family, versions, member) => {
    const r = readDeclaredLicence(value, 'pom.xml');
    expect(r).toMatchObject({ kind: 'noVersion', family, versions });
    expect(r.kind === 'noVersion' && r.match.test(member)).toBe(true);
    expect(r.kind === 'noVersion' && r.match.test(`x${member}`)).toBe(false);
  });

  it("matches BSD's family only with a clause count", () => {
    const r = readDeclaredLicence('BSD', 'setup.py');
    expect(r.kind === 'noVersion' && r.match.test('bsd-2-clause-patent')).toBe(false);
  });
});

describe('idForName', () => {
  it.each([
    ['Apache License, Version 2.0', 'Apache-2.0'],
    ['apache 2', 'Apache-2.0'],
    ['ASL 2.0', 'Apache-2.0'],
    ['MIT/X11', 'MIT'],
    ['Expat', 'MIT'],
    ['the MIT license', 'MIT'],
    ['MIT Licence', 'MIT'],
    ['Simplified BSD', 'BSD-2-Clause'],
    ['New BSD License', 'BSD-3-Clause'],
    ['GPL v3', 'GPL-3.0-only'],
    ['GPL 2', 'GPL-2.0-only'],
    ['gpl-2.0 only', 'GPL-2.0-only'],
    ['GPL-2.0', 'GPL-2.0-only'],
    ['LGPL-2.1', 'LGPL-2.1-only'],
    ['LGPL v2', 'LGPL-2.0-only'],
    ['GNU Lesser General Public License v3.0', 'LGPL-3.0-only'],
    ['AGPLv3', 'AGPL-3.0-only'],
    ['MPL 2.0', 'MPL-2.0'],
    ['EUPL 1.2', 'EUPL-1.2'],
    ['OGL-UK-3.0', 'OGL-UK-3.0'],
    ['CC BY 4.0', 'CC-BY-4.0'],
    ['CC0', 'CC0-1.0'],
    ['Creative Commons Zero v1.0 Universal', 'CC0-1.0'],
    ['wxWindows', 'LGPL-2.0-or-later WITH WxWindows-exception-3.1'],
    ['GPL-2.0+', 'GPL-2.0-or-later'],
    ['GNU General Public License v2 or later', 'GPL-2.0-or-later'],
    ['LGPL v2.1 or any later version', 'LGPL-2.1-or-later'],
    ['GNU General Public License version 2, or (at your option) any later version', 'GPL-2.0-or-later'],
    ['Unknown licence', undefined],
  ])('%j is %s', (name, id) => {
    expect(idForName(name)).toBe(id);
  });

  it('gives the -or-later licence when the text around the name says so, where there is one', () => {
    expect(idForName('GPLv3', true)).toBe('GPL-3.0-or-later');
    expect(idForName('LGPL-2.1', true)).toBe('LGPL-2.1-or-later');
    expect(idForName('EUPL-1.2', true)).toBe('EUPL-1.2');
    expect(idForName('MIT', true)).toBe('MIT');
  });
});

describe('comparableId', () => {
  it('treats the -only, -or-later and + forms of one text as one licence', () => {
    expect(new Set(['GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-2.0+', 'GPL-2.0'].map(comparableId)).size).toBe(
      1,
    );
    expect(comparableId('MIT')).not.toBe(comparableId('MIT-0'));
  });

  it.each([
    ['GPL-2.0+', 'gpl-2.0'],
    ['LGPL-2.1-or-later', 'lgpl-2.1'],
    ['Apache-2.0', 'apache-2.0'],
    ['MIT+', 'mit'],
    ['GPL-2.0-only+', 'gpl-2.0'],
    ['Bonly-1.0', 'bonly-1.0'],
  ])('%s → %s', (id, key) => {
    expect(comparableId(id)).toBe(key);
  });
});
