import { describe, expect, it } from 'vitest';
import { comparableId, readDeclaredLicence } from './declared.js';

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
});

describe('comparableId', () => {
  it('treats the -only, -or-later and + forms of one text as one licence', () => {
    expect(new Set(['GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-2.0+', 'GPL-2.0'].map(comparableId)).size).toBe(
      1,
    );
    expect(comparableId('MIT')).not.toBe(comparableId('MIT-0'));
  });
});
