import { describe, expect, it } from 'vitest';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import check, { isPinned } from './lockfiles.js';

const run = (files: Record<string, string>) => runCheck(check, { files });
type Expected = Parameters<typeof expectFindings>[1][number];
const f = (
  status: Expected['status'],
  messageId: string,
  path?: string,
  more: Partial<Expected> = {},
): Expected => ({
  status,
  messageId,
  ...(path === undefined ? {} : { path }),
  ...more,
});
const noManifests = [f('info', 'noManifests', undefined, { path: null })];

describe('lockfiles', () => {
  it('fails the one package of a monorepo that has no lockfile', async () => {
    expectFindings(await runOnFixture(check, 'lockfiles-monorepo-missing-lockfile'), [
      f('fail', 'missing', 'services/api/package.json'),
      // A workspace member is covered by the root lockfile.
      f('pass', 'locked', 'packages/web/package.json', { data: { lockfile: 'package-lock.json' } }),
      f('pass', 'locked', 'package.json'),
      f('pass', 'pinned', 'services/worker/requirements.txt', { data: { count: 2 } }),
    ]);
  });

  it('passes a monorepo where every package is locked, exempting Rust libraries', async () => {
    expectFindings(await runOnFixture(check, 'lockfiles-monorepo-locked'), [
      f('pass', 'locked', 'cmd/tool/Cargo.toml', { data: { lockfile: 'cmd/tool/Cargo.lock' } }),
      f('info', 'libraryExempt', 'crates/parser/Cargo.toml'),
      f('pass', 'locked', 'services/api/go.mod', { data: { lockfile: 'services/api/go.sum' } }),
      f('pass', 'locked', 'site/Gemfile'),
      f('pass', 'locked', 'packages/web/package.json'),
      f('pass', 'locked', 'package.json'),
    ]);
  });

  it('treats a crate with binaries under src/bin/ as an application that needs Cargo.lock', async () => {
    const crate = '[package]\nname = "tool"\nversion = "0.1.0"\n';
    const files = { 'tools/x/Cargo.toml': crate, 'tools/x/src/bin/cli/main.rs': 'fn main() {}\n' };
    expectFindings(await run(files), [f('fail', 'missing', 'tools/x/Cargo.toml')]);
    expectFindings(await run({ ...files, 'Cargo.lock': '' }), [
      f('pass', 'locked', 'tools/x/Cargo.toml', { data: { lockfile: 'Cargo.lock' } }),
    ]);
    expectFindings(await run({ 'tools/x/Cargo.toml': crate, 'tools/x/src/lib.rs': '' }), [
      f('info', 'libraryExempt', 'tools/x/Cargo.toml'),
    ]);
  });

  it('fails requirements that are not pinned with ==, at the first such line', async () => {
    expectFindings(await run({ 'requirements.txt': 'django==5.0.6\nrequests>=2.31\nflask\n' }), [
      f('fail', 'unpinned', 'requirements.txt', {
        startLine: 2,
        data: { count: 2, names: 'requests, flask' },
      }),
    ]);
  });

  it('requires the lockfile of the tool a Python project names', async () => {
    const poetry = '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\npython = "^3.12"\ndjango = "^5"\n';
    expectFindings(await run({ 'pyproject.toml': poetry }), [f('fail', 'missing', 'pyproject.toml')]);
    expectFindings(await run({ 'pyproject.toml': poetry, 'poetry.lock': '' }), [
      f('pass', 'locked', 'pyproject.toml', { data: { lockfile: 'poetry.lock' } }),
    ]);
    expectFindings(await run({ Pipfile: '[packages]\nrequests = "*"\n' }), [f('fail', 'missing', 'Pipfile')]);
    const pep621 = '[project]\nname = "x"\ndependencies = ["httpx>=0.27"]\n';
    expectFindings(await run({ 'pyproject.toml': pep621 }), [f('warn', 'pythonUnlocked', 'pyproject.toml')]);
    expectFindings(await run({ 'app/pyproject.toml': pep621, 'uv.lock': '' }), [
      f('pass', 'locked', 'app/pyproject.toml', { data: { lockfile: 'uv.lock' } }),
    ]);
    expectFindings(await run({ 'pyproject.toml': pep621, 'requirements.txt': 'httpx==0.27.0\n' }), [
      f('pass', 'locked', 'pyproject.toml'),
      f('pass', 'pinned', 'requirements.txt'),
    ]);
  });

  it('reads the other ecosystems', async () => {
    expectFindings(await run({ 'go.mod': 'module x\n\nrequire golang.org/x/text v0.14.0\n' }), [
      f('fail', 'missing', 'go.mod'),
    ]);
    expectFindings(await run({ 'composer.json': '{"require": {"monolog/monolog": "^3"}}' }), [
      f('fail', 'missing', 'composer.json'),
    ]);
    expectFindings(await run({ Gemfile: 'gem "rails"\n' }), [f('fail', 'missing', 'Gemfile')]);
    expectFindings(await run({ 'Cargo.toml': '[package]\nname = "x"\n[[bin]]\nname = "x"\n' }), [
      f('fail', 'missing', 'Cargo.toml'),
    ]);
    const csproj =
      '<Project><ItemGroup><PackageReference Include="Serilog" Version="4.0.0" /></ItemGroup></Project>';
    expectFindings(await run({ 'App.csproj': csproj }), [f('warn', 'nugetUnlocked', 'App.csproj')]);
    expectFindings(await run({ 'App.csproj': csproj, 'packages.lock.json': '{}' }), [
      f('pass', 'locked', 'App.csproj', { data: { lockfile: 'packages.lock.json' } }),
    ]);
  });

  it('reports unreadable manifests and repositories without any', async () => {
    expectFindings(await run({ 'package.json': '{\n  "dependencies": {\n}' }), [
      f('unknown', 'unreadable', 'package.json'),
    ]);
    expectFindings(await run({ 'README.md': '# x', 'go.mod': 'module x\n' }), noManifests);
  });

  it('does not require a lockfile for test, fixture, example and sample projects', async () => {
    const app = '{"dependencies": {"express": "^4.19.0"}}';
    const exempt = [
      'test/fixtures/app/package.json',
      'examples/basic/package.json',
      'packages/ui/samples/demo/Gemfile',
      'src/__tests__/broken/package.json',
      'spec/fixture-app/requirements.txt',
    ];
    const findings = await run({
      'package.json': app,
      'package-lock.json': '{}',
      'test/fixtures/app/package.json': app,
      'examples/basic/package.json': app,
      'packages/ui/samples/demo/Gemfile': "gem 'rails'\n",
      'src/__tests__/broken/package.json': '{',
      'spec/fixture-app/requirements.txt': 'flask\n',
    });
    const [, ...exemptions] = expectFindings(findings, [
      f('pass', 'locked', 'package.json'),
      ...exempt.map((path) => f('info', 'exampleExempt', path)),
    ]);
    expect(exemptions.map((e) => e.data)).toEqual(exempt.map((path) => ({ path })));
    // Only whole directory names count: `latest/` and `example-service/` are not test or example directories.
    for (const path of ['latest/package.json', 'example-service/package.json'])
      expectFindings(await run({ [path]: app }), [f('fail', 'missing', path)]);
    // An example with nothing to lock says nothing.
    expectFindings(await run({ 'examples/empty/package.json': '{}' }), noManifests);
  });

  it('does not require pinned requirements for building the documentation', async () => {
    for (const path of [
      'docs/requirements.txt',
      'doc/requirements-sphinx.txt',
      'packages/x/docs/requirements.txt',
      'requirements-docs.txt',
      'requirements/doc.txt',
    ]) {
      const [exempt] = expectFindings(await run({ [path]: 'sphinx>=7\nfuro\n' }), [
        f('info', 'docsExempt', path),
      ]);
      expect(exempt?.data).toEqual({ path });
    }
    // The service's own requirements still must be pinned, and a docs/ package.json is not exempt.
    const findings = await run({
      'requirements.txt': 'flask\n',
      'docs/requirements.txt': 'mkdocs\n',
      'docs/package.json': '{"dependencies": {"docusaurus": "^3.0.0"}}',
    });
    expectFindings(findings, [
      f('fail', 'unpinned', 'requirements.txt'),
      f('fail', 'missing', 'docs/package.json'),
      f('info', 'docsExempt', 'docs/requirements.txt'),
    ]);
    expectFindings(await run({ 'mydocs/requirements.txt': 'flask\n' }), [
      f('fail', 'unpinned', 'mydocs/requirements.txt'),
    ]);
  });

  it('knows what pinned means', () => {
    expect(isPinned('==1.2.3')).toBe(true);
    expect(isPinned('===1.2.3')).toBe(true);
    expect(isPinned('==1.2.*')).toBe(false);
    expect(isPinned('>=1,==1.2')).toBe(false);
    expect(isPinned(undefined)).toBe(false);
  });
});

describe('lockfiles on files it does not judge', () => {
  it('ignores a DESCRIPTION that is not an R package and a broken pom.xml', async () => {
    expectFindings(await run({ DESCRIPTION: 'just some words\n', 'pom.xml': '<project>' }), noManifests);
  });
});

describe('lockfiles on builds and FHIR packages', () => {
  it('says Maven, Gradle and sbt builds were seen and not judged, not that there are no manifests', async () => {
    expectFindings(
      await runCheck(check, {
        files: {
          'build.sbt': 'libraryDependencies += "org.typelevel" %% "cats-core" % "2.12.0"\n',
          'app/build.gradle.kts': 'dependencies { implementation("com.google.guava:guava:33.3.1-jre") }\n',
        },
      }),
      [
        {
          status: 'info',
          messageId: 'buildsNotJudged',
          path: 'app/build.gradle.kts',
          data: { builds: 'build.gradle.kts, build.sbt' },
        },
      ],
    );
  });

  it('does not ask a FHIR package manifest for a package-lock.json', async () => {
    expectFindings(
      await runCheck(check, {
        files: {
          'package.json':
            '{"name": "uk.nhsdigital.r4", "version": "2.1.0", "fhirVersions": ["4.0.1"], "dependencies": {"hl7.fhir.r4.core": "4.0.1"}}',
        },
      }),
      [{ status: 'info', messageId: 'noManifests' }],
    );
  });
});
