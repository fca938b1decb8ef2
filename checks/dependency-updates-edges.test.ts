import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFindings, runCheck } from '../test/support/check-harness.js';
import check, { neededUpdates } from './dependency-updates.js';
import lockfiles from './lockfiles.js';

/** Layouts real repositories have that a small change to the dependency rules would misjudge. */

const app = '{\n  "name": "app",\n  "dependencies": { "express": "^5.1.0" }\n}\n';
const workflow = 'on: push\njobs: {}\n';
const dependabot = (...updates: string[]): string => `version: 2\nupdates:\n${updates.join('')}`;
const entry = (ecosystem: string, directory = '/'): string =>
  `  - package-ecosystem: ${ecosystem}\n    directory: "${directory}"\n    schedule:\n      interval: weekly\n`;
const DEPENDABOT = '.github/dependabot.yml';
const run = (files: Record<string, string>) => runCheck(check, { files });

describe('dependency-updates on real layouts', () => {
  it('github-actions with a non-root directory still covers the workflows', async () => {
    expectFindings(
      await run({
        '.github/workflows/ci.yml': workflow,
        [DEPENDABOT]: dependabot(entry('github-actions', '/.github/workflows')),
      }),
      [
        {
          status: 'pass',
          messageId: 'coversAll',
          path: DEPENDABOT,
          data: { ecosystems: 'github-actions in /' },
        },
      ],
    );
  });

  it('directory "/services/**" covers every package under services/ and nothing beside it', async () => {
    const files = {
      'services/a/package.json': app,
      'services/b/deep/package.json': app,
      'web/package.json': app,
      [DEPENDABOT]: dependabot(entry('npm', '/services/**')),
    };
    expectFindings(await run(files), [
      { status: 'warn', messageId: 'missesSome', path: DEPENDABOT, data: { missing: 'npm in /web' } },
    ]);
    const { 'web/package.json': _web, ...servicesOnly } = files;
    expectFindings(await run(servicesOnly), [
      {
        status: 'pass',
        messageId: 'coversAll',
        path: DEPENDABOT,
        data: { ecosystems: 'npm in /services/a, npm in /services/b/deep' },
      },
    ]);
  });

  it('directory "/services/*" covers a package one level down only', async () => {
    expectFindings(
      await run({
        'services/a/package.json': app,
        'services/b/deep/package.json': app,
        [DEPENDABOT]: dependabot(entry('npm', '/services/*')),
      }),
      [
        {
          status: 'warn',
          messageId: 'missesSome',
          path: DEPENDABOT,
          data: { missing: 'npm in /services/b/deep' },
        },
      ],
    );
  });

  it('a pnpm workspace is one npm need at its root', () => {
    const snapshot = memorySnapshot({
      files: {
        'package.json': app,
        'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
        'packages/a/package.json': app,
      },
    });
    expect(neededUpdates(snapshot)).toEqual([{ ecosystem: 'npm', dir: '' }]);
  });

  it('vendored and installed Dockerfiles need no updates of their own', () => {
    const snapshot = memorySnapshot({
      files: {
        'package.json': app,
        'vendor/x/Dockerfile': 'FROM node:20\n',
        'node_modules/y/Dockerfile': 'FROM node:20\n',
        'deploy/Dockerfile': 'FROM node:20\n',
      },
    });
    expect(neededUpdates(snapshot)).toEqual([
      { ecosystem: 'docker', dir: 'deploy' },
      { ecosystem: 'npm', dir: '' },
    ]);
  });

  it("Renovate's ignorePaths leave a directory uncovered; without them every directory is", async () => {
    const files = { 'package.json': app, 'legacy/package.json': app };
    expectFindings(await run({ ...files, 'renovate.json': '{ "ignorePaths": ["legacy/**"] }' }), [
      {
        status: 'warn',
        messageId: 'missesSome',
        path: 'renovate.json',
        data: { missing: 'npm in /legacy' },
      },
    ]);
    expectFindings(await run({ ...files, 'renovate.json': '{ "extends": ["config:recommended"] }' }), [
      {
        status: 'pass',
        messageId: 'coversAll',
        path: 'renovate.json',
        data: { ecosystems: 'npm in /, npm in /legacy' },
      },
    ]);
  });
});

describe('lockfiles on real layouts', () => {
  it('one pnpm lockfile at the workspace root locks every member', async () => {
    expectFindings(
      await runCheck(lockfiles, {
        files: {
          'package.json': app,
          'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
          'packages/a/package.json': app,
          'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
        },
      }),
      [
        { status: 'pass', messageId: 'locked', path: 'package.json', data: { lockfile: 'pnpm-lock.yaml' } },
        {
          status: 'pass',
          messageId: 'locked',
          path: 'packages/a/package.json',
          data: { lockfile: 'pnpm-lock.yaml' },
        },
      ],
    );
  });

  it('one uv.lock at the workspace root locks every member', async () => {
    expectFindings(
      await runCheck(lockfiles, {
        files: {
          'pyproject.toml':
            '[project]\nname="a"\ndependencies=["requests>=2"]\n[tool.uv.workspace]\nmembers=["pkgs/*"]\n',
          'pkgs/b/pyproject.toml': '[project]\nname="b"\ndependencies=["flask>=2"]\n',
          'uv.lock': 'version = 1\n',
        },
      }),
      [
        { status: 'pass', messageId: 'locked', path: 'pyproject.toml', data: { lockfile: 'uv.lock' } },
        { status: 'pass', messageId: 'locked', path: 'pkgs/b/pyproject.toml', data: { lockfile: 'uv.lock' } },
      ],
    );
  });

  it('setup.py beside pyproject.toml is one Python project, judged once', async () => {
    expectFindings(
      await runCheck(lockfiles, {
        files: {
          'pyproject.toml': '[project]\nname="a"\ndependencies=["requests>=2"]\n',
          'setup.py': 'from setuptools import setup\nsetup(install_requires=["requests>=2"])\n',
        },
      }),
      [{ status: 'warn', messageId: 'pythonUnlocked', path: 'pyproject.toml' }],
    );
  });

  it('"name @ url" requirements count as pinned beside == pins', async () => {
    expectFindings(
      await runCheck(lockfiles, {
        files: {
          'requirements.txt': 'requests @ https://example.org/requests-2.31.0.tar.gz\nflask==3.0.0\n',
        },
      }),
      [{ status: 'pass', messageId: 'pinned', path: 'requirements.txt', data: { count: 2 } }],
    );
  });
});
