import spdxFull from 'spdx-license-list/full.js';
import { describe, expect, it } from 'vitest';
import { expectFindings, runCheck } from '../test/support/check-harness.js';
import licenceFile from './licence-file.js';
import licenceOsiApproved from './licence-osi-approved.js';

/**
 * Licence evidence as real repositories hold it, beyond one standard text in LICENSE: modified
 * licences, LGPL-3.0 as two files, REUSE's LICENSES/, README sections, HTML pages, CC0 statements,
 * R's template licences and build-plugin header templates. Each text is written the way such files
 * are found in public-sector and health repositories.
 */

const text = (id: string): string => (spdxFull[id] as { licenseText: string }).licenseText;
const MIT = `MIT License\n\nCopyright (c) 2023 Crown Copyright (NHS England)\n\n${text('MIT').split('\n').slice(3).join('\n')}`;
const MPL = text('MPL-2.0');
const APACHE = text('Apache-2.0');

describe('modified licences are not reported as the standard licence', () => {
  it('warns on an MPL-2.0 with an added commercial-attribution clause, naming MPL-2.0 as closest and quoting the clause', async () => {
    const modified = MPL.replace(
      '3.5. Application of Additional Terms',
      '3.4a. Attribution\n\nNotwithstanding Section 2.1, any commercial use of the Covered Software, including the sale of a product that contains it, requires prominent attribution to the Northwind Health Foundation in the user interface of that product.\n\n3.5. Application of Additional Terms',
    );
    const findings = await runCheck(licenceFile, { files: { LICENSE: modified } });

    const [found] = expectFindings(findings, [
      {
        status: 'warn',
        messageId: 'modified',
        path: 'LICENSE',
        evidence: { spdx: null, modified: true, closest: 'MPL-2.0' },
      },
    ]);
    expect(found?.data?.changes).toMatch(/^it adds "[^"]*notwithstanding section 2 1 any commercial use/);
    expect((found?.evidence as { added: string[] }).added.join(' ')).toContain('northwind health foundation');
  });

  it("warns on an Apache-2.0 with a clause added to section 4 (wrk's modified Apache)", async () => {
    const modified = APACHE.replace(
      'You may add Your own copyright statement',
      '(e) If the Derivative Work includes substantial changes to features or functionality of the Work, then You must remove the name of the Work from all copies that You distribute.\n\nYou may add Your own copyright statement',
    );
    expectFindings(await runCheck(licenceFile, { files: { 'LICENSE.txt': modified } }), [
      { status: 'warn', messageId: 'modified', path: 'LICENSE.txt', evidence: { closest: 'Apache-2.0' } },
    ]);
  });

  it('warns on an Apache-2.0 with its patent grant (section 3) taken out, quoting what is missing', async () => {
    const cut = APACHE.replace(/3\.\s+Grant of Patent License\.[\s\S]*?(?=4\.\s+Redistribution\.)/, '');
    const [found] = expectFindings(await runCheck(licenceFile, { files: { LICENCE: cut } }), [
      { status: 'warn', messageId: 'modified', path: 'LICENCE', evidence: { closest: 'Apache-2.0' } },
    ]);
    expect(found?.data?.changes).toMatch(/^it leaves out "[^"]*patent license/);
  });

  it('identifies MIT without its notice-retention condition as MIT-0, a standard licence of its own', async () => {
    const cut = MIT.replace(
      /The\s+above\s+copyright\s+notice\s+and\s+this\s+permission\s+notice\s+shall\s+be\s+included\s+in\s+all\s+copies\s+or\s+substantial\s+portions\s+of\s+the\s+Software\.\s*/,
      '',
    );
    expectFindings(await runCheck(licenceFile, { files: { LICENCE: cut } }), [
      { status: 'pass', messageId: 'identified', evidence: { spdx: 'MIT-0' } },
    ]);
  });

  it('warns on an MPL-2.0 with a healthcare disclaimer added, and licence-osi-approved does not call it approved', async () => {
    const withDisclaimer = `${MPL}\n\n10.5. Healthcare Disclaimer\n\nIn the United States or any other jurisdictions where they may apply, the following additional disclaimer of warranty and limitation of liability are hereby incorporated into the terms and conditions of MPL 2.0: No warranties of any kind whatsoever are made as to the results that You will obtain from relying upon the covered code (or any information or content obtained by way of the covered code), including but not limited to compliance with privacy laws or regulations or clinical care industry standards and protocols.\n\nExhibit A - Source Code Form License Notice\n\nThis Source Code Form is subject to the terms of the Mozilla Public License, v. 2.0.`;
    const snapshot = { files: { LICENSE: withDisclaimer, 'src/index.ts': 'export {};\n' } };

    expectFindings(await runCheck(licenceFile, snapshot), [
      { status: 'warn', messageId: 'modified', evidence: { closest: 'MPL-2.0' } },
    ]);
    expectFindings(await runCheck(licenceOsiApproved, snapshot), [
      {
        status: 'warn',
        messageId: 'modified',
        path: 'LICENSE',
        evidence: { closest: 'MPL-2.0', closestOsiApproved: true },
      },
    ]);
  });

  it('reports BSD-3-Clause with a PATENTS grant beside it as a modified BSD-3-Clause (BSD+Patents)', async () => {
    const bsd = text('BSD-3-Clause').replace('<year> <owner>', '2016-present, Example Health Ltd');
    const patents =
      'Additional Grant of Patent Rights Version 2\n\n"Software" means the software distributed by Example Health Ltd.\n\nExample Health Ltd hereby grants to each recipient of the Software a perpetual, worldwide, royalty-free, non-exclusive, irrevocable (subject to the termination provision below) license under any Necessary Claims, to make, have made, use, sell, offer to sell, import, and otherwise transfer the Software. The license granted hereunder will terminate, automatically and without notice, if you initiate directly or indirectly any Patent Assertion against Example Health Ltd.\n';
    const snapshot = { files: { LICENSE: bsd, PATENTS: patents } };

    expectFindings(await runCheck(licenceFile, snapshot), [
      {
        status: 'warn',
        messageId: 'modifiedByPatents',
        path: 'PATENTS',
        evidence: { closest: 'BSD-3-Clause', patents: 'PATENTS', modified: true },
      },
    ]);
    expectFindings(await runCheck(licenceOsiApproved, snapshot), [
      { status: 'warn', messageId: 'modified', path: 'PATENTS', evidence: { closest: 'BSD-3-Clause' } },
    ]);
  });

  it('still identifies an unmodified Creative Commons licence without CC’s own notices before and after it', async () => {
    const full = text('CC-BY-NC-SA-4.0');
    const start = full.indexOf(
      'Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International Public License',
    );
    const end = full.indexOf('Creative Commons is not a party to its public licenses');
    const bare = full.slice(start, end > 0 ? end : undefined);

    expectFindings(await runCheck(licenceFile, { files: { 'LICENSE.CCBYNCSA.txt': bare } }), [
      { status: 'pass', messageId: 'identified', evidence: { spdx: 'CC-BY-NC-SA-4.0' } },
    ]);
  });
});

describe('licence evidence beside or instead of LICENSE', () => {
  it('reads GPL-3.0 in COPYING with the LGPL additional permissions in COPYING.LESSER as LGPL-3.0', async () => {
    const lgpl = text('LGPL-3.0-only');
    const lesser = lgpl.slice(0, lgpl.indexOf('GNU GENERAL PUBLIC LICENSE'));
    const findings = await runCheck(licenceFile, {
      files: { COPYING: text('GPL-3.0-only'), 'COPYING.LESSER': lesser },
    });

    expectFindings(findings, [
      { status: 'pass', messageId: 'identified', path: 'COPYING', evidence: { spdx: 'GPL-3.0-only' } },
      {
        status: 'pass',
        messageId: 'identified',
        path: 'COPYING.LESSER',
        evidence: { spdx: 'LGPL-3.0-only' },
      },
      { status: 'pass', messageId: 'combined', evidence: { spdx: 'LGPL-3.0-only' } },
    ]);
  });

  it("reads REUSE's LICENSES/ directory when there is no root LICENSE: each licence applies to its own files", async () => {
    const findings = await runCheck(licenceFile, {
      files: {
        'LICENSES/MIT.txt': MIT,
        'LICENSES/CC-BY-4.0.txt': text('CC-BY-4.0'),
        'REUSE.toml': 'version = 1\n',
      },
    });

    expectFindings(findings, [
      { status: 'pass', messageId: 'identified', path: 'LICENSES/MIT.txt', evidence: { spdx: 'MIT' } },
      {
        status: 'pass',
        messageId: 'identified',
        path: 'LICENSES/CC-BY-4.0.txt',
        evidence: { spdx: 'CC-BY-4.0' },
      },
      { status: 'pass', messageId: 'combined', evidence: { spdx: 'CC-BY-4.0 AND MIT' } },
    ]);
  });

  it("uses a README's licence section when there is no licence file, and asks for one", async () => {
    const readme =
      '# Appointment booking service\n\nBook vaccinations online.\n\n## Running locally\n\n`npm start`\n\n## Licence\n\nThe codebase is released under the MIT License. This covers both the codebase and any sample code in the documentation.\n\nThe documentation is © Crown copyright and available under the terms of the Open Government 3.0 licence.\n\n## Contact\n\nteam@example.nhs.uk\n';

    const [found] = expectFindings(await runCheck(licenceFile, { files: { 'README.md': readme } }), [
      {
        status: 'warn',
        messageId: 'readmeSection',
        path: 'README.md',
        evidence: { spdx: 'MIT AND OGL-UK-3.0', readmeSection: true },
      },
    ]);
    expect(found?.data?.how).toBe('by name only');
  });

  it('identifies the full MIT text in a README licence section', async () => {
    const readme = `# Plot the dots\n\n## License\n\n${MIT}\n`;
    expectFindings(await runCheck(licenceFile, { files: { 'README.md': readme } }), [
      { status: 'warn', messageId: 'readmeSection', evidence: { spdx: 'MIT', method: 'full-text' } },
    ]);
  });

  it('identifies a licence published as an HTML page (license.html)', async () => {
    const body = text('EPL-2.0')
      .split(/\n\s*\n/)
      .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}</p>`)
      .join('\n');
    const html = `<!DOCTYPE html>\n<html><head><title>Eclipse Public License 2.0</title><style>p { margin: 0 }</style></head>\n<body>\n<h1>Eclipse Public License - v 2.0</h1>\n${body}\n</body></html>\n`;

    expectFindings(await runCheck(licenceFile, { files: { 'license.html': html } }), [
      { status: 'pass', messageId: 'identified', path: 'license.html', evidence: { spdx: 'EPL-2.0' } },
    ]);
  });

  it('reads a short "No Rights Reserved" (CC0) statement, backed by sushi-config.yaml, as CC0-1.0 with low confidence', async () => {
    const statement =
      'Copyright (c) 2017, HL7\n\nThis document is licensed under the terms of HL7\'s FHIR license.\nhttp://hl7.org/fhir/license.html\n\nCreative Commons "No Rights Reserved" (CC0)';
    const [found] = expectFindings(
      await runCheck(licenceFile, {
        files: {
          LICENSE: statement,
          'sushi-config.yaml':
            'id: hl7.fhir.uv.example\ncanonical: http://hl7.org/fhir/uv/example\nlicense: CC0-1.0\n',
        },
      }),
      [
        {
          status: 'warn',
          messageId: 'identifierOnly',
          path: 'LICENSE',
          evidence: { spdx: 'CC0-1.0', declaredIn: 'sushi-config.yaml' },
        },
      ],
    );
    expect(found?.evidence?.confidence).toBeLessThan(50);
    expect(found?.data?.declared).toBe('; sushi-config.yaml declares it too');
  });

  it('reads a public-domain waiver "through the CC0 1.0 Universal public domain dedication" as CC0-1.0', async () => {
    const waiver =
      '## Public domain\n\nThis project is in the public domain within the United States, and copyright and related rights in the work worldwide are waived through the [CC0 1.0 Universal public domain dedication](https://creativecommons.org/publicdomain/zero/1.0/).\n';
    expectFindings(await runCheck(licenceFile, { files: { 'LICENSE.md': waiver } }), [
      { status: 'warn', messageId: 'identifierOnly', evidence: { spdx: 'CC0-1.0' } },
    ]);
  });

  it('passes R\'s "MIT + file LICENSE": DESCRIPTION names MIT and LICENSE holds the year and holder', async () => {
    expectFindings(
      await runCheck(licenceFile, {
        files: {
          LICENSE: 'YEAR: 2021\nCOPYRIGHT HOLDER: NHS-R Community\n',
          DESCRIPTION:
            'Package: plotthedots\nTitle: Statistical process control charts\nLicense: MIT + file LICENSE\n',
        },
      }),
      [{ status: 'pass', messageId: 'cranTemplate', path: 'LICENSE', evidence: { spdx: 'MIT' } }],
    );
  });

  it('fails a COPYING file that holds only a copyright line: it grants nothing', async () => {
    expectFindings(
      await runCheck(licenceFile, {
        files: { COPYING: 'Copyright © 2013–2016 by Peder Ås and Seán Ó Rudaí\n' },
      }),
      [{ status: 'fail', messageId: 'copyrightOnly', path: 'COPYING' }],
    );
  });

  it('does not take license-header.txt or LICENSE.header, templates for source headers, for licence files', async () => {
    const header =
      'This Source Code Form is subject to the terms of the Mozilla Public License,\nv. 2.0. If a copy of the MPL was not distributed with this file, You can\nobtain one at https://mozilla.org/MPL/2.0/.\n\nCopyright (C) ${year} Example Health. All Rights Reserved.\n';
    expectFindings(
      await runCheck(licenceFile, {
        files: { LICENSE: MPL, 'license-header.txt': header, 'LICENSE.header': header },
      }),
      [{ status: 'pass', messageId: 'identified', path: 'LICENSE', evidence: { spdx: 'MPL-2.0' } }],
    );
  });
});
