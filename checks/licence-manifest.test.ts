import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { FIXTURES, expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import licenceManifest from './licence-manifest.js';

const MIT = `MIT License

Copyright (c) 2024 Crown Copyright (Cabinet Office)

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
`;

const withMit = (files: Record<string, string>) =>
  runCheck(licenceManifest, { files: { LICENSE: MIT, ...files } });

describe('licence-manifest', () => {
  // Test harnesses and example apps keep npm init's ISC, UNLICENSED or no field at all; nobody reuses them.
  it('does not judge the licence fields of test-harness, fixture and example manifests', async () => {
    const findings = await withMit({
      'package.json': '{\n  "name": "prescriptions",\n  "license": "MIT"\n}\n',
      'packages/bdd-tests/package.json': '{\n  "name": "bdd-tests",\n  "license": "ISC"\n}\n',
      'e2e/package.json': '{\n  "name": "e2e",\n  "license": "UNLICENSED"\n}\n',
      'cypress/fixtures/plugins/plugin-foo/package.json':
        '{\n  "name": "plugin-foo",\n  "version": "1.0.0"\n}\n',
      'docs/examples/nodejs/package.json': '{\n  "name": "example"\n}\n',
      'tests_cypress/package.json': '{\n  "name": "notify-cypress",\n  "version": "1.0.0"\n}\n',
      'sandbox/package.json': '{\n  "name": "hof-sandbox",\n  "version": "1.0.0"\n}\n',
    });

    expectFindings(findings, [
      { status: 'pass', messageId: 'consistent', path: 'package.json' },
      { status: 'info', messageId: 'testHarness', path: 'packages/bdd-tests/package.json' },
      { status: 'info', messageId: 'testHarness', path: 'e2e/package.json' },
      { status: 'info', messageId: 'testHarness', path: 'cypress/fixtures/plugins/plugin-foo/package.json' },
      { status: 'info', messageId: 'testHarness', path: 'docs/examples/nodejs/package.json' },
      { status: 'info', messageId: 'testHarness', path: 'tests_cypress/package.json' },
      { status: 'info', messageId: 'testHarness', path: 'sandbox/package.json' },
    ]);
  });

  it('fails package.json "ISC" while LICENSE is MIT, pointing at the manifest line', async () => {
    expectFindings(await runOnFixture(licenceManifest, 'manifest-licence-mismatch'), [
      {
        status: 'fail',
        messageId: 'mismatch',
        path: 'package.json',
        startLine: 5,
        data: { declared: 'ISC', spdx: 'MIT', licencePath: 'LICENSE' },
      },
    ]);
  });

  it('checks every manifest of a monorepo against the licence file that governs its directory', async () => {
    const findings = await runOnFixture(licenceManifest, 'manifest-licence-monorepo');

    expectFindings(findings, [
      ...[
        'packages/web/package.json',
        'python/pyproject.toml',
        'java/pom.xml',
        'r/DESCRIPTION',
        'ruby/nhs.gemspec',
        'php/composer.json',
      ].map((path) => ({ status: 'pass' as const, messageId: 'consistent', path })),
      {
        status: 'pass',
        messageId: 'consistent',
        path: 'docs-site/package.json',
        data: { licencePath: 'docs-site/LICENCE' },
      },
      { status: 'warn', messageId: 'unlicensedPrivate', path: 'packages/app/package.json' },
      { status: 'fail', messageId: 'mismatch', path: 'crates/core/Cargo.toml', startLine: 4 },
    ]);
  });

  it('accepts a declared choice that the licence files offer', async () => {
    expectFindings(await runOnFixture(licenceManifest, 'licence-dual-files'), [
      { status: 'pass', messageId: 'consistent', path: 'Cargo.toml' },
    ]);
  });

  it.each([
    ['package.json', '{\n  "name": "a",\n  "license": "MIT-ish"\n}\n', 'fail', 'invalid'],
    ['package.json', '{\n  "name": "a",\n  "license": "MIT License"\n}\n', 'warn', 'notSpdx'],
    ['package.json', '{\n  "name": "a",\n  "license": "UNLICENSED"\n}\n', 'fail', 'unlicensed'],
    ['package.json', '{\n  "name": "a",\n  "license": "SEE LICENSE IN LICENSE"\n}\n', 'pass', 'pointsToFile'],
    [
      'package.json',
      '{\n  "name": "a",\n  "license": "SEE LICENSE IN LICENCE.txt"\n}\n',
      'fail',
      'fileMissing',
    ],
    ['package.json', '{\n  "name": "a",\n  "version": "1.0.0"\n}\n', 'warn', 'missingField'],
    [
      'setup.py',
      'from setuptools import setup\nsetup(name="a", license="Some Custom Terms")\n',
      'warn',
      'unknownName',
    ],
    [
      'pom.xml',
      '<project><artifactId>a</artifactId><licenses><license><name>The MIT License</name></license></licenses></project>',
      'pass',
      'consistent',
    ],
    [
      'Cargo.toml',
      '[package]\nname = "a"\nversion = "0.1.0"\nlicense-file = "LICENSE"\n',
      'pass',
      'pointsToFile',
    ],
  ] as const)('reads %s %j as %s %s', async (path, text, status, messageId) => {
    expectFindings(await withMit({ [path]: text }), [{ status, messageId, path }]);
  });

  it('follows a pointer from a monorepo package to the root licence file', async () => {
    const path = 'packages/web/package.json';
    const pointing = (file: string) =>
      withMit({ [path]: `{\n  "name": "web",\n  "license": "SEE LICENSE IN ${file}"\n}\n` });

    expectFindings(await pointing('../../LICENSE'), [{ status: 'pass', messageId: 'pointsToFile', path }]);
    expectFindings(await pointing('./LICENSE'), [{ status: 'fail', messageId: 'fileMissing', path }]);
  });

  it('skips private packages without a licence field and manifests that have no licence concept', async () => {
    const findings = await withMit({
      'package.json': '{ "name": "app", "private": true }',
      'requirements.txt': 'flask==3.0.0\n',
    });

    expectFindings(findings, [{ status: 'info', messageId: 'noManifests', path: null }]);
  });

  it('compares without a licence file only for validity', async () => {
    const findings = await runCheck(licenceManifest, {
      files: { 'package.json': '{ "name": "a", "license": "MIT" }' },
    });

    expectFindings(findings, [{ status: 'info', messageId: 'noLicenceFile', path: 'package.json' }]);
  });

  // Old pom.xml files name "The Apache Software License" and R packages "GPL": the family, not the licence.
  it('says when a manifest names a licence family without its version, and which version the licence file has', async () => {
    const fixture = (repo: string, file: string): string =>
      readFileSync(path.join(FIXTURES, repo, file), 'utf8');
    const apache = await runCheck(licenceManifest, {
      files: {
        'LICENSE.txt': fixture('licence-apache-full', 'LICENSE.txt'),
        'pom.xml': `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>uk.nhs.example</groupId>
  <artifactId>fhir-validator</artifactId>
  <licenses>
    <license>
      <name>The Apache Software License</name>
      <distribution>repo</distribution>
    </license>
  </licenses>
</project>
`,
      },
    });
    expectFindings(apache, [
      {
        status: 'warn',
        messageId: 'noVersion',
        path: 'pom.xml',
        startLine: 8,
        data: { family: 'Apache', suggestion: '"Apache-2.0", the licence of LICENSE.txt' },
      },
    ]);

    const gpl = await runCheck(licenceManifest, {
      files: {
        COPYING: fixture('licence-copying-gpl-3', 'COPYING'),
        DESCRIPTION:
          'Package: spcplot\nTitle: Statistical Process Control Charts\nVersion: 0.3.1\nLicense: GPL\n',
        'web/package.json': '{\n  "name": "spcplot-web",\n  "version": "0.3.1",\n  "license": "GPL"\n}\n',
        'tools/setup.py':
          'from setuptools import setup\nsetup(name="spc-tools", version="0.3.1", license="BSD")\n',
      },
    });
    expectFindings(gpl, [
      {
        status: 'warn',
        messageId: 'noVersion',
        path: 'DESCRIPTION',
        startLine: 4,
        data: {
          family: 'GNU GPL',
          suggestion: '"GPL-3" (or "GPL (>= 3)" for any later version), the licence of COPYING',
        },
      },
      {
        status: 'fail',
        messageId: 'noVersion',
        path: 'web/package.json',
        startLine: 4,
        data: {
          suggestion: '"GPL-3.0-only" (or "GPL-3.0-or-later" for any later version), the licence of COPYING',
        },
      },
      {
        status: 'fail',
        messageId: 'mismatch',
        path: 'tools/setup.py',
        data: { declared: 'BSD', licencePath: 'COPYING' },
      },
    ]);

    const alone = await runCheck(licenceManifest, {
      files: { 'package.json': '{\n  "name": "a",\n  "license": "MPL"\n}\n' },
    });
    expectFindings(alone, [
      {
        status: 'fail',
        messageId: 'noVersion',
        path: 'package.json',
        data: { suggestion: 'the SPDX id of the licence you mean (MPL-2.0, MPL-1.1 or MPL-1.0)' },
      },
    ]);
  });
});
