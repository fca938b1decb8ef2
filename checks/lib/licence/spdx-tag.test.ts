import { describe, expect, it } from 'vitest';
import { spdxTagValues } from './spdx-tag.js';

describe('spdxTagValues', () => {
  it.each([
    ['// SPDX-License-Identifier: MIT\n', ['MIT']],
    ['/* SPDX-License-Identifier: MIT */', ['MIT']],
    ['<!-- SPDX-License-Identifier: MIT -->', ['MIT']],
    ['spdx-license-identifier: MIT', ['MIT']],
    ['SPDX-License-Identifier: MIT', ['MIT']],
    ['SPDX-License-Identifier: MIT\r\nSPDX-License-Identifier: ISC', ['MIT', 'ISC']],
    ['SPDX-License-Identifier: MIT\rSPDX-License-Identifier: ISC', ['MIT', 'ISC']],
    ['SPDX-License-Identifier: MIT\u2028SPDX-License-Identifier: ISC', ['MIT', 'ISC']],
    ['SPDX-License-Identifier: MIT\u2029SPDX-License-Identifier: ISC', ['MIT', 'ISC']],
    ['SPDX-License-Identifier:   \nSPDX-License-Identifier: ISC', ['ISC']],
    ['SPDX-License-Identifier: MIT * x', []],
    ['SPDX-License-Identifier: MIT * x\nSPDX-License-Identifier: ISC', ['ISC']],
    ['SPDX-License-Identifier: MIT SPDX-License-Identifier: ISC', ['MIT SPDX-License-Identifier: ISC']],
    ['/* SPDX-License-Identifier: MIT */ SPDX-License-Identifier: ISC', ['MIT', 'ISC']],
    ['SPDX-License-Identifier: MIT #} x', ['MIT #} x']],
    ['SPDX-License-Identifier: MIT\nSPDX-License-Identifier: ISC */', ['MIT', 'ISC']],
    [
      'SPDX-License-Identifier: MIT\nSPDX-License-Identifier: ISC\nSPDX-License-Identifier: X11',
      ['MIT', 'ISC', 'X11'],
    ],
  ])('%j → %j', (text, values) => {
    expect(spdxTagValues(text)).toEqual(values);
  });

  it('stops at the first value, and at the terminators given', () => {
    expect(
      spdxTagValues('SPDX-License-Identifier: MIT\nSPDX-License-Identifier: ISC', { first: true }),
    ).toEqual(['MIT']);
    expect(spdxTagValues('{# SPDX-License-Identifier: MIT #} x', { terminators: ['#}'] })).toEqual(['MIT']);
    expect(spdxTagValues('/* SPDX-License-Identifier: MIT */', { terminators: ['#}'] })).toEqual([]);
  });
});
