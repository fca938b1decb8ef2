import { describe, expect, it } from 'vitest';
import { expectFindings, FIXED_NOW, runCheck, runOnFixture } from '../test/support/check-harness.js';
import { cycleStatus, EOL_DATA } from './lib/eol.js';
import {
  cycleOf,
  dockerfileBaseImages,
  frameworkCycle,
  imageCycle,
  lowestVersion,
  versionBounds,
} from './lib/runtimes.js';
import check from './supported-runtime.js';

const run = (files: Record<string, string>) => runCheck(check, { files, now: FIXED_NOW.toISOString() });

describe('supported-runtime', () => {
  it('fails a multi-stage Dockerfile on the stage that uses an end-of-life image, at its FROM line', async () => {
    expectFindings(await runOnFixture(check, 'runtime-multistage-dockerfile-eol'), [
      {
        status: 'fail',
        messageId: 'eol',
        path: 'Dockerfile',
        startLine: 5,
        data: { runtime: 'Python', cycle: '3.8', eol: '2024-10-07' },
      },
      // The Node stage (tag from a global ARG) is fine; nginx is not a runtime image.
      { status: 'pass', messageId: 'supported', path: 'Dockerfile', startLine: 2 },
    ]);
  });

  it('passes supported runtimes declared in engines, .nvmrc, requires-python and FROM', async () => {
    expectFindings(await runOnFixture(check, 'runtime-supported'), [
      { status: 'pass', messageId: 'supported', path: 'package.json', startLine: 5 },
      { status: 'pass', messageId: 'supported', path: '.nvmrc', startLine: 1 },
      { status: 'pass', messageId: 'supported', path: 'api/pyproject.toml', startLine: 4 },
      { status: 'pass', messageId: 'supported', path: 'api/Dockerfile', startLine: 1 },
    ]);
  });

  it('warns within six months of end of life', async () => {
    expectFindings(await runOnFixture(check, 'runtime-ending-soon'), [
      { status: 'warn', messageId: 'eolSoon', path: '.ruby-version', startLine: 1 },
      { status: 'warn', messageId: 'eolSoon', path: '.nvmrc', data: { cycle: '22', eol: '2027-04-30' } },
    ]);
  });

  it('judges every release a range admits, not only its lowest', async () => {
    expectFindings(await run({ 'package.json': '{"engines": {"node": ">=18"}}' }), [
      {
        status: 'pass',
        messageId: 'admitsSupported',
        path: 'package.json',
        startLine: 1,
        data: { cycle: '22', ended: '18 to 21', supported: '22, 24 and 26' },
      },
    ]);
    expectFindings(await run({ 'package.json': '{"engines": {"node": "^18"}}' }), [
      { status: 'fail', messageId: 'eol', path: 'package.json', data: { cycle: '18' } },
    ]);
    expectFindings(await run({ 'package.json': '{"engines": {"node": "^24.1.0 || >=26"}}' }), [
      { status: 'pass', messageId: 'supported', path: 'package.json', data: { cycle: '24' } },
    ]);
  });

  it('reads Java, .NET, Go, PHP, Ruby and Python project files', async () => {
    const findings = await run({
      'pom.xml':
        '<project>\n<properties>\n<maven.compiler.release>19</maven.compiler.release>\n</properties>\n</project>\n',
      'app/build.gradle.kts': 'java { toolchain { languageVersion = JavaLanguageVersion.of(21) } }\n',
      'src/App.csproj':
        '<Project>\n<PropertyGroup>\n<TargetFrameworks>net10.0;net6.0;net48;netstandard2.0</TargetFrameworks>\n</PropertyGroup>\n</Project>\n',
      'go.mod': 'module x\n\ngo 1.22\n',
      'composer.json': '{"require": {"php": "^8.3"}}',
      '.tool-versions': 'golang 1.26.1\njava temurin-17.0.8+7\n',
      'runtime.txt': 'python-3.9.18\n',
      Gemfile: "source 'https://rubygems.org'\nruby '3.4.1'\n",
    });
    const supported = (path: string, cycle: string) => ({
      status: 'pass' as const,
      messageId: 'supported',
      path,
      data: { cycle },
    });
    const eol = (path: string, cycle: string, startLine?: number) => ({
      status: 'fail' as const,
      messageId: 'eol',
      path,
      ...(startLine === undefined ? {} : { startLine }),
      data: { cycle },
    });
    expectFindings(findings, [
      eol('pom.xml', '19', 3),
      supported('app/build.gradle.kts', '21'),
      supported('src/App.csproj', '10.0'),
      eol('src/App.csproj', '6.0'),
      supported('src/App.csproj', '4.8'),
      eol('go.mod', '1.22', 3),
      supported('composer.json', '8.3'),
      supported('.tool-versions', '1.26'),
      supported('.tool-versions', '17'),
      eol('runtime.txt', '3.9'),
      supported('Gemfile', '3.4'),
    ]);
  });

  it('passes releases newer than the data and says so when none is declared', async () => {
    expectFindings(await run({ '.nvmrc': 'v99.1.0\n' }), [
      { status: 'pass', messageId: 'newer', path: '.nvmrc' },
    ]);
    expectFindings(await run({ 'README.md': '# x' }), [
      { status: 'info', messageId: 'noneDeclared', path: null },
    ]);
    // .NET Framework 3.0 sits between 2.0 (ended) and 3.5 (supported): the data cannot place it.
    expectFindings(
      await run({
        'App.csproj':
          '<Project>\n<PropertyGroup>\n<TargetFramework>net30</TargetFramework>\n</PropertyGroup>\n</Project>\n',
      }),
      [{ status: 'info', messageId: 'unknownCycle', path: 'App.csproj', data: { cycle: '3.0' } }],
    );
  });
});

describe('runtime versions', () => {
  it('finds the lowest admitted version', () => {
    expect(lowestVersion('>=3.9,<4')).toBe('3.9');
    expect(lowestVersion('>= 18.17.0 < 19 || >=20')).toBe('18.17.0');
    expect(lowestVersion('~> 3.1')).toBe('3.1');
    expect(lowestVersion('18.x')).toBe('18');
    expect(lowestVersion('18 - 20')).toBe('18');
    expect(lowestVersion('*')).toBeUndefined();
    expect(lowestVersion('<20')).toBeUndefined();
  });

  it('maps versions, frameworks and images to release cycles', () => {
    expect(cycleOf('java', '1.8')).toBe('8');
    expect(cycleOf('python', '3.10.4')).toBe('3.10');
    expect(cycleOf('python', '3')).toBeUndefined();
    expect(frameworkCycle('netcoreapp3.1')).toEqual({ runtime: 'dotnet', cycle: '3.1' });
    expect(frameworkCycle('net472')).toEqual({ runtime: 'dotnetfx', cycle: '4.7.2' });
    expect(frameworkCycle('net8.0-windows')).toEqual({ runtime: 'dotnet', cycle: '8.0' });
    expect(imageCycle('node:18-alpine')).toEqual({ runtime: 'nodejs', cycle: '18' });
    expect(imageCycle('node:hydrogen-slim')).toEqual({ runtime: 'nodejs', cycle: '18' });
    expect(imageCycle('docker.io/library/python:3.8-slim@sha256:abc')).toEqual({
      runtime: 'python',
      cycle: '3.8',
    });
    expect(imageCycle('openjdk:8-jdk-alpine')).toEqual({ runtime: 'java', cycle: '8' });
    expect(imageCycle('mcr.microsoft.com/dotnet/aspnet:8.0-alpine')).toEqual({
      runtime: 'dotnet',
      cycle: '8.0',
    });
    expect(imageCycle('golang:1.20-alpine')).toEqual({ runtime: 'go', cycle: '1.20' });
    expect(imageCycle('php:7.4-apache')).toEqual({ runtime: 'php', cycle: '7.4' });
    expect(imageCycle('node:lts')).toBeUndefined();
    expect(imageCycle('node')).toBeUndefined();
    expect(imageCycle('localhost:5000/node')).toBeUndefined();
  });

  it('lists every stage base image but not references to earlier stages', () => {
    expect(
      dockerfileBaseImages(
        'FROM --platform=$BUILDPLATFORM golang:1.26 AS build\nFROM build AS test\nFROM scratch\n',
      ),
    ).toEqual([{ image: 'golang:1.26', line: 1 }]);
  });

  it('uses the shipped data with its date and the documented Node, Python and .NET dates', () => {
    expect(EOL_DATA.source).toBe('https://endoflife.date');
    expect(EOL_DATA.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const eol = (runtime: 'nodejs' | 'python' | 'dotnet', cycle: string) =>
      EOL_DATA.products[runtime]?.cycles.find((c) => c.cycle === cycle)?.eol;
    expect([eol('nodejs', '18'), eol('nodejs', '20'), eol('nodejs', '22'), eol('nodejs', '24')]).toEqual([
      '2025-04-30',
      '2026-04-30',
      '2027-04-30',
      '2028-04-30',
    ]);
    expect(eol('python', '3.10')).toBe('2026-10-31');
    expect(eol('dotnet', '8.0')).toBe('2026-11-10');
    expect(cycleStatus('nodejs', '20', new Date('2026-04-29T00:00:00Z')).kind).toBe('ending');
    expect(cycleStatus('nodejs', '20', new Date('2026-04-30T00:00:00Z')).kind).toBe('ended');
    expect(cycleStatus('nodejs', '24', new Date('2027-10-29T00:00:00Z')).kind).toBe('supported');
  });

  it('ships well-formed data: dated cycles, no duplicates, every product the readers name', () => {
    for (const runtime of ['nodejs', 'python', 'java', 'dotnet', 'dotnetfx', 'ruby', 'go', 'php']) {
      const cycles = EOL_DATA.products[runtime]?.cycles ?? [];
      expect(cycles.length, runtime).toBeGreaterThan(5);
      expect(new Set(cycles.map((c) => c.cycle)).size, runtime).toBe(cycles.length);
      for (const c of cycles)
        expect(typeof c.eol === 'boolean' || /^\d{4}-\d{2}-\d{2}$/.test(c.eol), `${runtime} ${c.cycle}`).toBe(
          true,
        );
    }
  });
});

describe('supported-runtime on ranges, Lambda functions and convention plugins', () => {
  it('judges every member of a Composer range: all past end of life fails, an ended alternative beside a supported one warns', async () => {
    // Composer's ~7.0 admits every 7.x from 7.0.
    expectFindings(await run({ 'composer.json': '{"require": {"php": "~5.5|~7.0"}}' }), [
      {
        status: 'fail',
        messageId: 'eolRange',
        path: 'composer.json',
        data: { ended: '5.5 to 7.4', eol: '2022-11-28' },
      },
    ]);
    expectFindings(await run({ 'composer.json': '{"require": {"php": "^7.4 || ^8.3"}}' }), [
      {
        status: 'warn',
        messageId: 'eolAdmitted',
        path: 'composer.json',
        data: { ended: '7.4', supported: '8.3, 8.4 and 8.5', eol: '2022-11-28' },
      },
    ]);
  });

  it('takes a release older than the data’s oldest ended one for ended, naming the release after it', async () => {
    expectFindings(await run({ 'composer.json': '{"require": {"php": "5.4.*"}}' }), [
      {
        status: 'fail',
        messageId: 'eolUnlisted',
        path: 'composer.json',
        data: { cycle: '5.4', after: '5.6', when: 'on 2018-12-31' },
      },
    ]);
  });

  it('warns when a range’s upper bound leaves out the current LTS release', async () => {
    expectFindings(await run({ 'package.json': '{"engines": {"node": ">=24.11 <25"}}' }), [
      {
        status: 'warn',
        messageId: 'excludesLts',
        path: 'package.json',
        data: { cycle: '24', highest: '24', lts: '26' },
      },
    ]);
    expectFindings(await run({ 'package.json': '{"engines": {"node": ">=24.11"}}' }), [
      { status: 'pass', messageId: 'supported', path: 'package.json', data: { cycle: '24' } },
    ]);
  });

  it('does not fail open-ended floors that admit supported releases; judges each alternative and the upper bound', async () => {
    expectFindings(await runOnFixture(check, 'runtime-open-ended-ranges'), [
      // A library's compatibility floor, and a floor whose lowest release has just ended.
      {
        status: 'pass',
        messageId: 'admitsSupported',
        path: 'packages/frontend/package.json',
        startLine: 7,
        data: { ended: '4 to 21', supported: '22, 24 and 26' },
      },
      {
        status: 'pass',
        messageId: 'admitsSupported',
        path: 'package.json',
        data: { ended: '20 and 21', supported: '22, 24 and 26' },
      },
      {
        status: 'pass',
        messageId: 'admitsSupported',
        path: 'metrics/pyproject.toml',
        startLine: 5,
        data: { ended: '3.10', supported: '3.11 to 3.15' },
      },
      // `<3.12` still admits 3.11, supported until 2027-10-31.
      {
        status: 'pass',
        messageId: 'admitsSupported',
        path: 'cubes/pyproject.toml',
        data: { ended: '3.9 and 3.10', supported: '3.11' },
      },
      // `>= 20.x` admits 22 and later: only the alternatives that admit nothing supported warn.
      {
        status: 'warn',
        messageId: 'eolAdmitted',
        path: 'packages/kit/package.json',
        data: { ended: '16 and 18', supported: '22, 24 and 26' },
      },
      // `<=22` stops at a release that ends within six months.
      {
        status: 'warn',
        messageId: 'eolSoon',
        path: 'packages/forms/package.json',
        data: { cycle: '22', eol: '2027-04-30' },
      },
    ]);
  });

  it('sets aside runtimes pinned by example apps and test harnesses, and says so', async () => {
    const findings = await run({
      'go.mod': 'module example.org/screening\n\ngo 1.26.0\n',
      'docs/adr/assets/ADR-003/examples/golang/go.mod': 'module example\n\ngo 1.23.0\n',
      'sandbox/package.json': '{"name": "sandbox", "private": true, "engines": {"node": "10.x"}}',
    });
    expectFindings(findings, [
      { status: 'pass', messageId: 'supported', path: 'go.mod', data: { cycle: '1.26' } },
      {
        status: 'info',
        messageId: 'exampleSetAside',
        path: null,
        data: { count: 2, paths: 'docs/adr/assets/ADR-003/examples/golang/go.mod, sandbox/package.json' },
      },
    ]);
  });

  it('reads upper bounds the way each ecosystem writes them', () => {
    expect(versionBounds('^16.x || ^18.x || >= 20.x', 'nodejs')).toEqual([
      { lower: '16', upper: { version: '17', inclusive: false } },
      { lower: '18', upper: { version: '19', inclusive: false } },
      { lower: '20' },
    ]);
    expect(versionBounds('>=18 <=22', 'nodejs')).toEqual([
      { lower: '18', upper: { version: '22', inclusive: true } },
    ]);
    expect(versionBounds('24.13.x', 'nodejs')).toEqual([
      { lower: '24.13', upper: { version: '24.14', inclusive: false } },
    ]);
    expect(versionBounds('~> 3.1', 'ruby')).toEqual([
      { lower: '3.1', upper: { version: '4', inclusive: false } },
    ]);
    expect(versionBounds('~=3.9.1', 'python')).toEqual([
      { lower: '3.9.1', upper: { version: '3.10', inclusive: false } },
    ]);
    expect(versionBounds('~7.0', 'php')).toEqual([
      { lower: '7.0', upper: { version: '8', inclusive: false } },
    ]);
    expect(versionBounds('~20.1', 'nodejs')).toEqual([
      { lower: '20.1', upper: { version: '20.2', inclusive: false } },
    ]);
    expect(versionBounds('^0.3', 'nodejs')).toEqual([
      { lower: '0.3', upper: { version: '0.4', inclusive: false } },
    ]);
    expect(versionBounds('==3.11.*', 'python')).toEqual([
      { lower: '3.11', upper: { version: '3.12', inclusive: false } },
    ]);
    expect(versionBounds('3.4.1', 'ruby')).toEqual([
      { lower: '3.4.1', upper: { version: '3.4.1', inclusive: true } },
    ]);
    expect(versionBounds('18 - 20', 'nodejs')).toEqual([
      { lower: '18', upper: { version: '20', inclusive: true } },
    ]);
    expect(versionBounds('<20', 'nodejs')).toBeUndefined();
  });

  it('reads Lambda runtimes in Terraform, SAM, Serverless and CDK, at their lines', async () => {
    expectFindings(await runOnFixture(check, 'runtime-lambda'), [
      {
        status: 'pass',
        messageId: 'supported',
        path: 'cdk/lib/api-stack.ts',
        startLine: 9,
        data: { runtime: 'Java', cycle: '8', declared: 'java8', source: 'AWS Lambda CDK lambda.Runtime' },
      },
      {
        status: 'fail',
        messageId: 'eol',
        path: 'cdk/lib/api-stack.ts',
        startLine: 14,
        data: { runtime: 'Python', cycle: '3.7', declared: 'python3.7' },
      },
      {
        status: 'warn',
        messageId: 'eolSoon',
        path: 'functions/serverless.yml',
        startLine: 4,
        data: { runtime: 'Node.js', cycle: '22', declared: 'nodejs22.x' },
      },
      {
        status: 'fail',
        messageId: 'eol',
        path: 'infra/terraform/lambda.tf',
        startLine: 5,
        data: { runtime: 'Node.js', cycle: '16', source: 'AWS Lambda Terraform runtime' },
      },
      { status: 'fail', messageId: 'eol', path: 'sam/template.yaml', startLine: 5, data: { cycle: '3.8' } },
      {
        status: 'pass',
        messageId: 'supported',
        path: 'sam/template.yaml',
        startLine: 13,
        data: { cycle: '3.12' },
      },
    ]);
  });

  it('reads the toolchain a Gradle convention plugin sets', async () => {
    expectFindings(await runOnFixture(check, 'runtime-gradle-conventions'), [
      {
        status: 'pass',
        messageId: 'supported',
        path: 'buildSrc/src/main/kotlin/java-conventions.gradle.kts',
        startLine: 7,
        data: {
          runtime: 'Java',
          cycle: '11',
          source: 'Gradle toolchain',
          declared: 'JavaLanguageVersion.of(11)',
        },
      },
    ]);
  });

  it('words an open-ended support life and never points the supplier at the audit’s own files', async () => {
    const findings = await run({ 'go.mod': 'module x\n\ngo 1.27\n' });
    expectFindings(findings, [
      { status: 'pass', messageId: 'supported', data: { until: 'with no end of life announced' } },
    ]);
    for (const text of [...Object.values(check.meta.remediation), check.meta.description])
      expect(text).not.toMatch(/eol\.json|refresh-eol|scripts\//);
  });
});
