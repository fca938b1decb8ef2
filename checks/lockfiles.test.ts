import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFinding, overall, runOnFixture } from '../test/support/check-harness.js';
import check, { isPinned } from './lockfiles.js';

const run = async (files: Record<string, string>) => check.run(memorySnapshot({ files }));

describe('lockfiles', () => {
  it('fails the one package of a monorepo that has no lockfile', async () => {
    const findings = await runOnFixture(check, 'lockfiles-monorepo-missing-lockfile');
    expect(overall(findings)).toBe('fail');
    expectFinding(findings, { status: 'fail', messageId: 'missing', path: 'services/api/package.json' });
    // A workspace member is covered by the root lockfile.
    const member = expectFinding(findings, {
      status: 'pass',
      messageId: 'locked',
      path: 'packages/web/package.json',
    });
    expect(member.data?.lockfile).toBe('package-lock.json');
    expectFinding(findings, { status: 'pass', messageId: 'locked', path: 'package.json' });
    expectFinding(findings, {
      status: 'pass',
      messageId: 'pinned',
      path: 'services/worker/requirements.txt',
    });
  });

  it('passes a monorepo where every package is locked, exempting Rust libraries', async () => {
    const findings = await runOnFixture(check, 'lockfiles-monorepo-locked');
    expect(overall(findings)).toBe('info');
    expect(findings.filter((f) => f.status === 'fail' || f.status === 'warn')).toEqual([]);
    expectFinding(findings, { status: 'pass', messageId: 'locked', path: 'cmd/tool/Cargo.toml' });
    expectFinding(findings, {
      status: 'info',
      messageId: 'library-exempt',
      path: 'crates/parser/Cargo.toml',
    });
    expectFinding(findings, { status: 'pass', messageId: 'locked', path: 'services/api/go.mod' });
    expectFinding(findings, { status: 'pass', messageId: 'locked', path: 'site/Gemfile' });
    expectFinding(findings, { status: 'pass', messageId: 'locked', path: 'packages/web/package.json' });
  });

  it('treats a crate with binaries under src/bin/ as an application that needs Cargo.lock', async () => {
    const crate = '[package]\nname = "tool"\nversion = "0.1.0"\n';
    const files = { 'tools/x/Cargo.toml': crate, 'tools/x/src/bin/cli/main.rs': 'fn main() {}\n' };
    expectFinding(await run(files), { status: 'fail', messageId: 'missing', path: 'tools/x/Cargo.toml' });
    expectFinding(await run({ ...files, 'Cargo.lock': '' }), { status: 'pass', messageId: 'locked' });
    expectFinding(await run({ 'tools/x/Cargo.toml': crate, 'tools/x/src/lib.rs': '' }), {
      status: 'info',
      messageId: 'library-exempt',
    });
  });

  it('fails requirements that are not pinned with ==, at the first such line', async () => {
    const findings = await run({ 'requirements.txt': 'django==5.0.6\nrequests>=2.31\nflask\n' });
    const f = expectFinding(findings, {
      status: 'fail',
      messageId: 'unpinned',
      path: 'requirements.txt',
      startLine: 2,
    });
    expect(f.data).toMatchObject({ count: 2, names: 'requests, flask' });
  });

  it('requires the lockfile of the tool a Python project names', async () => {
    const poetry = '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\npython = "^3.12"\ndjango = "^5"\n';
    expectFinding(await run({ 'pyproject.toml': poetry }), { status: 'fail', messageId: 'missing' });
    expectFinding(await run({ 'pyproject.toml': poetry, 'poetry.lock': '' }), {
      status: 'pass',
      messageId: 'locked',
    });
    expectFinding(await run({ Pipfile: '[packages]\nrequests = "*"\n' }), {
      status: 'fail',
      messageId: 'missing',
    });
    const pep621 = '[project]\nname = "x"\ndependencies = ["httpx>=0.27"]\n';
    expectFinding(await run({ 'pyproject.toml': pep621 }), { status: 'warn', messageId: 'python-unlocked' });
    expectFinding(await run({ 'app/pyproject.toml': pep621, 'uv.lock': '' }), {
      status: 'pass',
      messageId: 'locked',
    });
    expectFinding(await run({ 'pyproject.toml': pep621, 'requirements.txt': 'httpx==0.27.0\n' }), {
      status: 'pass',
      messageId: 'locked',
    });
  });

  it('reads the other ecosystems', async () => {
    expectFinding(await run({ 'go.mod': 'module x\n\nrequire golang.org/x/text v0.14.0\n' }), {
      status: 'fail',
      messageId: 'missing',
    });
    expectFinding(await run({ 'composer.json': '{"require": {"monolog/monolog": "^3"}}' }), {
      status: 'fail',
      messageId: 'missing',
    });
    expectFinding(await run({ Gemfile: 'gem "rails"\n' }), { status: 'fail', messageId: 'missing' });
    expectFinding(await run({ 'Cargo.toml': '[package]\nname = "x"\n[[bin]]\nname = "x"\n' }), {
      status: 'fail',
      messageId: 'missing',
    });
    const csproj =
      '<Project><ItemGroup><PackageReference Include="Serilog" Version="4.0.0" /></ItemGroup></Project>';
    expectFinding(await run({ 'App.csproj': csproj }), { status: 'warn', messageId: 'nuget-unlocked' });
    expectFinding(await run({ 'App.csproj': csproj, 'packages.lock.json': '{}' }), {
      status: 'pass',
      messageId: 'locked',
    });
  });

  it('reports unreadable manifests and repositories without any', async () => {
    expectFinding(await run({ 'package.json': '{\n  "dependencies": {\n}' }), {
      status: 'unknown',
      messageId: 'unreadable',
      path: 'package.json',
    });
    expectFinding(await run({ 'README.md': '# x', 'go.mod': 'module x\n' }), {
      status: 'info',
      messageId: 'no-manifests',
    });
  });

  it('does not require a lockfile for test, fixture, example and sample projects', async () => {
    const app = '{"dependencies": {"express": "^4.19.0"}}';
    const findings = await run({
      'package.json': app,
      'package-lock.json': '{}',
      'test/fixtures/app/package.json': app,
      'examples/basic/package.json': app,
      'packages/ui/samples/demo/Gemfile': "gem 'rails'\n",
      'src/__tests__/broken/package.json': '{',
      'spec/fixture-app/requirements.txt': 'flask\n',
    });
    expect(findings.filter((f) => f.status !== 'pass' && f.status !== 'info')).toEqual([]);
    for (const path of [
      'test/fixtures/app/package.json',
      'examples/basic/package.json',
      'packages/ui/samples/demo/Gemfile',
      'src/__tests__/broken/package.json',
      'spec/fixture-app/requirements.txt',
    ]) {
      const f = expectFinding(findings, { status: 'info', messageId: 'example-exempt', path });
      expect(f.data).toEqual({ path });
    }
    expectFinding(findings, { status: 'pass', messageId: 'locked', path: 'package.json' });
    // Only whole directory names count: `latest/` and `example-service/` are not test or example directories.
    for (const path of ['latest/package.json', 'example-service/package.json'])
      expectFinding(await run({ [path]: app }), { status: 'fail', messageId: 'missing', path });
    // An example with nothing to lock says nothing.
    expect(await run({ 'examples/empty/package.json': '{}' })).toEqual([
      { status: 'info', messageId: 'no-manifests' },
    ]);
  });

  it('does not require pinned requirements for building the documentation', async () => {
    for (const path of [
      'docs/requirements.txt',
      'doc/requirements-sphinx.txt',
      'packages/x/docs/requirements.txt',
      'requirements-docs.txt',
      'requirements/doc.txt',
    ]) {
      const f = expectFinding(await run({ [path]: 'sphinx>=7\nfuro\n' }), {
        status: 'info',
        messageId: 'docs-exempt',
        path,
      });
      expect(f.data).toEqual({ path });
    }
    // The service's own requirements still must be pinned, and a docs/ package.json is not exempt.
    const findings = await run({
      'requirements.txt': 'flask\n',
      'docs/requirements.txt': 'mkdocs\n',
      'docs/package.json': '{"dependencies": {"docusaurus": "^3.0.0"}}',
    });
    expectFinding(findings, { status: 'fail', messageId: 'unpinned', path: 'requirements.txt' });
    expectFinding(findings, { status: 'fail', messageId: 'missing', path: 'docs/package.json' });
    expectFinding(findings, { status: 'info', messageId: 'docs-exempt', path: 'docs/requirements.txt' });
    expectFinding(await run({ 'mydocs/requirements.txt': 'flask\n' }), {
      status: 'fail',
      messageId: 'unpinned',
    });
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
    const findings = await check.run(
      memorySnapshot({ files: { DESCRIPTION: 'just some words\n', 'pom.xml': '<project>' } }),
    );
    expect(findings).toEqual([{ status: 'info', messageId: 'no-manifests' }]);
  });
});
