import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFinding, overall, runOnFixture } from '../test/support/check-harness.js';
import check, { neededUpdates } from './dependency-updates.js';

const run = async (files: Record<string, string>) => check.run(memorySnapshot({ files }));
const app = '{\n  "name": "app",\n  "dependencies": { "express": "^5.1.0" }\n}\n';
const dependabot = (updates: string) => `version: 2\nupdates:\n${updates}`;
const entry = (ecosystem: string, directory = '/') =>
  `  - package-ecosystem: ${ecosystem}\n    directory: ${directory}\n    schedule:\n      interval: weekly\n`;

describe('dependency-updates', () => {
  it('passes Dependabot covering npm, docker and github-actions where they are', async () => {
    const findings = await runOnFixture(check, 'deps-dependabot-covers-all');
    expect(overall(findings)).toBe('pass');
    const f = expectFinding(findings, {
      status: 'pass',
      messageId: 'covers-all',
      path: '.github/dependabot.yml',
      startLine: 2,
    });
    expect(f.data?.ecosystems).toBe('docker in /docker, github-actions in /, npm in /');
  });

  it('fails Dependabot that covers the wrong ecosystem', async () => {
    const findings = await runOnFixture(check, 'deps-dependabot-wrong-ecosystem');
    expect(overall(findings)).toBe('fail');
    const f = expectFinding(findings, {
      status: 'fail',
      messageId: 'covers-none',
      path: '.github/dependabot.yml',
    });
    expect(f.data?.needed).toBe('npm in /');
  });

  it('warns naming the ecosystems Dependabot misses', async () => {
    const findings = await runOnFixture(check, 'deps-dependabot-misses-some');
    expect(overall(findings)).toBe('warn');
    const f = expectFinding(findings, { status: 'warn', messageId: 'misses-some' });
    expect(f.data?.missing).toBe('docker in /, github-actions in /');
  });

  it('fails a Dependabot file that breaks the schema, at the offending line', async () => {
    const findings = await runOnFixture(check, 'deps-dependabot-invalid');
    const f = expectFinding(findings, {
      status: 'fail',
      messageId: 'invalid',
      path: '.github/dependabot.yml',
      startLine: 6,
    });
    expect(f.data?.problem).toContain('updates.0.schedule.interval');
  });

  it('passes a Renovate JSON5 configuration, which covers the whole tree', async () => {
    const findings = await runOnFixture(check, 'deps-renovate');
    expect(overall(findings)).toBe('pass');
    expectFinding(findings, { status: 'pass', messageId: 'covers-all', path: 'renovate.json5' });
  });

  it('fails when neither tool is configured', async () => {
    const f = expectFinding(await runOnFixture(check, 'deps-none'), { status: 'fail', messageId: 'missing' });
    expect(f.data?.needed).toBe('npm in /');
    expectFinding(await runOnFixture(check, 'empty-repo'), { status: 'info', messageId: 'no-ecosystems' });
  });

  it('checks directories, globs and monorepo workspaces', async () => {
    const files = {
      'package.json': '{"workspaces": ["packages/*"], "devDependencies": {"typescript": "5"}}',
      'packages/a/package.json': app,
      'services/api/package.json': app,
      'services/worker/requirements.txt': 'celery==5.4.0\n',
    };
    // The root entry covers workspace members, not services/api; pip in services/worker is missing.
    const partial = await run({ ...files, '.github/dependabot.yml': dependabot(entry('npm')) });
    expect(expectFinding(partial, { status: 'warn', messageId: 'misses-some' }).data?.missing).toBe(
      'npm in /services/api, pip in /services/worker',
    );
    const globbed = await run({
      ...files,
      '.github/dependabot.yml': dependabot(
        `${entry('npm')}  - package-ecosystem: npm\n    directories: ["/services/*"]\n    schedule:\n      interval: weekly\n${entry('uv', '/services/worker')}`,
      ),
    });
    expectFinding(globbed, { status: 'pass', messageId: 'covers-all' });
  });

  it('warns about unknown keys and fails broken YAML', async () => {
    const unknown = await run({
      'package.json': app,
      '.github/dependabot.yml': dependabot(entry('npm')) + '    autoMerge: true\n',
    });
    expectFinding(unknown, { status: 'warn', messageId: 'unknown-key', startLine: 7 });
    expectFinding(unknown, { status: 'pass', messageId: 'covers-all' });
    const broken = await run({
      'package.json': app,
      '.github/dependabot.yml': 'version: 2\nupdates:\n  - package-ecosystem: npm\n   directory: /\n',
    });
    expectFinding(broken, { status: 'fail', messageId: 'invalid', startLine: 4 });
    const noDirectory = await run({
      'package.json': app,
      '.github/dependabot.yml':
        'version: 2\nupdates:\n  - package-ecosystem: npm\n    schedule: {interval: daily}\n',
    });
    expect(
      expectFinding(noDirectory, { status: 'fail', messageId: 'invalid', startLine: 3 }).data?.problem,
    ).toContain('directory');
  });

  it('fails YAML aliases, which Dependabot rejects, at the alias rather than at the keys they merge', async () => {
    const findings = await run({
      'package.json': app,
      'web/package.json': app,
      '.github/dependabot.yml': dependabot(
        '  - &npm\n    package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n' +
          '  - <<: *npm\n    directory: /web\n',
      ),
    });
    expect(findings).toHaveLength(1);
    const f = expectFinding(findings, { status: 'fail', messageId: 'invalid', startLine: 8 });
    expect(f.data?.problem).toContain('aliases');
  });

  it('reads a Renovate file saved with a byte order mark', async () => {
    expectFinding(
      await run({ 'package.json': app, 'renovate.json': '\uFEFF{"extends": ["config:recommended"]}' }),
      { status: 'pass', messageId: 'covers-all', path: 'renovate.json' },
    );
  });

  it('reads Renovate in package.json and respects enabled and enabledManagers', async () => {
    expectFinding(
      await run({
        'package.json': '{\n"dependencies": {"a": "1"},\n"renovate": {"extends": ["config:base"]}\n}',
      }),
      {
        status: 'pass',
        messageId: 'covers-all',
        path: 'package.json',
        startLine: 3,
      },
    );
    expectFinding(await run({ 'package.json': app, 'renovate.json': '{"enabled": false}' }), {
      status: 'fail',
      messageId: 'renovate-disabled',
    });
    expectFinding(
      await run({
        'package.json': app,
        Dockerfile: 'FROM node:24\n',
        '.github/renovate.json': '{"enabledManagers": ["dockerfile"]}',
      }),
      {
        status: 'warn',
        messageId: 'misses-some',
      },
    );
    expectFinding(await run({ 'package.json': app, 'renovate.json': '{\n  "extends": "config:base",\n}' }), {
      status: 'fail',
      messageId: 'invalid',
      startLine: 3,
    });
    expectFinding(await run({ 'package.json': app, 'renovate.json': '{"extends": "config:base"}' }), {
      status: 'fail',
      messageId: 'invalid',
    });
  });

  it('folds Maven modules into the root build and skips manifests without dependencies', () => {
    const needs = neededUpdates(
      memorySnapshot({
        files: {
          'pom.xml': '<project><artifactId>root</artifactId></project>',
          'api/pom.xml': '<project><artifactId>api</artifactId></project>',
          'tools/package.json': '{"name": "tools"}',
          'infra/main.tf': 'terraform {}\n',
        },
      }),
    );
    expect(needs).toEqual([
      { ecosystem: 'maven', dir: '' },
      { ecosystem: 'terraform', dir: 'infra' },
    ]);
  });
});
