import { parseDocument } from 'yaml';
import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';

/** CI services configured by a file in the repository, with where each looks for it. */
const CI_SERVICES: readonly { name: string; globs: readonly string[]; yaml: boolean }[] = [
  { name: 'GitHub Actions', globs: ['.github/workflows/*.{yml,yaml}'], yaml: true },
  { name: 'GitLab CI', globs: ['.gitlab-ci.yml', '.gitlab-ci.yaml'], yaml: true },
  {
    name: 'Azure Pipelines',
    globs: ['azure-pipelines.{yml,yaml}', '.azure-pipelines/*.{yml,yaml}', '.pipelines/*.{yml,yaml}'],
    yaml: true,
  },
  { name: 'Jenkins', globs: ['Jenkinsfile', 'Jenkinsfile.*', 'jenkins/Jenkinsfile'], yaml: false },
  { name: 'CircleCI', globs: ['.circleci/config.{yml,yaml}'], yaml: true },
  { name: 'Bitbucket Pipelines', globs: ['bitbucket-pipelines.yml'], yaml: true },
  { name: 'Travis CI', globs: ['.travis.yml'], yaml: true },
  { name: 'Drone', globs: ['.drone.yml'], yaml: true },
  { name: 'Buildkite', globs: ['.buildkite/pipeline.{yml,yaml}'], yaml: true },
  { name: 'Woodpecker', globs: ['.woodpecker.{yml,yaml}', '.woodpecker/*.{yml,yaml}'], yaml: true },
  { name: 'AWS CodeBuild', globs: ['buildspec.{yml,yaml}'], yaml: true },
  { name: 'Google Cloud Build', globs: ['cloudbuild.{yml,yaml}'], yaml: true },
  { name: 'Concourse', globs: ['ci/pipeline.{yml,yaml}', 'concourse/pipeline.{yml,yaml}'], yaml: true },
];

type MessageId = 'configured' | 'invalid' | 'missing';

const isWorkflow = (path: string): boolean => path.startsWith('.github/workflows/');

type CiProblem = { message: string; line?: number };

/** YAML parse errors with their line; for GitHub Actions also the two keys every workflow needs. https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax */
function problemsOf(path: string, text: string): CiProblem[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    return [
      {
        message: ((e?.message ?? 'invalid YAML').split('\n')[0] as string).replace(
          / at line \d+, column \d+:?$/,
          '',
        ),
        ...(e?.linePos ? { line: e.linePos[0].line } : {}),
      },
    ];
  }
  if (!isWorkflow(path)) return [];
  const root = doc.contents;
  if (!root || !('items' in root) || !doc.has('jobs') || !doc.has('on')) {
    const missing = ['on', 'jobs'].filter((k) => !doc.has(k)).join(' and ');
    return [{ message: `the workflow has no ${missing || 'mapping'} key`, line: 1 }];
  }
  return [];
}

function ciFiles(snapshot: Snapshot): { path: string; service: string; yaml: boolean }[] {
  return CI_SERVICES.flatMap((s) =>
    snapshot.glob(s.globs).map((path) => ({ path, service: s.name, yaml: s.yaml })),
  );
}

export default defineCheck({
  meta: {
    id: 'continuous-integration',
    criterion: 'tcop-12',
    level: 'baseline',
    title: 'Continuous integration is configured',
    description:
      'Technology stays sustainable when every change is built and tested automatically: it keeps the code releasable and makes upgrades cheap. The check looks for CI configuration (GitHub Actions workflows, GitLab CI, Azure Pipelines, Jenkinsfile, CircleCI, Bitbucket Pipelines, Travis CI and others) and that YAML configurations parse, with `on` and `jobs` in every GitHub Actions workflow.',
    wants: CI_SERVICES.filter((s) => s.yaml).flatMap((s) => s.globs),
    messages: {
      configured: '{{service}} is configured in {{path}}.',
      invalid: '{{path}} does not parse: {{problem}}.',
      missing: 'No continuous integration configuration found.',
    },
    remediation: {
      invalid: 'Fix {{path}} so that it parses; until then {{service}} does not run it.',
      missing:
        "Add a workflow under .github/workflows/ that builds and tests every pull request (or your CI service's configuration file).",
    },
    references: [
      {
        title: 'Technology Code of Practice: make your technology sustainable',
        url: 'https://www.gov.uk/guidance/make-your-technology-sustainable',
      },
      {
        title: 'Service Manual: deploying software regularly',
        url: 'https://www.gov.uk/service-manual/technology/deploying-software-regularly',
      },
      {
        title: 'GitHub Docs: workflow syntax for GitHub Actions',
        url: 'https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax',
      },
    ],
  },
  run(snapshot): CheckFinding<MessageId>[] {
    const files = ciFiles(snapshot);
    if (files.length === 0) return [{ status: 'fail', messageId: 'missing' }];
    return files.map(({ path, service, yaml }): CheckFinding<MessageId> => {
      const text = yaml ? snapshot.text(path) : undefined;
      const problem = text === undefined ? undefined : problemsOf(path, text)[0];
      if (problem)
        return {
          status: 'fail',
          messageId: 'invalid',
          data: { path, service, problem: problem.message },
          location: { path, ...(problem.line ? { startLine: problem.line } : {}) },
        };
      return {
        status: 'pass',
        messageId: 'configured',
        data: { path, service },
        location: { path },
        evidence: { service },
      };
    });
  },
});
