import { describe, expect, it } from 'vitest';
import { currentExpression, currentId, isDeprecatedId, versionChoices } from './current.js';
import { isLicenceRef, parseExpression } from './expression.js';

describe('parseExpression', () => {
  it.each([
    ['MIT', { expression: 'MIT', licences: ['MIT'], hasChoice: false }],
    [' MIT ', { expression: 'MIT', licences: ['MIT'], hasChoice: false }],
    [
      'MIT OR Apache-2.0',
      { expression: 'MIT OR Apache-2.0', licences: ['MIT', 'Apache-2.0'], hasChoice: true },
    ],
    ['MIT AND ISC', { expression: 'MIT AND ISC', licences: ['MIT', 'ISC'], hasChoice: false }],
    [
      'MIT AND (Apache-2.0 OR GPL-2.0+)',
      {
        expression: 'MIT AND (Apache-2.0 OR GPL-2.0+)',
        licences: ['MIT', 'Apache-2.0', 'GPL-2.0'],
        hasChoice: true,
      },
    ],
    [
      'GPL-2.0-only WITH Classpath-exception-2.0',
      {
        expression: 'GPL-2.0-only WITH Classpath-exception-2.0',
        licences: ['GPL-2.0-only'],
        hasChoice: false,
      },
    ],
    [
      'LicenseRef-Crown',
      { expression: 'LicenseRef-Crown', licences: ['LicenseRef-Crown'], hasChoice: false },
    ],
  ])('%j', (expression, parsed) => {
    expect(parseExpression(expression)).toEqual(parsed);
  });

  it.each(['', '  ', 'MIT OR', 'not an expression'])('%j is no expression', (expression) => {
    expect(parseExpression(expression)).toBeUndefined();
  });
});

describe('isLicenceRef', () => {
  it.each([
    ['LicenseRef-Crown', true],
    ['DocumentRef-spdx-tool-1.2:LicenseRef-Crown', true],
    ['DocumentRef-:LicenseRef-Crown', false],
    ['xLicenseRef-Crown', false],
    ['MIT', false],
  ])('%s: %s', (id, ref) => {
    expect(isLicenceRef(id)).toBe(ref);
  });
});

describe('currentId', () => {
  it.each([
    ['GPL-2.0', false, 'GPL-2.0-only'],
    ['GPL-2.0', true, 'GPL-2.0-or-later'],
    ['LGPL-2.1', true, 'LGPL-2.1-or-later'],
    ['GPL-2.0+', false, 'GPL-2.0-or-later'],
    ['GPL-2.0-with-classpath-exception+', false, 'GPL-2.0-only WITH Classpath-exception-2.0'],
    ['eCos-2.0', false, 'GPL-2.0-or-later WITH eCos-exception-2.0'],
    ['Net-SNMP', false, 'BSD-3-Clause AND HPND'],
    ['MIT', true, 'MIT'],
    ['MIT+', false, 'MIT+'],
    ['Apache-2.0', false, 'Apache-2.0'],
  ])('%s (or later: %s) → %s', (id, orLater, current) => {
    expect(currentId(id, orLater)).toBe(current);
  });

  it.each([
    ['GPL-2.0', true],
    ['GPL-2.0+', true],
    ['MIT+', true],
    ['GPL-2.0-only', false],
    ['MIT', false],
  ])('%s is deprecated: %s', (id, deprecated) => {
    expect(isDeprecatedId(id)).toBe(deprecated);
  });
});

describe('versionChoices', () => {
  it.each([
    ['GPL-2.0-only', ['GPL-2.0-or-later']],
    ['GPL-2.0-or-later', ['GPL-2.0-only']],
    ['GFDL-1.3-only', ['GFDL-1.3-or-later']],
    ['Foo-only', []],
    ['MIT', []],
  ])('%s → %j', (id, choices) => {
    expect(versionChoices(id)).toEqual(choices);
  });
});

describe('currentExpression', () => {
  it.each([
    ['MIT', 'MIT'],
    [' MIT ', 'MIT'],
    ['GPL-2.0+ WITH Classpath-exception-2.0', 'GPL-2.0-or-later WITH Classpath-exception-2.0'],
    // The replacement brings its own exception: a second is not added.
    ['GPL-2.0-with-classpath-exception WITH GCC-exception-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'],
    ['(MIT OR Apache-2.0) AND GPL-2.0', '(MIT OR Apache-2.0) AND GPL-2.0-only'],
    ['MIT AND (Apache-2.0 OR ISC)', 'MIT AND (Apache-2.0 OR ISC)'],
    ['MIT OR (Apache-2.0 AND GPL-2.0)', 'MIT OR Apache-2.0 AND GPL-2.0-only'],
    ['MIT OR Apache-2.0 OR ISC', 'MIT OR Apache-2.0 OR ISC'],
    ['(MIT AND ISC) AND X11', 'MIT AND ISC AND X11'],
  ])('%j → %j', (expression, current) => {
    expect(currentExpression(expression)).toBe(current);
  });

  it('is undefined for a text that does not parse', () => {
    expect(currentExpression('nope nope')).toBeUndefined();
  });
});
