import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import {
  cycleOf,
  dockerfileBaseImages,
  findRuntimeDeclarations,
  frameworkCycle,
  imageCycle,
  lambdaRuntimeCycle,
  lowestVersion,
  versionBounds,
} from './lib/runtimes.js';

/** Every place a runtime is declared, read field by field: what, where, as written, from which source. */

const FILES: Record<string, string> = {
  '.nvmrc': '# pinned\n\nlts/Iron\n',
  'web/.node-version': 'v22.1.0\n',
  '.python-version': '3.12.1\n\n3.11\nsystem\n',
  'runtime.txt': '\npython-3.11.4\n',
  '.ruby-version': 'ruby-3.3.0\n',
  '.tool-versions': 'nodejs 20.11.0 22.1.0 # two\n# python 3.8\njava temurin-21.0.1+12\nterraform 1.6.0\n',
  Dockerfile:
    'ARG BASE="3.12"\n  from --platform=linux/amd64  python:${BASE}-slim  as  build\nFROM build\nFROM node:${NODE:-20}-alpine\nFROM mcr.microsoft.com/dotnet/framework/aspnet:4.8\n',
  'api/Containerfile': 'FROM index.docker.io/node:18\n',
  'package.json': '{\n  "engines": { "node": ">=20 <23", "npm": ">=10" }\n}\n',
  'composer.json': '{"require": {"php": "^8.2"}}',
  'App.csproj':
    '<Project>\n<PropertyGroup>\n<TargetFrameworks>net8.0; net48</TargetFrameworks>\n</PropertyGroup>\n</Project>\n',
  'gradle/java.gradle':
    'java {\n  toolchain {\n    languageVersion.set(JavaLanguageVersion.of("17"))\n  }\n}\n',
  'build-logic/kotlin.gradle.kts': 'kotlin { jvmToolchain(21) }\n',
  'infra/main.tf': 'resource "aws_lambda_function" "f" {\n  runtime = "python3.9"\n}\n',
  '.terraform/modules/x/main.tf': 'resource "aws_lambda_function" "g" {\n  runtime = "python2.7"\n}\n',
  'template.yaml':
    'Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs18.x\n',
  'other/template.yml': 'Runtime: python3.6\n',
  'serverless.yml': 'provider:\n  runtime: "ruby3.2"\n',
  'app-stack.ts':
    'new Function(this, "f", { runtime: Runtime.DOTNET_CORE_3_1 });\nRuntime.JAVA_8_CORRETTO; Runtime.PROVIDED_AL2;\n',
  'cloudformation/fn.json': '{"Type": "AWS::Lambda::Function", "Properties": {\n "Runtime" : "java11"\n}}',
};

describe('findRuntimeDeclarations', () => {
  it('reads every kind of file, in path and line order, with what was written and where', () => {
    expect(findRuntimeDeclarations(memorySnapshot({ files: FILES }))).toEqual([
      { runtime: 'nodejs', cycle: '20', declared: 'lts/Iron', source: '.nvmrc', path: '.nvmrc', line: 3 },
      {
        runtime: 'python',
        cycle: '3.12',
        declared: '3.12.1',
        source: '.python-version',
        path: '.python-version',
        line: 1,
      },
      {
        runtime: 'python',
        cycle: '3.11',
        declared: '3.11',
        source: '.python-version',
        path: '.python-version',
        line: 3,
      },
      {
        runtime: 'ruby',
        cycle: '3.3',
        declared: 'ruby-3.3.0',
        source: '.ruby-version',
        path: '.ruby-version',
        line: 1,
      },
      {
        runtime: 'nodejs',
        cycle: '20',
        declared: 'nodejs 20.11.0',
        source: '.tool-versions',
        path: '.tool-versions',
        line: 1,
      },
      {
        runtime: 'nodejs',
        cycle: '22',
        declared: 'nodejs 22.1.0',
        source: '.tool-versions',
        path: '.tool-versions',
        line: 1,
      },
      {
        runtime: 'java',
        cycle: '21',
        declared: 'java temurin-21.0.1+12',
        source: '.tool-versions',
        path: '.tool-versions',
        line: 3,
      },
      {
        runtime: 'nodejs',
        cycle: '18',
        declared: 'index.docker.io/node:18',
        source: 'Containerfile FROM',
        path: 'api/Containerfile',
        line: 1,
      },
      {
        runtime: 'dotnet',
        cycle: '3.1',
        declared: 'dotnetcore3.1',
        source: 'AWS Lambda CDK lambda.Runtime',
        path: 'app-stack.ts',
        line: 1,
      },
      {
        runtime: 'java',
        cycle: '8',
        declared: 'java8',
        source: 'AWS Lambda CDK lambda.Runtime',
        path: 'app-stack.ts',
        line: 2,
      },
      {
        runtime: 'dotnet',
        cycle: '8.0',
        declared: 'net8.0',
        source: 'csproj TargetFramework',
        path: 'App.csproj',
        line: 3,
      },
      {
        runtime: 'dotnetfx',
        cycle: '4.8',
        declared: 'net48',
        source: 'csproj TargetFramework',
        path: 'App.csproj',
        line: 3,
      },
      {
        runtime: 'java',
        cycle: '21',
        declared: 'jvmToolchain(21)',
        source: 'Gradle toolchain',
        path: 'build-logic/kotlin.gradle.kts',
        line: 1,
      },
      {
        runtime: 'java',
        cycle: '11',
        declared: 'java11',
        source: 'AWS Lambda CloudFormation Runtime',
        path: 'cloudformation/fn.json',
        line: 2,
      },
      {
        runtime: 'php',
        cycle: '8.2',
        declared: '^8.2',
        source: 'composer.json php',
        path: 'composer.json',
        line: 1,
        range: [{ lower: '8.2', upper: { version: '9', inclusive: false } }],
      },
      {
        runtime: 'python',
        cycle: '3.12',
        declared: 'python:3.12-slim',
        source: 'Dockerfile FROM',
        path: 'Dockerfile',
        line: 2,
      },
      {
        runtime: 'nodejs',
        cycle: '20',
        declared: 'node:20-alpine',
        source: 'Dockerfile FROM',
        path: 'Dockerfile',
        line: 4,
      },
      {
        runtime: 'dotnetfx',
        cycle: '4.8',
        declared: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8',
        source: 'Dockerfile FROM',
        path: 'Dockerfile',
        line: 5,
      },
      {
        runtime: 'java',
        cycle: '17',
        declared: 'JavaLanguageVersion.of(17)',
        source: 'Gradle toolchain',
        path: 'gradle/java.gradle',
        line: 3,
      },
      {
        runtime: 'python',
        cycle: '3.9',
        declared: 'python3.9',
        source: 'AWS Lambda Terraform runtime',
        path: 'infra/main.tf',
        line: 2,
      },
      {
        runtime: 'nodejs',
        cycle: '20',
        declared: '>=20 <23',
        source: 'package.json engines.node',
        path: 'package.json',
        line: 2,
        range: [{ lower: '20', upper: { version: '23', inclusive: false } }],
      },
      {
        runtime: 'python',
        cycle: '3.11',
        declared: 'python-3.11.4',
        source: 'runtime.txt',
        path: 'runtime.txt',
        line: 2,
      },
      {
        runtime: 'ruby',
        cycle: '3.2',
        declared: 'ruby3.2',
        source: 'AWS Lambda serverless.yml runtime',
        path: 'serverless.yml',
        line: 2,
      },
      {
        runtime: 'nodejs',
        cycle: '18',
        declared: 'nodejs18.x',
        source: 'AWS Lambda CloudFormation Runtime',
        path: 'template.yaml',
        line: 5,
      },
      {
        runtime: 'nodejs',
        cycle: '22',
        declared: 'v22.1.0',
        source: '.node-version',
        path: 'web/.node-version',
        line: 1,
      },
    ]);
  });
});

describe('the readers one by one', () => {
  it('Lambda runtime ids: case, suffixes, and ids that name no release', () => {
    expect(lambdaRuntimeCycle(' NodeJS20.x ')).toEqual({ runtime: 'nodejs', cycle: '20' });
    expect(lambdaRuntimeCycle('java8.al2')).toEqual({ runtime: 'java', cycle: '8' });
    expect(lambdaRuntimeCycle('java17.al2023')).toEqual({ runtime: 'java', cycle: '17' });
    expect(lambdaRuntimeCycle('dotnet8')).toEqual({ runtime: 'dotnet', cycle: '8.0' });
    expect(lambdaRuntimeCycle('dotnetcore2.1')).toEqual({ runtime: 'dotnet', cycle: '2.1' });
    expect(lambdaRuntimeCycle('python3.12')).toEqual({ runtime: 'python', cycle: '3.12' });
    for (const id of ['provided.al2023', 'go1.x', 'mynodejs20.x', 'nodejs20.xx', 'python3', 'dotnetcore3'])
      expect(lambdaRuntimeCycle(id), id).toBeUndefined();
  });

  it('CDK constants: two-digit majors and minors, and prefixes of other names', () => {
    const ids = (text: string) =>
      findRuntimeDeclarations(memorySnapshot({ files: { 'lib/api-stack.ts': text } })).map((d) => d.declared);
    expect(ids('Runtime.NODEJS_22_X Runtime.PYTHON_3_13 Runtime.DOTNET_8 Runtime.RUBY_3_3')).toEqual([
      'nodejs22.x',
      'python3.13',
      'dotnet8',
      'ruby3.3',
    ]);
    expect(ids('Runtime.MY_NODEJS_20_X Runtime.FROM_ASSET')).toEqual([]);
  });

  it('templates: only SAM/CloudFormation files that declare functions, with any spacing', () => {
    const read = (path: string, text: string) =>
      findRuntimeDeclarations(memorySnapshot({ files: { [path]: text } })).map((d) => [d.declared, d.line]);
    expect(read('sam/template.yml', 'Type: AWS::Serverless::Function\nRuntime:python3.12\n')).toEqual([
      ['python3.12', 2],
    ]);
    expect(read('sam/template.yml', 'Type: Other\nRuntime: python3.12\n')).toEqual([]);
    expect(read('sam/template.yml', 'Type: AWS::Lambda::Function\n# Runtime: python3.6\n')).toEqual([]);
    expect(read('x/serverless.yaml', 'provider:\n  runtime:nodejs20.x\n  # runtime: python3.6\n')).toEqual([
      ['nodejs20.x', 2],
    ]);
    expect(read('main.tf', 'runtime = "provided.al2023"\n')).toEqual([]);
    expect(read('my-serverless.yml', 'runtime: nodejs20.x\n')).toEqual([]);
    expect(read('main.tf', 'runtime="nodejs20.x"\n# runtime = "python3.6"\nruntime = "${var.rt}"\n')).toEqual(
      [['nodejs20.x', 1]],
    );
  });

  it('maps versions to cycles for each runtime', () => {
    expect(cycleOf('nodejs', 'v20.1.0')).toBe('20');
    expect(cycleOf('nodejs', '0.12')).toBeUndefined();
    expect(cycleOf('nodejs', 'lts')).toBeUndefined();
    expect(cycleOf('java', '11.0.2')).toBe('11');
    expect(cycleOf('java', '1')).toBe('1');
    expect(cycleOf('dotnet', '5')).toBe('5.0');
    expect(cycleOf('dotnet', '2.2.8')).toBe('2.2');
    expect(cycleOf('dotnet', '3.1.4')).toBe('3.1');
    expect(cycleOf('dotnet', '3')).toBeUndefined();
    expect(cycleOf('dotnetfx', '4')).toBe('4.0');
    expect(cycleOf('dotnetfx', '4.7.2')).toBe('4.7.2');
    expect(cycleOf('php', '8.03')).toBe('8.3');
    expect(cycleOf('ruby', ' 3.3.0 ')).toBe('3.3');
  });

  it('maps target framework monikers', () => {
    expect(frameworkCycle(' NET10.0 ')).toEqual({ runtime: 'dotnet', cycle: '10.0' });
    expect(frameworkCycle('netcoreapp10.12')).toEqual({ runtime: 'dotnet', cycle: '10.12' });
    expect(frameworkCycle('net45')).toEqual({ runtime: 'dotnetfx', cycle: '4.5' });
    for (const tfm of ['netstandard2.0', 'net4', 'net4721', 'mynet48', 'net8', 'xnetcoreapp3.1', 'xnet8.0'])
      expect(frameworkCycle(tfm), tfm).toBeUndefined();
  });

  it('maps images by their official names only', () => {
    expect(imageCycle('mcr.microsoft.com/dotnet/core/runtime:3.1')).toEqual({
      runtime: 'dotnet',
      cycle: '3.1',
    });
    expect(imageCycle('MCR.microsoft.com/dotnet/sdk:9.0')).toEqual({ runtime: 'dotnet', cycle: '9.0' });
    expect(imageCycle('public.ecr.aws/docker/library/ruby:3.3')).toEqual({ runtime: 'ruby', cycle: '3.3' });
    expect(imageCycle('library/eclipse-temurin:21-jre')).toEqual({ runtime: 'java', cycle: '21' });
    for (const [image, cycle] of [
      ['amazoncorretto:17', '17'],
      ['ibm-semeru-runtimes:open-17-jre', '17'],
      ['ibm-semeru-runtimes:certified-21.0.2_13-jdk-jammy', '21'],
      ['ibm-semeru-runtimes:latest', undefined],
      ['sapmachine:21', '21'],
      ['golang:1.23', '1.23'],
    ] as const)
      expect(imageCycle(image)?.cycle, image).toBe(cycle);
    for (const image of [
      'mcr.microsoft.com/dotnet/sdk-extra:8.0',
      'example.com/mcr.microsoft.com/dotnet/framework/aspnet:4.8',
      'example.com/mcr.microsoft.com/dotnet/sdk:8.0',
      'ghcr.io/node:20',
      'docker.io/mynode:20',
      'node:${NODE}',
      'node:current-alpine',
      'registry:5000/node',
      'python:slim-3.12',
      'python:open-3.12',
      'python:iron',
    ])
      expect(imageCycle(image), image).toBeUndefined();
  });

  it('substitutes ARG defaults in all their forms', () => {
    const images = (text: string) => dockerfileBaseImages(text).map((i) => i.image);
    expect(images('ARG V\nFROM node:${V:-20}\n')).toEqual(['node:20']);
    expect(images('ARG V\nFROM node:${V-22}\n')).toEqual(['node:22']);
    expect(images('ARG V=\nFROM node:${V:-18.20}\n')).toEqual(['node:18.20']);
    expect(images('  arg V=24\nFROM node:$V-alpine AS b1\nFROM b1\n')).toEqual(['node:24-alpine']);
    expect(images('ARG IMAGE_V2=3.12\nFROM python:${IMAGE_V2}\n')).toEqual(['python:3.12']);
    expect(images('ARG U\nFROM node:${U}\n')).toEqual(['node:${U}']);
    expect(images('ARGV=1\nFROM node:20\n')).toEqual(['node:20']);
    expect(images('ARG NODE_VERSION=20\nFROM node:$NODE_VERSION\n')).toEqual(['node:20']);
    expect(images('ARG V=20\n# ARG V=16\nFROM node:${V}\n')).toEqual(['node:20']);
    expect(images('ARG  V=22\nFROM node:${V}\n')).toEqual(['node:22']);
    expect(images('# FROM node:16\nFROM  node:20  AS  b\nFROM b\n')).toEqual(['node:20']);
    expect(images('FROMnode:20\n  FROM\tnode:22\tAS\tb\n')).toEqual(['node:22']);
    expect(images('FROM --platform=$P --link node:20 AS build\n')).toEqual(['node:20']);
  });

  it('reads version requirements written with spaces, ranges and exclusions', () => {
    expect(lowestVersion('>= 18 < 21')).toBe('18');
    expect(lowestVersion('!=3.9, >=3.8')).toBe('3.8');
    expect(lowestVersion('>=3.8,!=3.9.*')).toBe('3.8');
    expect(lowestVersion('<4, >=3.10')).toBe('3.10');
    expect(lowestVersion('v18.1.2  -  v20')).toBe('18.1.2');
    expect(lowestVersion('18 || *')).toBeUndefined();
    expect(lowestVersion('>=16 || >=14')).toBe('14');
    expect(lowestVersion('18.10 - 20')).toBe('18.10');
    expect(lowestVersion('<  20')).toBeUndefined();
    expect(versionBounds('>=16 || 18  - 20.13', 'nodejs')).toEqual([
      { lower: '16' },
      { lower: '18', upper: { version: '20.13', inclusive: true } },
    ]);
    expect(versionBounds('>=  18', 'nodejs')).toEqual([{ lower: '18' }]);
    expect(versionBounds('>=18 <20 <22', 'nodejs')).toEqual([
      { lower: '18', upper: { version: '20', inclusive: false } },
    ]);
    expect(versionBounds('>=18 x', 'nodejs')).toEqual([{ lower: '18' }]);
    expect(versionBounds('^0.0', 'nodejs')).toEqual([
      { lower: '0.0', upper: { version: '1', inclusive: false } },
    ]);
    expect(versionBounds('18.1 -  20.3', 'nodejs')).toEqual([
      { lower: '18.1', upper: { version: '20.3', inclusive: true } },
    ]);
    expect(versionBounds('< 21, >= 18 <= 20.5', 'nodejs')).toEqual([
      { lower: '18', upper: { version: '20.5', inclusive: true } },
    ]);
    expect(versionBounds('>=18 <22 <20', 'nodejs')).toEqual([
      { lower: '18', upper: { version: '20', inclusive: false } },
    ]);
    expect(versionBounds('^0.0.3', 'nodejs')).toEqual([
      { lower: '0.0.3', upper: { version: '0.0.4', inclusive: false } },
    ]);
    expect(versionBounds('^0', 'nodejs')).toEqual([
      { lower: '0', upper: { version: '1', inclusive: false } },
    ]);
    expect(versionBounds('~20', 'nodejs')).toEqual([
      { lower: '20', upper: { version: '21', inclusive: false } },
    ]);
    expect(versionBounds('~7.4.1', 'php')).toEqual([
      { lower: '7.4.1', upper: { version: '7.5', inclusive: false } },
    ]);
    expect(versionBounds('20', 'nodejs')).toEqual([
      { lower: '20', upper: { version: '21', inclusive: false } },
    ]);
    expect(versionBounds('20.1.0', 'nodejs')).toEqual([
      { lower: '20.1.0', upper: { version: '20.1.0', inclusive: true } },
    ]);
    expect(versionBounds('3.12', 'python')).toEqual([
      { lower: '3.12', upper: { version: '3.12', inclusive: true } },
    ]);
    expect(versionBounds('=20.1', 'nodejs')).toEqual([
      { lower: '20.1', upper: { version: '20.1', inclusive: true } },
    ]);
    expect(versionBounds('===3.12.1', 'python')).toEqual([
      { lower: '3.12.1', upper: { version: '3.12.1', inclusive: true } },
    ]);
    expect(versionBounds('>=3.8,!=3.9', 'python')).toEqual([{ lower: '3.8' }]);
    expect(versionBounds('20.X', 'nodejs')).toEqual([
      { lower: '20', upper: { version: '21', inclusive: false } },
    ]);
  });
});

describe('runtime files read with care', () => {
  const read = (files: Record<string, string>) =>
    findRuntimeDeclarations(memorySnapshot({ files })).map(
      (d) => `${d.path}:${d.line} ${d.declared} ${d.cycle}`,
    );

  it('a version file of only comments and blanks declares nothing; a comment after text is text', () => {
    expect(read({ '.nvmrc': '# none\n\n', '.ruby-version': '\n#\n', 'runtime.txt': '# x\n' })).toEqual([]);
    expect(read({ '.nvmrc': '  20  \n' })).toEqual(['.nvmrc:1 20 20']);
    expect(read({ '.nvmrc': '   \n  # c\n22\n' })).toEqual(['.nvmrc:3 22 22']);
    expect(read({ '.nvmrc': 'my-lts/iron\n', 'runtime.txt': 'xpython-3.9\n' })).toEqual([]);
    expect(read({ '.nvmrc': 'node # 20\n' })).toEqual([]);
    expect(read({ '.nvmrc': 'lts/iron-x\n', '.node-version': 'lts/unknown\n' })).toEqual([]);
    expect(read({ 'runtime.txt': 'pypy-3.9\nxpython-3.9\n' })).toEqual([]);
    expect(read({ '.ruby-version': '3.2.2\n' })).toEqual(['.ruby-version:1 3.2.2 3.2']);
  });

  it('.python-version names every line that starts with a digit', () => {
    expect(read({ '.python-version': 'pypy3.10\n 3.13 \n3.12\n' })).toEqual([
      '.python-version:2 3.13 3.13',
      '.python-version:3 3.12 3.12',
    ]);
  });

  it('.tool-versions: tools by name, comments cut, several versions, Java distributions', () => {
    expect(
      read({
        '.tool-versions':
          'golang\t1.23.1   1.22.0\npython 3.12#comment\n#nodejs 12\njava openjdk-21\n  ruby 3.3.0\ndotnet-core 8.0.100\nelixir 1.16\nnode\n',
      }),
    ).toEqual([
      '.tool-versions:1 golang 1.23.1 1.23',
      '.tool-versions:1 golang 1.22.0 1.22',
      '.tool-versions:2 python 3.12 3.12',
      '.tool-versions:4 java openjdk-21 21',
      '.tool-versions:5 ruby 3.3.0 3.3',
      '.tool-versions:6 dotnet-core 8.0.100 8.0',
    ]);
    expect(read({ '.tool-versions': 'java temurin\njava corretto-11.0.20.8.1\njava 8\n' })).toEqual([
      '.tool-versions:2 java corretto-11.0.20.8.1 11',
      '.tool-versions:3 java 8 8',
    ]);
  });

  it('engines that are not runtimes, with no lower bound, or too vague, declare nothing', () => {
    expect(
      read({
        'package.json': '{"engines": {"npm": ">=10", "node": "*"}}',
        'web/package.json': '{"engines": {"node": "0.10"}}',
        'composer.json': '{"require": {"php": "8"}}',
      }),
    ).toEqual([]);
  });

  it('Gradle scripts outside build.gradle, at the toolchain line, in each of its spellings', () => {
    expect(
      read({
        'buildSrc/a.gradle': '\n\njava.toolchain.languageVersion = JavaLanguageVersion.of(17)\n',
        'buildSrc/b.gradle.kts':
          'java { toolchain { languageVersion.set( JavaLanguageVersion.of( "21" ) ) } }\n',
        'gradle/c.gradle': "languageVersion(JavaLanguageVersion.of('11'))\n",
        'build-logic/d.gradle.kts': 'kotlin {\n  jvmToolchain( 8 )\n}\n',
        'build-logic/build.gradle.kts': 'kotlin { jvmToolchain(17) }\n',
        'gradle/e.gradle': 'jvmToolchain(x)\n',
        'gradle/f.gradle': 'languageVersion=JavaLanguageVersion.of (25)\n',
        'gradle/g.gradle.kts': 'languageVersion.set (JavaLanguageVersion.of(25))\n',
        'gradle/h.gradle': 'languageVersion (JavaLanguageVersion.of(25))\n',
        'buildSrc/custom-build.gradle': 'jvmToolchain(25)\n',
      }),
    ).toEqual([
      'build-logic/build.gradle.kts:1 17 17',
      'build-logic/d.gradle.kts:2 jvmToolchain(8) 8',
      'buildSrc/a.gradle:3 JavaLanguageVersion.of(17) 17',
      'buildSrc/b.gradle.kts:1 JavaLanguageVersion.of(21) 21',
      'buildSrc/custom-build.gradle:1 jvmToolchain(25) 25',
      'gradle/c.gradle:1 JavaLanguageVersion.of(11) 11',
      'gradle/f.gradle:1 JavaLanguageVersion.of(25) 25',
      'gradle/g.gradle.kts:1 JavaLanguageVersion.of(25) 25',
      'gradle/h.gradle:1 JavaLanguageVersion.of(25) 25',
    ]);
  });

  it('Lambda files under node_modules or .terraform belong to someone else', () => {
    expect(
      read({
        'node_modules/x/main.tf': 'runtime = "python3.8"\n',
        'modules/.terraform/y/main.tf': 'runtime = "python3.8"\n',
        'a.terraform/main.tf': 'runtime = "python3.12"\n',
      }),
    ).toEqual(['a.terraform/main.tf:1 python3.12 3.12']);
  });
});
