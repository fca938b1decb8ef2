import spdxFull from 'spdx-license-list/full.js';
import { describe, expect, it } from 'vitest';
import { memorySnapshot, type MemoryRepo } from '../../../src/snapshot/memory.js';
import {
  declaredLicences,
  governingLicence,
  isLicenceFileName,
  readmeLicenceSection,
  repositoryLicence,
} from './detect.js';

const text = (id: string): string => (spdxFull[id] as { licenseText: string }).licenseText;
const MIT = text('MIT');
const APACHE = text('Apache-2.0');

/** What repositoryLicence finds: the expression, and each file with how it was read. */
function found(files: Record<string, string>, skipped?: MemoryRepo['skipped']) {
  const r = repositoryLicence(memorySnapshot({ files, ...(skipped ? { skipped } : {}) }));
  return {
    spdx: r.spdx,
    confidence: r.confidence,
    files: r.files.map((f) => ({
      path: f.path,
      kind: f.identification?.kind,
      ...(f.identification?.kind === 'licence' ? { spdx: f.identification.spdx } : {}),
      ...(f.skipped ? { skipped: f.skipped } : {}),
      ...(f.readmeSection ? { readmeSection: true } : {}),
      ...(f.declaredIn ? { declaredIn: f.declaredIn } : {}),
    })),
    licences: r.licences.map((l) => l.spdx),
    ...(r.modified
      ? { modified: { path: r.modified.path, closest: r.modified.closest.spdx, patents: r.modified.patents } }
      : {}),
  };
}

describe('isLicenceFileName', () => {
  it.each([
    'LICENSE',
    'licence.md',
    'COPYING',
    'COPYING.LESSER',
    'UNLICENSE',
    'LICENSE-MIT',
    'LICENSE_APACHE',
    'LICENCE.docs',
    'LICENSE.html',
  ])('%s is a licence file', (name) => {
    expect(isLicenceFileName(name)).toBe(true);
  });

  it.each([
    'license.ts',
    'licence.json',
    'license.svg',
    'license.lock',
    'LICENSE.header',
    'LICENSE-headers.txt',
    'license-template.txt',
    'LICENSE.tpl',
    'LICENSE.boilerplate',
    'LICENSES',
    'licenses.txt',
    'LICENSEx',
  ])('%s is not', (name) => {
    expect(isLicenceFileName(name)).toBe(false);
  });
});

describe('readmeLicenceSection', () => {
  it.each([
    ['# Project\n\n## Licence\n\nMIT\n\n## Other\n\nx', 'MIT'],
    ['# Project\n\n## License\n\n### Sub\n\nMIT\n\n# Top\nno', '### Sub\n\nMIT'],
    ['Project\n=======\n\nLicense\n-------\n\nMIT licensed\n\nNext\n----\nx', 'MIT licensed'],
    ['Licence\n=======\nMIT\nA\n---\nb\nOther\n=====\nc', 'MIT\nA\n---\nb'],
    ['Licence\r\n=======\r\nMIT\r\n', 'MIT'],
    ['## Licensing\nMIT', 'MIT'],
    ['## Copyright and licence\nOGL', 'OGL'],
    ['## Licences\nX', 'X'],
    ['## License of x\nX', 'X'],
    ['   \n-----\n## Licence\nok', 'ok'],
  ])('%j → %j', (readme, section) => {
    expect(readmeLicenceSection(readme)).toBe(section);
  });

  it.each(['## Licensed\nX', '## Licenser\nno', '## Licence\n\n## Next', '#License\nX', 'x\n\n---\nLicense'])(
    '%j has none',
    (readme) => {
      expect(readmeLicenceSection(readme)).toBeUndefined();
    },
  );
});

describe('repositoryLicence', () => {
  it('offers LICENSE and LICENSE-APACHE as a choice, LICENSE first', () => {
    expect(found({ LICENSE: MIT, 'LICENSE-APACHE': APACHE })).toEqual({
      spdx: 'MIT OR Apache-2.0',
      confidence: 100,
      files: [
        { path: 'LICENSE', kind: 'licence', spdx: 'MIT' },
        { path: 'LICENSE-APACHE', kind: 'licence', spdx: 'Apache-2.0' },
      ],
      licences: ['MIT', 'Apache-2.0'],
    });
  });

  it('orders LICENSE and LICENCE, then COPYING, then UNLICENSE, plain names before suffixed ones', () => {
    const r = found({
      COPYING: text('GPL-3.0-only'),
      'LICENSE.md': MIT,
      UNLICENSE: text('Unlicense'),
      'license.txt': text('ISC'),
      'LICENSE-X': text('X11'),
      'LICENCE.markdown': text('0BSD'),
      'COPYING-X': text('Zlib'),
    });
    expect(r.files.map((f) => f.path)).toEqual([
      'LICENCE.markdown',
      'LICENSE.md',
      'license.txt',
      'LICENSE-X',
      'COPYING',
      'COPYING-X',
      'UNLICENSE',
    ]);
    expect(r.spdx).toBe('0BSD OR MIT OR ISC OR X11 OR GPL-3.0-only OR Zlib OR Unlicense');
  });

  it.each([
    [{ LICENSE: MIT, 'LICENCE-docs': text('OGL-UK-3.0') }, 'MIT AND OGL-UK-3.0'],
    [{ LICENSE: MIT, 'LICENCE.content.md': text('OGL-UK-3.0') }, 'MIT AND OGL-UK-3.0'],
    [{ 'COPYING.third-party': text('ISC'), COPYING: MIT }, 'MIT AND ISC'],
    [{ 'LICENSES/MIT.txt': MIT, 'LICENSES/CC0-1.0.txt': text('CC0-1.0') }, 'CC0-1.0 AND MIT'],
    [{ LICENSE: MIT, 'LICENSE-docsy': APACHE }, 'MIT OR Apache-2.0'],
  ])('scopes a documentation, content or third-party file, and REUSE files, as AND: %#', (files, spdx) => {
    expect(found(files).spdx).toBe(spdx);
  });

  it('brackets a file that is itself a choice', () => {
    expect(
      found({
        LICENSE: `Licensed under either of these.\n\n${MIT}\n\n${APACHE}`,
        'LICENSE-docs': text('OGL-UK-3.0'),
      }).spdx,
    ).toBe('(Apache-2.0 OR MIT) AND OGL-UK-3.0');
  });

  it('reads COPYING and COPYING.LESSER as the LGPL-3.0, not both GPL and LGPL', () => {
    expect(found({ COPYING: text('GPL-3.0-only'), 'COPYING.LESSER': text('LGPL-3.0-only') })).toMatchObject({
      spdx: 'LGPL-3.0-only',
      licences: ['LGPL-3.0-only'],
    });
    expect(
      found({ COPYING: text('GPL-3.0-only'), 'COPYING.LESSER': text('LGPL-3.0-only'), 'LICENSE-MIT': MIT })
        .spdx,
    ).toBe('MIT OR GPL-3.0-only OR LGPL-3.0-only');
    expect(found({ LICENSE: MIT, 'COPYING.LESSER': text('LGPL-3.0-only') }).spdx).toBe(
      'MIT OR LGPL-3.0-only',
    );
  });

  it('takes the combination a file names, with the lowest confidence', () => {
    expect(
      found({
        LICENSE: 'MIT OR Apache-2.0, see LICENSE-MIT and LICENSE-APACHE',
        'LICENSE-MIT': MIT,
        'LICENSE-APACHE': APACHE,
      }),
    ).toMatchObject({ spdx: 'MIT OR Apache-2.0', confidence: 50 });
    expect(
      found({ LICENSE: 'MIT OR Apache-2.0, see LICENSE-MIT and LICENSE-APACHE', 'LICENSE-MIT': MIT }).spdx,
    ).toBe('MIT OR Apache-2.0');
    expect(
      found({ LICENSE: 'MIT OR ISC, see the files', 'LICENSE-MIT': MIT, 'LICENSE-APACHE': APACHE }).spdx,
    ).toBe('(MIT OR ISC) OR Apache-2.0 OR MIT');
  });

  it('one expression read from several files is that expression', () => {
    expect(found({ LICENSE: MIT, 'LICENSE.md': MIT })).toMatchObject({
      spdx: 'MIT',
      licences: ['MIT', 'MIT'],
    });
  });

  it('reads a PATENTS file that grants patent rights as a modification of the licence', () => {
    const patents =
      'Additional Grant of Patent Rights\n\nFacebook hereby grants you a patent license, which terminates if you sue.';
    expect(found({ LICENSE: text('BSD-3-Clause'), PATENTS: patents })).toEqual({
      spdx: undefined,
      confidence: undefined,
      files: [{ path: 'LICENSE', kind: 'licence', spdx: 'BSD-3-Clause' }],
      licences: [],
      modified: { path: 'LICENSE', closest: 'BSD-3-Clause', patents: 'PATENTS' },
    });
    const r = repositoryLicence(memorySnapshot({ files: { LICENSE: MIT, 'PATENTS.md': patents } }));
    expect(r.modified?.added).toEqual([patents.replace(/\s+/g, ' ')]);
    const long = `grant patent ${'word '.repeat(60)}`;
    const cut = repositoryLicence(memorySnapshot({ files: { LICENSE: MIT, 'patents.txt': long } }));
    expect(cut.modified?.added).toEqual([`grant patent ${'word '.repeat(38).trim()}`]);
  });

  it.each<Record<string, string>>([
    { LICENSE: text('BSD-3-Clause'), PATENTS: 'Nothing about it' },
    { LICENSE: text('BSD-3-Clause'), PATENTS: 'We grant nothing more' },
    { LICENSE: text('BSD-3-Clause'), PATENTS: 'No patent is licensed' },
    { LICENSE: MIT, 'LICENSE-APACHE': APACHE, PATENTS: 'grants a patent licence' },
    { LICENSE: text('BSD-3-Clause'), 'PATENTS.rst': 'grants a patent licence' },
  ])('a PATENTS file that grants no patent rights, or beside two licences, changes nothing: %#', (files) => {
    expect(found(files).modified).toBeUndefined();
  });

  it("reads the README's licence section when no licence file names a licence", () => {
    const readme = '# X\n\n## Licence\n\nThis project is released under the MIT License.\n';
    expect(found({ 'README.md': readme })).toEqual({
      spdx: 'MIT',
      confidence: 40,
      files: [{ path: 'README.md', kind: 'licence', spdx: 'MIT', readmeSection: true }],
      licences: ['MIT'],
    });
    expect(found({ 'README.md': readme, 'readme.markdown': 'nothing', LICENSE: 'TBC' }).files).toEqual([
      { path: 'LICENSE', kind: 'unrecognised' },
      { path: 'README.md', kind: 'licence', spdx: 'MIT', readmeSection: true },
    ]);
    expect(found({ 'README.md': '# X\n\n## Licence\n\nTBC\n' }).files).toEqual([]);
    expect(found({ 'README.md': '# X\n\nNo section' }).files).toEqual([]);
    expect(found({ 'README.md': readme, LICENSE: MIT }).files).toEqual([
      { path: 'LICENSE', kind: 'licence', spdx: 'MIT' },
    ]);
  });

  it('reads the shortest README name, and takes a modified licence from it', () => {
    const readme = '# X\n\n## Licence\n\nThis project is released under the MIT License.\n';
    expect(found({ 'README.md': readme, 'README.markdown': '# X' }).spdx).toBe('MIT');
    const modified = APACHE.replace(
      'You may add Your own copyright statement',
      '(e) If the Derivative Work includes substantial changes to features or functionality of the Work, then You must remove the name of the Work from all copies that You distribute.\n\nYou may add Your own copyright statement',
    );
    expect(found({ 'README.md': `# X\n\n## Licence\n\n${modified}` })).toMatchObject({
      files: [{ path: 'README.md', kind: 'modified', readmeSection: true }],
      modified: { path: 'README.md', closest: 'Apache-2.0' },
    });
  });

  it('does not read the README when a licence file could not be read', () => {
    expect(
      found(
        { 'README.md': '# X\n\n## Licence\n\nThis project is released under the MIT License.\n' },
        { LICENSE: { reason: 'too-large', size: 10 } },
      ),
    ).toEqual({
      spdx: undefined,
      confidence: undefined,
      files: [{ path: 'LICENSE', skipped: 'too-large' }],
      licences: [],
    });
  });

  it("reads R's CRAN template licence from DESCRIPTION, for the file it names", () => {
    const template = 'YEAR: 2024\nCOPYRIGHT HOLDER: Crown';
    const r = repositoryLicence(
      memorySnapshot({
        files: { LICENSE: template, DESCRIPTION: 'Package: x\nLicense: MIT + file LICENSE\n' },
      }),
    );
    expect(r.files[0]?.identification).toEqual({
      kind: 'licence',
      spdx: 'MIT',
      confidence: 60,
      method: 'cran-template',
      licences: [{ spdx: 'MIT', confidence: 60, equivalents: [] }],
      note: 'DESCRIPTION declares "MIT + file LICENSE": LICENSE holds the year and copyright holder that CRAN\'s template licence needs.',
    });
    expect(found({ LICENSE: template, DESCRIPTION: 'License: GPL-3\n' }).spdx).toBeUndefined();
    expect(
      found({ 'LICENSE.md': template, DESCRIPTION: 'License: MIT + file LICENSE\n' }).spdx,
    ).toBeUndefined();
    expect(
      found({ LICENSE: template, DESCRIPTION: 'License: Nonsense + file LICENSE\n' }).spdx,
    ).toBeUndefined();
    expect(found({ LICENSE: template }).spdx).toBeUndefined();
    expect(
      found({ LICENSE: `Intro\n${template}`, DESCRIPTION: 'License: MIT + file LICENSE\n' }).spdx,
    ).toBeUndefined();
  });

  it('names the manifest that declares what a licence file only names', () => {
    expect(
      found({ LICENSE: 'SPDX-License-Identifier: MIT', 'package.json': '{"license":"MIT"}' }).files,
    ).toEqual([{ path: 'LICENSE', kind: 'licence', spdx: 'MIT', declaredIn: 'package.json' }]);
    expect(
      found({ LICENSE: 'SPDX-License-Identifier: MIT', 'package.json': '{"license":"ISC"}' }).files,
    ).toEqual([{ path: 'LICENSE', kind: 'licence', spdx: 'MIT' }]);
    expect(found({ LICENSE: MIT, 'package.json': '{"license":"MIT"}' }).files).toEqual([
      { path: 'LICENSE', kind: 'licence', spdx: 'MIT' },
    ]);
  });

  it('reads an HTML licence page as text', () => {
    expect(
      found({ 'LICENSE.html': `<html><head><title>x</title></head><body><pre>${MIT}</pre></body></html>` })
        .spdx,
    ).toBe('MIT');
  });
});

describe('declaredLicences', () => {
  const declared = (files: Record<string, string>) => declaredLicences(memorySnapshot({ files }));

  it('reads sushi-config, publiccode, package.json and DESCRIPTION, in that order', () => {
    expect(
      declared({
        'sushi-config.yaml': 'license: CC0-1.0\n',
        'publiccode.yml': 'legal:\n  license: EUPL-1.2\n',
        'package.json': '{"license":"MIT"}',
        DESCRIPTION: 'Package: x\nLicense: GPL-3\n',
      }),
    ).toEqual([
      { path: 'sushi-config.yaml', expression: 'CC0-1.0', licences: ['CC0-1.0'] },
      { path: 'publiccode.yml', expression: 'EUPL-1.2', licences: ['EUPL-1.2'] },
      { path: 'package.json', expression: 'MIT', licences: ['MIT'] },
      { path: 'DESCRIPTION', expression: 'GPL-3.0-only', licences: ['GPL-3.0-only'] },
    ]);
    expect(declared({ 'sushi-config.yml': 'license: MIT\n', 'publiccode.yaml': 'license: ISC\n' })).toEqual([
      { path: 'sushi-config.yml', expression: 'MIT', licences: ['MIT'] },
      { path: 'publiccode.yaml', expression: 'ISC', licences: ['ISC'] },
    ]);
  });

  it.each<Record<string, string>>([
    { 'sushi-config.yml': 'license: [\n' },
    { 'sushi-config.yaml': 'a: &x 1\nb: *x\nlicense: MIT\n' },
    { 'publiccode.yaml': 'license: 3\n' },
    { 'publiccode.yml': 'legal:\n  license: [a]\n' },
    { 'publiccode.yml': '' },
    { 'package.json': '{bad' },
    { 'package.json': '{"license":"SEE LICENSE IN x"}' },
    { DESCRIPTION: 'Nothing\n' },
    { 'ig.ini': '[IG]\nig = input/ig.xml\n', 'input/ig.xml': '<ImplementationGuide/>' },
    { 'ig.ini': '[IG]\nig = input/ig.json\n', 'input/ig.json': '{bad' },
    { 'ig.ini': '[IG]\nig = input/ig.json\n', 'input/ig.json': '{"license":3}' },
    { 'ig.ini': '[IG]\nig = input/missing.json\n' },
    { 'ig.ini': '[IG]\nother = x\n', x: '{"license":"MIT"}' },
  ])('declares nothing: %j', (files) => {
    expect(declared(files)).toEqual([]);
  });

  it('reads the ImplementationGuide that ig.ini names, in JSON or XML', () => {
    expect(
      declared({
        'ig.ini': '[IG]\nig = ./input/ImplementationGuide-x.json\n',
        'input/ImplementationGuide-x.json': '{"license":"CC0-1.0"}',
      }),
    ).toEqual([{ path: 'input/ImplementationGuide-x.json', expression: 'CC0-1.0', licences: ['CC0-1.0'] }]);
    expect(
      declared({
        'ig.ini': '[IG]\n  ig =  input/ig.XML  \n',
        'input/ig.XML': '<ImplementationGuide><license  value = "CC-BY-4.0"/></ImplementationGuide>',
      }),
    ).toEqual([{ path: 'input/ig.XML', expression: 'CC-BY-4.0', licences: ['CC-BY-4.0'] }]);
  });
});

describe('governingLicence', () => {
  const snapshot = memorySnapshot({
    files: {
      LICENSE: MIT,
      'packages/a/LICENSE': APACHE,
      'packages/a/sub/x.js': '',
      'packages/b/x.js': '',
      'packages/c/LICENSE': 'TBC',
      'packages/c/COPYING': text('ISC'),
    },
  });

  it.each([
    ['', { path: 'LICENSE', spdx: 'MIT', licences: ['MIT'] }],
    ['packages/a', { path: 'packages/a/LICENSE', spdx: 'Apache-2.0', licences: ['Apache-2.0'] }],
    ['packages/a/sub', { path: 'packages/a/LICENSE', spdx: 'Apache-2.0', licences: ['Apache-2.0'] }],
    ['packages/b', { path: 'LICENSE', spdx: 'MIT', licences: ['MIT'] }],
    ['packages/c', { path: 'packages/c/COPYING', spdx: 'ISC', licences: ['ISC'] }],
    ['other/deep', { path: 'LICENSE', spdx: 'MIT', licences: ['MIT'] }],
  ])('%j is governed by %j', (dir, governing) => {
    expect(governingLicence(snapshot, dir)).toEqual(governing);
    expect(governingLicence(snapshot, dir)).toEqual(governing);
  });

  it('is undefined without a licence file', () => {
    const bare = memorySnapshot({ files: { 'x/x.js': '' } });
    expect(governingLicence(bare, 'x')).toBeUndefined();
    expect(governingLicence(bare, 'x')).toBeUndefined();
    expect(governingLicence(bare, '')).toBeUndefined();
  });
});
