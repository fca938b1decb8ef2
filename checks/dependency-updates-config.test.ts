import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFindings, runCheck } from '../test/support/check-harness.js';
import check, { duplicateKeys, neededUpdates } from './dependency-updates.js';

/** How configurations are read: Renovate's structure, Dependabot's lines and globs, duplicate keys. */

const app = '{\n  "name": "app",\n  "dependencies": { "express": "^5.1.0" }\n}\n';
const workflow = 'on: push\njobs: {}\n';
const entry = (ecosystem: string, directory = '/'): string =>
  `  - package-ecosystem: ${ecosystem}\n    directory: "${directory}"\n    schedule:\n      interval: weekly\n`;
const dependabot = (...updates: string[]): string => `version: 2\nupdates:\n${updates.join('')}`;
const DEPENDABOT = '.github/dependabot.yml';
const run = (files: Record<string, string>) => runCheck(check, { files });
const needs = (files: Record<string, string>) => neededUpdates(memorySnapshot({ files }));

describe('duplicateKeys', () => {
  it('finds a key set twice in one object, with both lines', () => {
    expect(duplicateKeys('{\n  "a": 1,\n  "b": 2,\n  "a": 3\n}')).toEqual([{ key: 'a', first: 2, line: 4 }]);
  });

  it('reads JSON5 single-quoted and bare keys', () => {
    expect(duplicateKeys("{'a': 1, 'a': 2}")).toEqual([{ key: 'a', first: 1, line: 1 }]);
    expect(duplicateKeys("{'a-b': 1, 'a-c': 2}")).toEqual([]);
    expect(duplicateKeys('{\n  $a_1: 1,\n  $a_1: 2\n}')).toEqual([{ key: '$a_1', first: 2, line: 3 }]);
  });

  it('keys in comments do not count, and a block comment’s lines are counted', () => {
    expect(duplicateKeys('{\n  "x": 1, // "x": 2,\n  "y": 3\n}')).toEqual([]);
    expect(duplicateKeys('{\n  "a": 1, /* "a": 2,\n  more */\n  "a": 3\n}')).toEqual([
      { key: 'a', first: 2, line: 4 },
    ]);
    expect(duplicateKeys('{ "a": 1 /* never closed "a": 2,')).toEqual([]);
    expect(duplicateKeys('{\n  // one\n  "a": 1,\n  "a": 2\n}')).toEqual([{ key: 'a', first: 3, line: 4 }]);
    expect(duplicateKeys('{"a": 1, /*/ "a": 2, */ "b": 1}')).toEqual([]);
  });

  it('values, array items and nested objects are not keys of the outer object', () => {
    expect(duplicateKeys('{"a": "a", "b": "a"}')).toEqual([]);
    expect(duplicateKeys('{"a": ["a", "a"], "c": [{"b": 1}, {"b": 2}], "d": {"a": 1}}')).toEqual([]);
    expect(duplicateKeys('{"a": [1, 2], "a": 3}')).toEqual([{ key: 'a', first: 1, line: 1 }]);
  });

  it('an escaped quote is part of the key', () => {
    expect(duplicateKeys('{"k\\"": 1, "k": 2}')).toEqual([]);
    expect(duplicateKeys('{"k\\"": 1, "k\\"": 2}')).toEqual([{ key: 'k\\"', first: 1, line: 1 }]);
  });
});

describe('Renovate configuration structure', () => {
  const files = { 'package.json': app };
  const invalid = (path: string, problem: string) => ({
    status: 'fail' as const,
    messageId: 'invalid',
    path,
    startLine: 1,
    data: { problem },
  });

  it.each([
    ['[]', 'the configuration is not an object'],
    ['null', 'the configuration is not an object'],
    ['"config:recommended"', 'the configuration is not an object'],
    ['{"extends": "config:recommended"}', '"extends" must be an array of preset names'],
    ['{"extends": ["config:recommended", 1]}', '"extends" must be an array of preset names'],
    ['{"enabledManagers": "npm"}', '"enabledManagers" must be an array of strings'],
    ['{"enabledManagers": ["npm", 2]}', '"enabledManagers" must be an array of strings'],
    ['{"ignorePaths": "legacy/**"}', '"ignorePaths" must be an array of strings'],
  ])('%s is invalid: %s', async (config, problem) => {
    expectFindings(await run({ ...files, 'renovate.json': config }), [invalid('renovate.json', problem)]);
  });

  it('one of several managers of an ecosystem enabled covers it', async () => {
    expectFindings(
      await run({
        'requirements.txt': 'flask==3.0.0\n',
        'renovate.json': '{"enabledManagers": ["poetry"]}',
      }),
      [{ status: 'pass', messageId: 'coversAll', path: 'renovate.json', data: { ecosystems: 'pip in /' } }],
    );
  });

  it('ignorePaths match the root directory and dot-directories', async () => {
    expectFindings(await run({ ...files, 'renovate.json': '{"ignorePaths": ["*"]}' }), [
      { status: 'fail', messageId: 'coversNone', path: 'renovate.json', data: { needed: 'npm in /' } },
    ]);
    expectFindings(
      await run({
        ...files,
        '.devcontainer/Dockerfile': 'FROM node:22\n',
        'renovate.json': '{"ignorePaths": ["**/.devcontainer/**"]}',
      }),
      [
        {
          status: 'warn',
          messageId: 'missesSome',
          path: 'renovate.json',
          data: { missing: 'docker in /.devcontainer' },
        },
      ],
    );
  });

  it('.renovaterc.json and .github/renovate.json are JSON: a comment is an error', async () => {
    for (const path of ['.renovaterc.json', '.github/renovate.json'])
      expectFindings(await run({ ...files, [path]: '// keep\n{}\n' }), [
        { status: 'fail', messageId: 'invalid', path },
      ]);
    expectFindings(await run({ ...files, '.renovaterc': '// keep\n{}\n' }), [
      { status: 'pass', messageId: 'coversAll', path: '.renovaterc' },
    ]);
  });

  it('a broken JSON5 file is invalid at the line JSON5 names', async () => {
    expectFindings(await run({ ...files, 'renovate.json5': '{\n  extends: [\n  a: 1\n}\n' }), [
      {
        status: 'fail',
        messageId: 'invalid',
        path: 'renovate.json5',
        startLine: 3,
        data: { problem: "JSON5: invalid character 'a' at 3:3" },
      },
    ]);
  });

  it('ignorePaths globs reach into dot-directories', async () => {
    expectFindings(
      await run({
        ...files,
        'docker/.base/Dockerfile': 'FROM node:22\n',
        'renovate.json': '{"ignorePaths": ["docker/**"]}',
      }),
      [
        {
          status: 'warn',
          messageId: 'missesSome',
          path: 'renovate.json',
          data: { missing: 'docker in /docker/.base' },
        },
      ],
    );
  });

  it('reads "renovate" in package.json with space before the colon, at its line', async () => {
    const pkg =
      '{\n  "name": "app",\n  "dependencies": { "express": "^5.1.0" },\n  "renovate" : { "enabled": false }\n}\n';
    expectFindings(await run({ 'package.json': pkg }), [
      { status: 'fail', messageId: 'renovateDisabled', path: 'package.json', startLine: 4 },
    ]);
  });

  it('a disabled Renovate beside Dependabot leaves Dependabot to judge the tree', async () => {
    expectFindings(
      await run({
        ...files,
        '.github/workflows/ci.yml': workflow,
        'renovate.json': '{"enabled": false}',
        [DEPENDABOT]: dependabot(entry('npm')),
      }),
      [
        { status: 'fail', messageId: 'renovateDisabled', path: 'renovate.json' },
        {
          status: 'warn',
          messageId: 'missesSome',
          path: DEPENDABOT,
          data: { path: DEPENDABOT, missing: 'github-actions in /' },
        },
      ],
    );
  });

  it('an invalid Dependabot file beside a valid Renovate file: Renovate still judges the tree', async () => {
    expectFindings(await run({ ...files, [DEPENDABOT]: 'version: 2\nupdates: 3\n', 'renovate.json': '{}' }), [
      { status: 'fail', messageId: 'invalid', path: DEPENDABOT },
      { status: 'pass', messageId: 'coversAll', path: 'renovate.json', data: { path: 'renovate.json' } },
    ]);
  });
});

describe('the verdict', () => {
  it('nothing configured: fails naming the needs, or says there is nothing to update', async () => {
    expectFindings(await run({ 'package.json': app, Dockerfile: 'FROM node:22\n' }), [
      { status: 'fail', messageId: 'missing', path: null, data: { needed: 'docker in /, npm in /' } },
    ]);
    expectFindings(await run({ 'README.md': '# x\n' }), [
      { status: 'info', messageId: 'noEcosystems', path: null },
    ]);
  });

  it('a configuration that covers nothing names every need', async () => {
    expectFindings(
      await run({
        'package.json': app,
        Dockerfile: 'FROM node:22\n',
        [DEPENDABOT]: dependabot(entry('pip')),
      }),
      [
        {
          status: 'fail',
          messageId: 'coversNone',
          path: DEPENDABOT,
          data: { path: DEPENDABOT, needed: 'docker in /, npm in /' },
          evidence: { needed: ['docker in /', 'npm in /'], missing: ['docker in /', 'npm in /'] },
        },
      ],
    );
  });

  it('a configuration and nothing to update passes at the configuration', async () => {
    expectFindings(await run({ 'README.md': '# x\n', [DEPENDABOT]: dependabot(entry('npm')) }), [
      {
        status: 'pass',
        messageId: 'nothingToUpdate',
        path: DEPENDABOT,
        startLine: 2,
        data: { path: DEPENDABOT },
      },
    ]);
  });

  it('two tools together name both files, and another tool says what it updates', async () => {
    expectFindings(
      await run({
        ...{ 'package.json': app, 'requirements.txt': 'flask==3.0.0\n' },
        [DEPENDABOT]: dependabot(entry('npm')),
        '.pyup.yml': 'update: all\n',
      }),
      [
        {
          status: 'info',
          messageId: 'otherTool',
          path: '.pyup.yml',
          data: { tool: 'PyUp', ecosystems: 'pip' },
          evidence: { tool: 'PyUp', ecosystems: ['pip'] },
        },
        {
          status: 'pass',
          messageId: 'coversAll',
          path: DEPENDABOT,
          data: { path: `${DEPENDABOT} and .pyup.yml`, ecosystems: 'npm in /, pip in /' },
          evidence: { needed: ['npm in /', 'pip in /'], missing: [] },
        },
      ],
    );
  });
});

describe('Dependabot directories', () => {
  const covers = async (directory: string, files: Record<string, string>) => {
    const findings = await run({ ...files, [DEPENDABOT]: dependabot(entry('npm', directory)) });
    return findings.map((f) => `${f.messageId} ${JSON.stringify(f.data?.missing ?? '')}`);
  };

  it('"/**" covers the root and every directory under it', async () => {
    expect(await covers('/**', { 'package.json': app, 'a/b/package.json': app })).toEqual(['coversAll ""']);
  });

  it('"/services/**" covers services itself but not a sibling that shares its prefix', async () => {
    expect(
      await covers('/services/**', { 'services/package.json': app, 'services-old/package.json': app }),
    ).toEqual(['missesSome "npm in /services-old"']);
  });

  it('"/services/**/api" is a glob, not a recursive directory', async () => {
    expect(
      await covers('/services/**/api', {
        'services/a/api/package.json': app,
        'services/a/package.json': app,
      }),
    ).toEqual(['missesSome "npm in /services/a"']);
  });

  it('leading and trailing slashes are not part of the directory', async () => {
    expect(await covers('/web/', { 'web/package.json': app })).toEqual(['coversAll ""']);
    expect(await covers('//web', { 'web/package.json': app })).toEqual(['coversAll ""']);
    expect(await covers('/web//', { 'web/package.json': app })).toEqual(['coversAll ""']);
    expect(await covers(' /web ', { 'web/package.json': app })).toEqual(['coversAll ""']);
    expect(await covers('web/api', { 'web/api/package.json': app })).toEqual(['coversAll ""']);
  });

  it('any one of "directories" covers', async () => {
    const directories =
      '  - package-ecosystem: npm\n    directories: ["/a", "/b"]\n    schedule:\n      interval: weekly\n';
    expectFindings(await run({ 'b/package.json': app, [DEPENDABOT]: dependabot(directories) }), [
      { status: 'pass', messageId: 'coversAll', path: DEPENDABOT },
    ]);
  });
});

describe('Dependabot problems at their lines', () => {
  it('an invalid value in the eleventh entry is reported at its line, and at most ten problems', async () => {
    const good = Array.from({ length: 10 }, () => entry('npm')).join('');
    const bad = '  - package-ecosystem: npm\n    directory: "/"\n    schedule:\n      interval: sometimes\n';
    const findings = await run({ 'package.json': app, [DEPENDABOT]: dependabot(good, bad) });
    expectFindings(findings, [
      {
        status: 'fail',
        messageId: 'invalid',
        path: DEPENDABOT,
        startLine: 46,
        data: { problem: expect.stringMatching(/^updates\.10\.schedule\.interval: /) },
      },
    ]);
    const manyBad = Array.from({ length: 12 }, () => bad).join('');
    expect((await run({ 'package.json': app, [DEPENDABOT]: dependabot(manyBad) })).length).toBe(10);
  });

  it('a wrong value is reported at its own line, not its entry’s', async () => {
    const bad = '  - package-ecosystem: npm\n    directory: 5\n    schedule:\n      interval: weekly\n';
    expectFindings(await run({ 'package.json': app, [DEPENDABOT]: dependabot(bad) }), [
      {
        status: 'fail',
        messageId: 'invalid',
        path: DEPENDABOT,
        startLine: 4,
        data: { problem: expect.stringMatching(/^updates\.0\.directory: /) },
      },
    ]);
  });

  it('a missing key is reported at the entry that lacks it', async () => {
    expectFindings(
      await run({
        'package.json': app,
        [DEPENDABOT]: dependabot(entry('npm'), '  - package-ecosystem: docker\n    directory: "/"\n'),
      }),
      [
        {
          status: 'fail',
          messageId: 'invalid',
          path: DEPENDABOT,
          startLine: 7,
          data: { problem: 'updates.1.schedule: schedule.interval is required' },
        },
      ],
    );
  });

  it('an unknown key is reported at the key, nested or at the top level', async () => {
    expectFindings(
      await run({
        'package.json': app,
        [DEPENDABOT]: `version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: "/"\n    schedule:\n      interval: weekly\n    labelz: [x]\nextra: 1\n`,
      }),
      [
        {
          status: 'warn',
          messageId: 'unknownKey',
          startLine: 7,
          data: { key: 'labelz', where: 'updates.0' },
        },
        { status: 'warn', messageId: 'unknownKey', startLine: 8, data: { key: 'extra', where: 'top level' } },
        { status: 'pass', messageId: 'coversAll', path: DEPENDABOT },
      ],
    );
  });

  it('broken YAML says what is wrong without the parser’s position, at its line', async () => {
    const late = `version: 2\n${'#\n'.repeat(8)}updates:\n  - package-ecosystem: npm\n    directory:      [a, b\n`;
    expectFindings(await run({ 'package.json': app, [DEPENDABOT]: late }), [
      {
        status: 'fail',
        messageId: 'invalid',
        path: DEPENDABOT,
        startLine: 13,
        data: { problem: 'Flow sequence in block collection must be sufficiently indented and end with a ]' },
      },
    ]);
    expectFindings(await run({ 'package.json': app, [DEPENDABOT]: 'version: 2\nupdates:\n  - [a\n' }), [
      {
        status: 'fail',
        messageId: 'invalid',
        path: DEPENDABOT,
        startLine: 4,
        data: { problem: 'Flow sequence in block collection must be sufficiently indented and end with a ]' },
      },
    ]);
  });
});

describe('neededUpdates', () => {
  it('folds workspace members matched by any glob, written with ./ and a trailing slash', () => {
    const root = '{"name": "r", "private": true, "workspaces": ["./packages/*/", "apps/*"]}';
    expect(
      needs({
        'package.json': root,
        'packages/a/package.json': app,
        'apps/b/package.json': app,
        'tools/package.json': app,
      }),
    ).toEqual([
      { ecosystem: 'npm', dir: '' },
      { ecosystem: 'npm', dir: 'tools' },
    ]);
  });

  it('a workspace root in a subdirectory matches its members relative to itself', () => {
    const root = '{"name": "r", "private": true, "workspaces": ["packages/*"]}';
    expect(needs({ 'web/package.json': root, 'web/packages/a/package.json': app })).toEqual([
      { ecosystem: 'npm', dir: 'web' },
    ]);
  });

  it('a pnpm workspace in a subdirectory folds its members into it', () => {
    expect(
      needs({
        'web/package.json': app,
        'web/pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
        'web/packages/a/package.json': app,
      }),
    ).toEqual([{ ecosystem: 'npm', dir: 'web' }]);
  });

  it('a pnpm workspace folds npm packages only, and only into an npm root', () => {
    expect(
      needs({
        'pom.xml': '<project><modelVersion>4.0.0</modelVersion></project>',
        'pnpm-workspace.yaml': 'packages:\n  - "frontend"\n',
        'frontend/package.json': app,
        'pyproject.toml':
          '[project]\nname="a"\ndependencies=["requests>=2"]\n[tool.uv.workspace]\nmembers=["pkgs/*"]\n',
        'tools/pyproject.toml': '[project]\nname="t"\ndependencies=["click>=8"]\n',
      }),
    ).toEqual([
      { ecosystem: 'maven', dir: '' },
      { ecosystem: 'npm', dir: 'frontend' },
      { ecosystem: 'pip', dir: '' },
      { ecosystem: 'pip', dir: 'tools' },
    ]);
  });

  it('Gradle modules fold into the root build even without dependencies', () => {
    expect(
      needs({ 'build.gradle': 'plugins { id "java" }\n', 'app/build.gradle': 'plugins { id "java" }\n' }),
    ).toEqual([{ ecosystem: 'gradle', dir: '' }]);
  });

  it('an R package needs no Dependabot entry', () => {
    expect(needs({ DESCRIPTION: 'Package: x\nImports: dplyr\n' })).toEqual([]);
  });

  it('vendored Terraform modules and sbt builds need nothing of their own', () => {
    expect(
      needs({
        'infra/main.tf': 'terraform {}\n',
        'infra/.terraform/modules/vpc/main.tf': 'terraform {}\n',
        'vendor/lib/build.sbt': 'name := "x"\n',
      }),
    ).toEqual([{ ecosystem: 'terraform', dir: 'infra' }]);
  });
});
