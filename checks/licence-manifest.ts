import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { comparableId, readDeclaredLicence } from './lib/licence/declared.js';
import { LICENCE_FILE_WANTS, governingLicence } from './lib/licence/detect.js';
import { isLicenceRef } from './lib/licence/expression.js';
import { MANIFEST_GLOBS, readManifests, type Manifest } from './lib/manifests.js';
import { isInTestOrExampleDirectory } from './lib/paths.js';
import { joinPosix } from './lib/specs/documents.js';

type MessageId =
  | 'consistent'
  | 'pointsToFile'
  | 'noLicenceFile'
  | 'mismatch'
  | 'notSpdx'
  | 'invalid'
  | 'unknownName'
  | 'noVersion'
  | 'unlicensed'
  | 'unlicensedPrivate'
  | 'fileMissing'
  | 'missingField'
  | 'testHarness'
  | 'noManifests';

/** Manifests whose licence field is an SPDX expression by the ecosystem's own rules. */
const SPDX_REQUIRED = new Set([
  'package.json',
  'Cargo.toml',
  'composer.json',
  'csproj',
  'nuspec',
  'pyproject.toml',
  'gemspec',
]);

/** Manifests of publishable packages, where a missing licence field leaves the package unlicensed on its registry. */
const PACKAGE_KINDS = new Set([
  'package.json',
  'Cargo.toml',
  'composer.json',
  'nuspec',
  'gemspec',
  'DESCRIPTION',
  'pyproject.toml',
  'setup.cfg',
  'setup.py',
]);

/** Licence files in package directories of a monorepo, besides the root ones. */
const NESTED_LICENCE_WANTS = LICENCE_FILE_WANTS.map((g) => `**/${g}`);

export default defineCheck({
  meta: {
    id: 'licence-manifest',
    criterion: 'tcop-3',
    level: 'standard',
    title: 'Package manifests declare the licence of the licence file',
    description:
      'Package registries and licence scanners read the licence field of a manifest, not the LICENSE file. Every manifest in the tree (package.json, pyproject.toml, setup.cfg, setup.py, Cargo.toml, pom.xml, *.csproj, *.nuspec, composer.json, *.gemspec, R DESCRIPTION) should declare a valid SPDX expression that agrees with the licence file governing its directory.',
    wants: [...MANIFEST_GLOBS, ...LICENCE_FILE_WANTS, ...NESTED_LICENCE_WANTS],
    messages: {
      consistent: '{{path}} declares {{declared}}, as {{licencePath}} does.',
      pointsToFile: '{{path}} points to the licence file {{file}}.',
      noLicenceFile:
        '{{path}} declares {{declared}}; there is no identified licence file to compare it with.',
      mismatch: '{{path}} declares {{declared}}, but {{licencePath}} is {{spdx}}.',
      notSpdx: '{{path}} declares "{{declared}}", which is not an SPDX expression; it means {{expression}}.',
      invalid: '{{path}} declares "{{declared}}", which is not a valid SPDX licence expression.',
      unknownName: '{{path}} declares "{{declared}}", which names no licence in the SPDX licence list.',
      noVersion:
        '{{path}} declares "{{declared}}", which names the {{family}} licences without saying which version: {{versions}} have different terms.',
      unlicensed: '{{path}} declares UNLICENSED: nobody may reuse the package.',
      unlicensedPrivate:
        '{{path}} declares UNLICENSED for a private package, while {{licencePath}} is {{spdx}}.',
      fileMissing: '{{path}} points to the licence file {{file}}, which does not exist.',
      missingField: '{{path}} declares no licence.',
      testHarness:
        '{{path}} belongs to a test, fixture or example directory: it is not published, so its licence field is not judged.',
      noManifests: 'No package manifest with a licence field.',
    },
    remediation: {
      mismatch:
        'Make {{path}} declare the licence of {{licencePath}} ({{spdx}}), or fix the licence file if the manifest is right.',
      notSpdx:
        'Write the licence in {{path}} as the SPDX expression {{expression}} (https://spdx.org/licenses/).',
      invalid:
        'Use an SPDX licence expression in {{path}}, such as "MIT" or "MIT OR Apache-2.0" (https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/).',
      unknownName:
        'Name the licence in {{path}} by its SPDX id or full SPDX name, such as "MIT" or "Apache License 2.0".',
      noVersion: 'Name the version in {{path}}: {{suggestion}}.',
      unlicensed: 'Declare the licence of the licence file (for example "MIT") in {{path}}.',
      unlicensedPrivate:
        'Declare "{{spdx}}" in {{path}} as well: "private" stops publishing, but UNLICENSED tells readers the code may not be reused.',
      fileMissing: 'Point {{path}} at an existing licence file, or declare the SPDX expression instead.',
      missingField:
        'Add the licence field to {{path}} with the SPDX expression of the licence file, for example "MIT".',
    },
    references: [
      {
        title: 'SPDX licence expressions',
        url: 'https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/',
      },
      {
        title: 'npm: package.json license',
        url: 'https://docs.npmjs.com/cli/v10/configuring-npm/package-json#license',
      },
      { title: 'PEP 639: licence metadata', url: 'https://peps.python.org/pep-0639/' },
      {
        title: 'Cargo: the license field',
        url: 'https://doc.rust-lang.org/cargo/reference/manifest.html#the-license-and-license-file-fields',
      },
      {
        title: 'The GDS Way: licensing',
        url: 'https://gds-way.digital.cabinet-office.gov.uk/manuals/licensing.html',
      },
    ],
  },
  run(snapshot) {
    const findings: CheckFinding<MessageId>[] = [];
    for (const manifest of readManifests(snapshot)) {
      const finding = judge(snapshot, manifest);
      if (finding) findings.push(finding);
    }
    return findings.length > 0 ? findings : [{ status: 'info', messageId: 'noManifests' }];
  },
});

function judge(
  snapshot: Parameters<typeof governingLicence>[0],
  manifest: Manifest,
): CheckFinding<MessageId> | undefined {
  const { path } = manifest;
  // Test harnesses, fixtures and examples are not packages anyone reuses; lockfiles sets them aside too.
  if (isInTestOrExampleDirectory(path))
    return { status: 'info', messageId: 'testHarness', data: { path }, location: { path } };
  if (!manifest.licence) {
    if (manifest.private || !PACKAGE_KINDS.has(manifest.kind)) return undefined;
    // A pyproject.toml or setup.cfg that only configures tools describes no package.
    if (manifest.name === undefined && manifest.kind !== 'package.json') return undefined;
    return { status: 'warn', messageId: 'missingField', data: { path }, location: { path } };
  }
  const { value: declared, line } = manifest.licence;
  const location = { path, startLine: line };
  const governing = governingLicence(snapshot, manifest.dir);
  const read = readDeclaredLicence(declared, manifest.kind);
  const evidence = {
    manifest: path,
    declared,
    licenceFile: governing?.path ?? null,
    spdx: governing?.spdx ?? null,
  };
  switch (read.kind) {
    case 'unlicensed':
      if (manifest.private && governing) {
        return {
          status: 'warn',
          messageId: 'unlicensedPrivate',
          data: { path, licencePath: governing.path, spdx: governing.spdx },
          location,
          evidence,
        };
      }
      return {
        status: manifest.private ? 'info' : 'fail',
        messageId: 'unlicensed',
        data: { path },
        location,
        evidence,
      };
    case 'file': {
      // Relative to the manifest: a monorepo package may point at the root's `../../LICENSE`.
      const file = joinPosix(manifest.dir, read.file);
      if (!snapshot.has(file))
        return { status: 'fail', messageId: 'fileMissing', data: { path, file }, location, evidence };
      return { status: 'pass', messageId: 'pointsToFile', data: { path, file }, location, evidence };
    }
    case 'noVersion': {
      const offered = governing?.licences.filter((id) => read.match.test(comparableId(id))) ?? [];
      if (governing && offered.length === 0)
        return {
          status: 'fail',
          messageId: 'mismatch',
          data: { path, declared, licencePath: governing.path, spdx: governing.spdx },
          location,
          evidence,
        };
      // The licence file tells the version the manifest leaves out.
      const suggestion = governing
        ? `${offered.map((id) => versioned(id, manifest.kind)).join(', or ')}, the licence of ${governing.path}`
        : `the SPDX id of the licence you mean (${read.versions})`;
      return {
        status: SPDX_REQUIRED.has(manifest.kind) ? 'fail' : 'warn',
        messageId: 'noVersion',
        data: { path, declared, family: read.family, versions: read.versions, suggestion },
        location,
        evidence,
      };
    }
    case 'unknown':
      return SPDX_REQUIRED.has(manifest.kind)
        ? { status: 'fail', messageId: 'invalid', data: { path, declared }, location, evidence }
        : { status: 'warn', messageId: 'unknownName', data: { path, declared }, location, evidence };
    case 'spdx':
    case 'name': {
      const expression = read.expression;
      if (governing && !read.licences.some(isLicenceRef)) {
        const offered = new Set(governing.licences.map(comparableId));
        if (!read.licences.every((id) => offered.has(comparableId(id)))) {
          return {
            status: 'fail',
            messageId: 'mismatch',
            data: { path, declared, licencePath: governing.path, spdx: governing.spdx },
            location,
            evidence: { ...evidence, expression },
          };
        }
      }
      if (read.kind === 'name' && SPDX_REQUIRED.has(manifest.kind)) {
        return {
          status: 'warn',
          messageId: 'notSpdx',
          data: { path, declared, expression },
          location,
          evidence: { ...evidence, expression },
        };
      }
      if (!governing)
        return {
          status: 'info',
          messageId: 'noLicenceFile',
          data: { path, declared },
          location,
          evidence: { ...evidence, expression },
        };
      return {
        status: 'pass',
        messageId: 'consistent',
        data: { path, declared, licencePath: governing.path },
        location,
        evidence: { ...evidence, expression },
      };
    }
  }
}

/**
 * How a manifest names a licence id. A GNU licence text is the same for -only and -or-later, so both
 * are offered; R's DESCRIPTION writes them "GPL-3" and "GPL (>= 3)" (Writing R Extensions, Licensing).
 */
function versioned(id: string, kind: string): string {
  const gnu = /^((?:A|L)?GPL)-(\d\.\d)-(?:only|or-later)$/.exec(id);
  if (!gnu) return `"${id}"`;
  const [, family, version] = gnu as unknown as [string, string, string];
  if (kind === 'DESCRIPTION') {
    const short = version.replace(/\.0$/, '');
    return `"${family}-${short}" (or "${family} (>= ${short})" for any later version)`;
  }
  return `"${family}-${version}-only" (or "${family}-${version}-or-later" for any later version)`;
}
