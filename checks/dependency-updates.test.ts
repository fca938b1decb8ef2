import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import check, { neededUpdates } from './dependency-updates.js';

const run = (files: Record<string, string>) => runCheck(check, { files });
const app = '{\n  "name": "app",\n  "dependencies": { "express": "^5.1.0" }\n}\n';
const dependabot = (updates: string) => `version: 2\nupdates:\n${updates}`;
const entry = (ecosystem: string, directory = '/') =>
  `  - package-ecosystem: ${ecosystem}\n    directory: ${directory}\n    schedule:\n      interval: weekly\n`;

const DEPENDABOT = '.github/dependabot.yml';

describe('dependency-updates', () => {
  it('passes Dependabot covering npm, docker and github-actions where they are', async () => {
    expectFindings(await runOnFixture(check, 'deps-dependabot-covers-all'), [
      {
        status: 'pass',
        messageId: 'coversAll',
        path: DEPENDABOT,
        startLine: 2,
        data: { ecosystems: 'docker in /docker, github-actions in /, npm in /' },
      },
    ]);
  });

  it('fails Dependabot that covers the wrong ecosystem', async () => {
    expectFindings(await runOnFixture(check, 'deps-dependabot-wrong-ecosystem'), [
      { status: 'fail', messageId: 'coversNone', path: DEPENDABOT, data: { needed: 'npm in /' } },
    ]);
  });

  it('warns naming the ecosystems Dependabot misses', async () => {
    expectFindings(await runOnFixture(check, 'deps-dependabot-misses-some'), [
      {
        status: 'warn',
        messageId: 'missesSome',
        path: DEPENDABOT,
        data: { missing: 'docker in /, github-actions in /' },
      },
    ]);
  });

  it('fails a Dependabot file that breaks the schema, at the offending line', async () => {
    expectFindings(await runOnFixture(check, 'deps-dependabot-invalid'), [
      {
        status: 'fail',
        messageId: 'invalid',
        path: DEPENDABOT,
        startLine: 6,
        data: { problem: expect.stringContaining('updates.0.schedule.interval') },
      },
    ]);
  });

  it('passes a Renovate JSON5 configuration, which covers the whole tree', async () => {
    expectFindings(await runOnFixture(check, 'deps-renovate'), [
      { status: 'pass', messageId: 'coversAll', path: 'renovate.json5' },
    ]);
  });

  it('fails when neither tool is configured', async () => {
    expectFindings(await runOnFixture(check, 'deps-none'), [
      { status: 'fail', messageId: 'missing', path: null, data: { needed: 'npm in /' } },
    ]);
    expectFindings(await runOnFixture(check, 'empty-repo'), [
      { status: 'info', messageId: 'noEcosystems', path: null },
    ]);
  });

  it('checks directories, globs and monorepo workspaces', async () => {
    const files = {
      'package.json': '{"workspaces": ["packages/*"], "devDependencies": {"typescript": "5"}}',
      'packages/a/package.json': app,
      'services/api/package.json': app,
      'services/worker/requirements.txt': 'celery==5.4.0\n',
    };
    // The root entry covers workspace members, not services/api; pip in services/worker is missing.
    const partial = await run({ ...files, [DEPENDABOT]: dependabot(entry('npm')) });
    expectFindings(partial, [
      {
        status: 'warn',
        messageId: 'missesSome',
        path: DEPENDABOT,
        data: { missing: 'npm in /services/api, pip in /services/worker' },
      },
    ]);
    const globbed = await run({
      ...files,
      [DEPENDABOT]: dependabot(
        `${entry('npm')}  - package-ecosystem: npm\n    directories: ["/services/*"]\n    schedule:\n      interval: weekly\n${entry('uv', '/services/worker')}`,
      ),
    });
    expectFindings(globbed, [{ status: 'pass', messageId: 'coversAll', path: DEPENDABOT }]);
  });

  it('warns about unknown keys and fails broken YAML', async () => {
    const unknown = await run({
      'package.json': app,
      [DEPENDABOT]: dependabot(entry('npm')) + '    autoMerge: true\n',
    });
    expectFindings(unknown, [
      { status: 'warn', messageId: 'unknownKey', path: DEPENDABOT, startLine: 7 },
      { status: 'pass', messageId: 'coversAll', path: DEPENDABOT },
    ]);
    const broken = await run({
      'package.json': app,
      [DEPENDABOT]: 'version: 2\nupdates:\n  - package-ecosystem: npm\n   directory: /\n',
    });
    expectFindings(broken, [{ status: 'fail', messageId: 'invalid', path: DEPENDABOT, startLine: 4 }]);
    const noDirectory = await run({
      'package.json': app,
      [DEPENDABOT]: 'version: 2\nupdates:\n  - package-ecosystem: npm\n    schedule: {interval: daily}\n',
    });
    expectFindings(noDirectory, [
      {
        status: 'fail',
        messageId: 'invalid',
        path: DEPENDABOT,
        startLine: 3,
        data: { problem: expect.stringContaining('directory') },
      },
    ]);
  });

  it('fails YAML aliases, which Dependabot rejects, at the alias rather than at the keys they merge', async () => {
    const findings = await run({
      'package.json': app,
      'web/package.json': app,
      [DEPENDABOT]: dependabot(
        '  - &npm\n    package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n' +
          '  - <<: *npm\n    directory: /web\n',
      ),
    });
    expectFindings(findings, [
      {
        status: 'fail',
        messageId: 'invalid',
        path: DEPENDABOT,
        startLine: 8,
        data: { problem: expect.stringContaining('aliases') },
      },
    ]);
  });

  it('reads a Renovate file saved with a byte order mark', async () => {
    expectFindings(
      await run({ 'package.json': app, 'renovate.json': '\uFEFF{"extends": ["config:recommended"]}' }),
      [{ status: 'pass', messageId: 'coversAll', path: 'renovate.json' }],
    );
  });

  it('reads Renovate in package.json and respects enabled and enabledManagers', async () => {
    expectFindings(
      await run({
        'package.json': '{\n"dependencies": {"a": "1"},\n"renovate": {"extends": ["config:base"]}\n}',
      }),
      [{ status: 'pass', messageId: 'coversAll', path: 'package.json', startLine: 3 }],
    );
    expectFindings(await run({ 'package.json': app, 'renovate.json': '{"enabled": false}' }), [
      { status: 'fail', messageId: 'renovateDisabled', path: 'renovate.json' },
    ]);
    expectFindings(
      await run({
        'package.json': app,
        Dockerfile: 'FROM node:24\n',
        '.github/renovate.json': '{"enabledManagers": ["dockerfile"]}',
      }),
      [
        {
          status: 'warn',
          messageId: 'missesSome',
          path: '.github/renovate.json',
          data: { missing: 'npm in /' },
        },
      ],
    );
    expectFindings(await run({ 'package.json': app, 'renovate.json': '{\n  "extends": "config:base",\n}' }), [
      { status: 'fail', messageId: 'invalid', path: 'renovate.json', startLine: 3 },
    ]);
    expectFindings(await run({ 'package.json': app, 'renovate.json': '{"extends": "config:base"}' }), [
      { status: 'fail', messageId: 'invalid', path: 'renovate.json' },
    ]);
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

describe('dependency-updates as real repositories configure it', () => {
  const workflow = { '.github/workflows/ci.yml': 'on: push\njobs: {}\n' };

  it('takes Scala Steward for the tool that updates an sbt build, and says Dependabot cannot', async () => {
    expectFindings(
      await runCheck(check, {
        files: {
          'build.sbt': 'lazy val root = (project in file(".")).aggregate(api)\n',
          'api/build.sbt': 'libraryDependencies += "org.typelevel" %% "cats-core" % "2.12.0"\n',
          '.scala-steward.conf': 'updates.pin = [ { groupId = "org.playframework", version = "3.0." } ]\n',
          '.github/dependabot.yml':
            'version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n    schedule: {interval: weekly}\n',
          ...workflow,
        },
      }),
      [
        {
          status: 'info',
          messageId: 'otherTool',
          path: '.scala-steward.conf',
          data: { tool: 'Scala Steward', ecosystems: 'sbt' },
        },
        {
          status: 'pass',
          messageId: 'coversAll',
          data: {
            path: '.github/dependabot.yml and .scala-steward.conf',
            ecosystems: 'github-actions in /, sbt in /',
          },
        },
      ],
    );
    expectFindings(
      await runCheck(check, {
        files: {
          'build.sbt': 'libraryDependencies += "org.typelevel" %% "cats-core" % "2.12.0"\n',
          '.github/dependabot.yml':
            'version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n    schedule: {interval: weekly}\n',
          ...workflow,
        },
      }),
      [{ status: 'warn', messageId: 'missesSome', data: { missing: 'sbt in /' } }],
    );
  });

  it('takes PyUp for the tool that updates Python requirements', async () => {
    expectFindings(
      await runCheck(check, {
        files: { 'requirements.txt': 'django==4.2.16\n', '.pyup.yml': 'update: all\nschedule: every week\n' },
      }),
      [
        {
          status: 'info',
          messageId: 'otherTool',
          path: '.pyup.yml',
          data: { tool: 'PyUp', ecosystems: 'pip' },
        },
        { status: 'pass', messageId: 'coversAll', data: { path: '.pyup.yml', ecosystems: 'pip in /' } },
      ],
    );
  });

  it('does not count a FHIR package manifest, examples or test fixtures as ecosystems to update', async () => {
    expectFindings(
      await runCheck(check, {
        files: {
          'package.json':
            '{"name": "uk.nhsdigital.r4", "version": "2.1.0", "fhirVersions": ["4.0.1"], "dependencies": {"hl7.fhir.r4.core": "4.0.1"}}',
          'docs/adr/assets/ADR-003/examples/nodejs/package.json': '{"dependencies": {"express": "^4.21.0"}}',
          'cypress/fixtures/plugins/basic/package.json': '{"dependencies": {"govuk-frontend": "^5.0.0"}}',
          'frontend/govuk-template/example/Dockerfile': 'FROM node:22\n',
          '.github/dependabot.yml':
            'version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n    schedule: {interval: weekly}\n',
          ...workflow,
        },
      }),
      [{ status: 'pass', messageId: 'coversAll', data: { ecosystems: 'github-actions in /' } }],
    );
  });

  it('says a Dependabot file that is all comments configures nothing, rather than quoting the schema', async () => {
    expectFindings(
      await runCheck(check, {
        files: {
          '.github/dependabot.yml': '# version: 2\n# updates:\n#   - package-ecosystem: npm\n',
          ...workflow,
        },
      }),
      [{ status: 'fail', messageId: 'empty', path: '.github/dependabot.yml', startLine: 1 }],
    );
  });

  it('warns about a Renovate key set twice, and about a second Renovate configuration Renovate ignores', async () => {
    expectFindings(
      await runCheck(check, {
        files: {
          'renovate.json':
            '{\n  "extends": ["config:recommended"],\n  "schedule": ["before 7am on monday"],\n  "packageRules": [{"matchUpdateTypes": ["minor"], "automerge": true}],\n  "schedule": ["at any time"]\n}\n',
          '.github/renovate.json5': '{ extends: ["config:recommended"] }\n',
          ...workflow,
        },
      }),
      [
        {
          status: 'warn',
          messageId: 'twoRenovateConfigs',
          path: '.github/renovate.json5',
          data: { path: 'renovate.json' },
        },
        {
          status: 'warn',
          messageId: 'duplicateKey',
          path: 'renovate.json',
          startLine: 5,
          data: { key: 'schedule', first: 3, line: 5 },
        },
        { status: 'pass', messageId: 'coversAll', path: 'renovate.json' },
      ],
    );
  });
});
