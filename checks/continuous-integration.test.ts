import { describe, expect, it } from 'vitest';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import check from './continuous-integration.js';

describe('continuous-integration', () => {
  it('passes a GitHub Actions workflow with on and jobs', async () => {
    expectFindings(await runOnFixture(check, 'ci-github-actions'), [
      {
        status: 'pass',
        messageId: 'configured',
        path: '.github/workflows/ci.yml',
        data: { service: 'GitHub Actions' },
      },
    ]);
  });

  it('passes a Jenkinsfile', async () => {
    expectFindings(await runOnFixture(check, 'ci-jenkins'), [
      { status: 'pass', messageId: 'configured', path: 'Jenkinsfile' },
    ]);
  });

  it('fails when there is no CI configuration', async () => {
    expectFindings(await runOnFixture(check, 'empty-repo'), [
      { status: 'fail', messageId: 'missing', path: null },
    ]);
  });

  it('fails a workflow that does not parse, at the line of the error', async () => {
    expectFindings(await runOnFixture(check, 'ci-workflow-invalid'), [
      {
        status: 'fail',
        messageId: 'invalid',
        path: '.github/workflows/ci.yml',
        startLine: 6,
        data: { problem: expect.stringMatching(/same column/) },
      },
    ]);
  });

  it('fails a workflow without jobs, and reads other services', async () => {
    const findings = await runCheck(check, {
      files: {
        '.github/workflows/release.yaml': 'name: release\non: push\n',
        '.gitlab-ci.yml': 'test:\n  script: make test\n',
        '.circleci/config.yml': 'version: 2.1\n',
      },
    });
    expectFindings(findings, [
      { status: 'fail', messageId: 'invalid', path: '.github/workflows/release.yaml', startLine: 1 },
      { status: 'pass', messageId: 'configured', path: '.gitlab-ci.yml' },
      { status: 'pass', messageId: 'configured', path: '.circleci/config.yml' },
    ]);
  });
});

describe('continuous-integration as real repositories configure it', () => {
  it('finds a Concourse pipeline anywhere under ci/, with its task files in one finding', async () => {
    expectFindings(await runOnFixture(check, 'ci-concourse'), [
      {
        status: 'pass',
        messageId: 'configured',
        path: 'ci/pipeline.yml',
        data: { service: 'Concourse', path: 'ci/pipeline.yml' },
        evidence: { concourseTasks: 2 },
      },
    ]);
  });

  it('takes Concourse task files without a pipeline for Concourse, once', async () => {
    expectFindings(await runOnFixture(check, 'ci-concourse-tasks-only'), [
      {
        status: 'pass',
        messageId: 'configured',
        path: 'ci/tasks/lint.yml',
        data: { service: 'Concourse', path: 'ci/tasks/lint.yml and 1 more task files' },
      },
    ]);
  });

  it('finds Jenkinsfile_CNP and Jenkinsfile_nightly', async () => {
    expectFindings(await runOnFixture(check, 'ci-jenkins-cnp'), [
      { status: 'pass', messageId: 'configured', path: 'Jenkinsfile_CNP', data: { service: 'Jenkins' } },
      { status: 'pass', messageId: 'configured', path: 'Jenkinsfile_nightly', data: { service: 'Jenkins' } },
    ]);
  });

  it('follows GitLab local includes: a broken one fails at its line, a missing one is named', async () => {
    expectFindings(await runOnFixture(check, 'ci-gitlab-includes'), [
      {
        status: 'pass',
        messageId: 'configured',
        path: '.gitlab-ci.yml',
        data: { path: '.gitlab-ci.yml (with 4 included files)' },
        evidence: { includes: { local: ['.gitlab/ci/test.yml', '.gitlab/ci/deploy.yml'], other: 2 } },
      },
      { status: 'fail', messageId: 'invalid', path: '.gitlab/ci/test.yml', startLine: 5 },
      {
        status: 'fail',
        messageId: 'missingInclude',
        path: '.gitlab-ci.yml',
        data: { include: '.gitlab/ci/deploy.yml' },
      },
    ]);
  });

  it('warns about workflows on retired runner images, at the line, and notes a stale Travis file', async () => {
    expectFindings(await runOnFixture(check, 'ci-retired-runners'), [
      { status: 'pass', messageId: 'configured', path: '.github/workflows/ci.yml' },
      {
        status: 'warn',
        messageId: 'retiredRunner',
        path: '.github/workflows/ci.yml',
        startLine: 6,
        data: { label: 'ubuntu-20.04', retired: '2025-04-15' },
      },
      {
        status: 'warn',
        messageId: 'retiredRunner',
        path: '.github/workflows/ci.yml',
        startLine: 13,
        data: { label: 'windows-2019' },
      },
      { status: 'pass', messageId: 'configured', path: '.travis.yml', data: { service: 'Travis CI' } },
      {
        status: 'info',
        messageId: 'stale',
        path: '.travis.yml',
        data: { other: 'GitHub Actions', otherPath: '.github/workflows/ci.yml' },
      },
    ]);
  });

  // NHS Wales keeps its Azure DevOps pipelines in pipeline-ado/, NHS England in azure-pipelines-ci.yml and friends.
  it('finds Azure Pipelines by name anywhere, and by their keys in pipeline directories', async () => {
    const findings = await runCheck(check, {
      files: {
        'azure-pipelines-ci.yml':
          'trigger:\n  branches:\n    include: [main]\npool:\n  vmImage: ubuntu-latest\nsteps:\n  - task: UseDotNet@2\n    inputs:\n      version: 8.x\n  - script: dotnet test\n',
        'pipeline-ado/hl7server-build.yml': [
          'trigger:',
          '  paths:',
          '    include: [hl7_server/*]',
          'stages:',
          '  - stage: Build',
          '    jobs:',
          '      - job: BuildImage',
          '        steps:',
          '          - task: Docker@2',
          '            inputs:',
          '              command: buildAndPush',
          '',
        ].join('\n'),
        'pipeline-ado/templates/docker-build.yml':
          'parameters:\n  - name: image\n    type: string\nsteps:\n  - bash: docker build -t ${{ parameters.image }} .\n',
        'azure-pipelines-release.yml': [
          'stages:',
          '  - template: pipelines/deploy.yml',
          '    parameters:',
          "      ${{ if eq(variables.env, 'perf') }}:",
          '        resourceGroup: mya-perf-rg',
          '      ${{ else }}:',
          '        resourceGroup: mya-rg',
          "      ${{ if eq(variables.env, 'perf') }}:",
          '        serviceConnection: mya-perf',
          '      ${{ else }}:',
          '        serviceConnection: mya',
          '',
        ].join('\n'),
        'deploy/hl7-server.yml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: hl7-server\nspec:\n  replicas: 2\n',
        // A key spelled with an escape is still the key: the text need not hold the word itself.
        'deploy/escaped.yml': '"st\\x65ps":\n  - script: make\n',
      },
    });
    expectFindings(
      findings,
      [
        'azure-pipelines-ci.yml',
        'azure-pipelines-release.yml',
        'deploy/escaped.yml',
        'pipeline-ado/hl7server-build.yml',
        'pipeline-ado/templates/docker-build.yml',
      ].map((path) => ({
        status: 'pass' as const,
        messageId: 'configured',
        path,
        data: { service: 'Azure Pipelines' },
      })),
    );
  });
});
