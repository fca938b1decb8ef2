import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { parseYamlDocument } from '../src/engine/yaml-nesting.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';

const CONCOURSE_GLOBS = ['ci/**/*.{yml,yaml}', 'concourse/**/*.{yml,yaml}', '.concourse/**/*.{yml,yaml}'];

/**
 * Directories where teams keep Azure DevOps pipelines under names of their own (`pipeline-ado/`,
 * `pipelines/`, `.azuredevops/`, `devops/`): YAML there counts once its keys show it is a pipeline.
 */
const AZURE_DIR_GLOBS = [
  '{pipeline,pipelines,pipeline[-_]*,*[-_]pipeline,*[-_]pipelines,.azuredevops,azure-devops,azuredevops,.ado,ado,devops,.devops,azure,.azure,ci,cicd,ci-cd,build,deploy}/**/*.{yml,yaml}',
];

/** Step, job and stage keys of Azure Pipelines YAML (https://learn.microsoft.com/azure/devops/pipelines/yaml-schema/). */
const AZURE_ITEM_KEYS = [
  'task',
  'script',
  'bash',
  'pwsh',
  'powershell',
  'checkout',
  'template',
  'job',
  'deployment',
  'stage',
];

/** Azure Pipelines' template expressions (`${{ if … }}:`, `${{ else }}:`) are keys its own parser lets repeat. */
const AZURE_YAML = {
  uniqueKeys: (a: unknown, b: unknown): boolean => !String(a).startsWith('${{') && String(a) === String(b),
};

const AZURE_PIPELINE_WORDS = /stages|jobs|steps|extends|\\/;

/** A pipeline or template: `stages`, `jobs` or `steps` as a list of Azure items, or `extends` a template. */
function isAzurePipeline(text: string): boolean {
  // Without one of its keys in the text (or an escape that could spell one), the YAML need not be parsed.
  if (!AZURE_PIPELINE_WORDS.test(text)) return false;
  const doc = parseYamlDocument(text, AZURE_YAML);
  const json: unknown = doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 });
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return false;
  const o = json as Record<string, unknown>;
  if (o.extends !== null && typeof o.extends === 'object' && 'template' in o.extends) return true;
  return ['stages', 'jobs', 'steps'].some(
    (key) =>
      Array.isArray(o[key]) &&
      (o[key] as unknown[]).some(
        (item) => item !== null && typeof item === 'object' && AZURE_ITEM_KEYS.some((k) => k in item),
      ),
  );
}

/** CI services configured by a file in the repository, with where each looks for it. */
const CI_SERVICES: readonly {
  name: string;
  globs: readonly string[];
  yaml: boolean;
  /** For files found by directory rather than name: whether the text is this service's configuration. */
  confirm?: (text: string) => boolean;
}[] = [
  { name: 'GitHub Actions', globs: ['.github/workflows/*.{yml,yaml}'], yaml: true },
  { name: 'GitLab CI', globs: ['.gitlab-ci.yml', '.gitlab-ci.yaml'], yaml: true },
  {
    name: 'Azure Pipelines',
    globs: [
      '**/azure-pipelines{,[-_.]*}.{yml,yaml}',
      '.azure-pipelines/**/*.{yml,yaml}',
      '.pipelines/**/*.{yml,yaml}',
    ],
    yaml: true,
  },
  // Jenkinsfile_CNP, Jenkinsfile_nightly, Jenkinsfile.groovy: any file a multibranch job's script path names.
  {
    name: 'Jenkins',
    globs: ['Jenkinsfile{,.*,_*,-*}', '{jenkins,.jenkins,ci}/**/Jenkinsfile{,.*,_*,-*}', '*.jenkinsfile'],
    yaml: false,
  },
  { name: 'CircleCI', globs: ['.circleci/config.{yml,yaml}'], yaml: true },
  { name: 'Bitbucket Pipelines', globs: ['bitbucket-pipelines.yml'], yaml: true },
  { name: 'Travis CI', globs: ['.travis.yml'], yaml: true },
  { name: 'Drone', globs: ['.drone.yml'], yaml: true },
  { name: 'Buildkite', globs: ['.buildkite/pipeline.{yml,yaml}'], yaml: true },
  { name: 'Woodpecker', globs: ['.woodpecker.{yml,yaml}', '.woodpecker/*.{yml,yaml}'], yaml: true },
  { name: 'AWS CodeBuild', globs: ['buildspec.{yml,yaml}'], yaml: true },
  { name: 'Google Cloud Build', globs: ['cloudbuild.{yml,yaml}'], yaml: true },
  // Concourse has no fixed file name: its pipelines and tasks are YAML that `fly` is pointed at, told by their keys.
  { name: 'Concourse', globs: CONCOURSE_GLOBS, yaml: true },
  { name: 'Azure Pipelines', globs: AZURE_DIR_GLOBS, yaml: true, confirm: isAzurePipeline },
];

/** GitLab `include: local:` files, which hold the jobs of a split configuration. */
const GITLAB_INCLUDE_GLOBS = [
  '.gitlab/**/*.{yml,yaml}',
  '.gitlab-ci/**/*.{yml,yaml}',
  '**/*.gitlab-ci.{yml,yaml}',
];

/**
 * GitHub-hosted runner images GitHub has retired, with the date jobs stopped starting on them.
 * https://github.com/actions/runner-images#available-images and each image's deprecation notice.
 */
const RETIRED_RUNNERS: readonly { label: string; retired: string }[] = [
  { label: 'ubuntu-16.04', retired: '2021-09-20' },
  { label: 'ubuntu-18.04', retired: '2023-04-03' },
  { label: 'ubuntu-20.04', retired: '2025-04-15' },
  { label: 'macos-10.15', retired: '2022-12-01' },
  { label: 'macos-11', retired: '2024-06-28' },
  { label: 'macos-12', retired: '2024-12-03' },
  { label: 'macos-13', retired: '2025-12-04' },
  { label: 'windows-2016', retired: '2022-03-15' },
  { label: 'windows-2019', retired: '2025-06-30' },
];
const RUNNER_LABEL = new RegExp(
  `(?<![\\w.-])(${RETIRED_RUNNERS.map((r) => r.label.replace(/\./g, '\\.')).join('|')})(?![\\w.-])`,
);

/** Services that stopped building open-source repositories: a file for them beside another CI is most likely stale. */
const STOPPED: Record<string, string> = {
  'Travis CI': 'travis-ci.org stopped building open-source repositories in June 2021',
};

type MessageId = 'configured' | 'invalid' | 'missing' | 'retiredRunner' | 'stale' | 'missingInclude';

const isWorkflow = (path: string): boolean => path.startsWith('.github/workflows/');

type CiProblem = { message: string; line?: number };

/** YAML parse errors with their line; for GitHub Actions also the two keys every workflow needs. https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax */
function problemsOf(path: string, text: string, service = ''): CiProblem[] {
  const doc = parseYamlDocument(text, service === 'Azure Pipelines' ? AZURE_YAML : {});
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

type ConcourseKind = 'pipeline' | 'task' | undefined;

/** A Concourse pipeline has `jobs` whose entries have a `plan`; a task has `platform` and `run` (concourse-ci.org/docs). */
function concourseKind(text: string): ConcourseKind {
  const doc = parseYamlDocument(text);
  const json: unknown = doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 });
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  if (Array.isArray(o.jobs) && o.jobs.some((j) => j !== null && typeof j === 'object' && 'plan' in j))
    return 'pipeline';
  if ('platform' in o && 'run' in o) return 'task';
  return undefined;
}

interface CiFile {
  path: string;
  service: string;
  yaml: boolean;
  concourse?: ConcourseKind;
}

function ciFiles(snapshot: Snapshot): CiFile[] {
  const seen = new Set<string>();
  return CI_SERVICES.flatMap((s) =>
    snapshot.glob(s.globs).flatMap((path): CiFile[] => {
      if (seen.has(path)) return [];
      if (s.name === 'Concourse') {
        const text = snapshot.text(path);
        const kind = text === undefined ? undefined : concourseKind(text);
        if (kind === undefined) return [];
        seen.add(path);
        return [{ path, service: s.name, yaml: true, concourse: kind }];
      }
      if (s.confirm) {
        const text = snapshot.text(path);
        if (text === undefined || !s.confirm(text)) return [];
      }
      seen.add(path);
      return [{ path, service: s.name, yaml: s.yaml }];
    }),
  );
}

/** Local files a GitLab configuration includes: `include: /path`, `include: [{ local: path }]`. */
function gitlabIncludes(text: string): { local: string[]; other: number } {
  const doc = parseYamlDocument(text);
  if (doc.errors.length > 0) return { local: [], other: 0 };
  const raw: unknown = (doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null)?.include;
  const entries = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const local: string[] = [];
  let other = 0;
  for (const e of entries) {
    const value =
      typeof e === 'string'
        ? /^https?:/.test(e)
          ? undefined
          : e
        : e !== null && typeof e === 'object' && typeof (e as { local?: unknown }).local === 'string'
          ? (e as { local: string }).local
          : undefined;
    if (value === undefined) other += 1;
    else local.push(value.replace(/^\/+/, ''));
  }
  return { local, other };
}

/** Lines of a workflow that ask for a retired runner image, outside comments. */
function retiredRunners(text: string, now: Date): { line: number; label: string; retired: string }[] {
  const out: { line: number; label: string; retired: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '');
    const m = RUNNER_LABEL.exec(line);
    const runner = m ? RETIRED_RUNNERS.find((r) => r.label === m[1]) : undefined;
    if (runner && new Date(`${runner.retired}T00:00:00Z`) <= now)
      out.push({ line: i + 1, label: runner.label, retired: runner.retired });
  });
  return out;
}

export default defineCheck({
  meta: {
    id: 'continuous-integration',
    criterion: 'tcop-12',
    level: 'baseline',
    title: 'Continuous integration is configured',
    description:
      'Technology stays sustainable when every change is built and tested automatically: it keeps the code releasable and makes upgrades cheap. The check looks for CI configuration (GitHub Actions workflows, GitLab CI, Azure Pipelines, Jenkinsfile, CircleCI, Bitbucket Pipelines, Travis CI and others) and that YAML configurations parse, with `on` and `jobs` in every GitHub Actions workflow.',
    wants: [...CI_SERVICES.filter((s) => s.yaml).flatMap((s) => s.globs), ...GITLAB_INCLUDE_GLOBS],
    messages: {
      configured: '{{service}} is configured in {{path}}.',
      invalid: '{{path}} does not parse: {{problem}}.',
      missing: 'No continuous integration configuration found.',
      retiredRunner:
        '{{path}} runs on {{label}}, a GitHub-hosted runner image retired on {{retired}}: jobs that ask for it no longer start.',
      stale:
        '{{path}} configures {{service}} beside {{other}} ({{otherPath}}); {{why}}, so this file most likely no longer runs.',
      missingInclude: '{{path}} includes {{include}}, which is not in the repository.',
    },
    remediation: {
      invalid: 'Fix {{path}} so that it parses; until then {{service}} does not run it.',
      retiredRunner:
        'Move to a current image (ubuntu-latest, ubuntu-24.04, windows-latest, macos-latest): https://github.com/actions/runner-images#available-images.',
      stale: 'Delete {{path}}, so that readers and tools see which CI builds the code.',
      missingInclude:
        'Add {{include}} or remove it from the include list: GitLab rejects the pipeline until then.',
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
    const all = ciFiles(snapshot);
    if (all.length === 0) return [{ status: 'fail', messageId: 'missing' }];
    // Concourse task files are the steps of its pipelines: one finding for them, not one each.
    const tasks = all.filter((f) => f.concourse === 'task');
    const files = all.filter((f) => f.concourse !== 'task');
    if (tasks.length > 0 && !files.some((f) => f.concourse === 'pipeline')) files.push(tasks[0] as CiFile);
    const findings: CheckFinding<MessageId>[] = [];
    for (const { path, service, yaml, concourse } of files) {
      const text = yaml ? snapshot.text(path) : undefined;
      const problem = text === undefined ? undefined : problemsOf(path, text, service)[0];
      if (problem) {
        findings.push({
          status: 'fail',
          messageId: 'invalid',
          data: { path, service, problem: problem.message },
          location: { path, ...(problem.line ? { startLine: problem.line } : {}) },
        });
        continue;
      }
      const evidence: Record<string, unknown> = { service };
      let shown = path;
      if (
        concourse !== undefined &&
        tasks.length > 0 &&
        (concourse === 'pipeline' || path === tasks[0]?.path)
      ) {
        evidence.concourseTasks = tasks.length;
        if (concourse === 'task' && tasks.length > 1)
          shown = `${path} and ${tasks.length - 1} more task files`;
      }
      if (service === 'GitLab CI' && text !== undefined) {
        const { local, other } = gitlabIncludes(text);
        for (const include of local) {
          if (!snapshot.has(include)) {
            findings.push({
              status: 'fail',
              messageId: 'missingInclude',
              data: { path, include },
              location: { path },
            });
            continue;
          }
          const included = snapshot.text(include);
          const p = included === undefined ? undefined : problemsOf(include, included)[0];
          if (p)
            findings.push({
              status: 'fail',
              messageId: 'invalid',
              data: { path: include, service, problem: p.message },
              location: { path: include, ...(p.line ? { startLine: p.line } : {}) },
            });
        }
        if (local.length + other > 0) {
          evidence.includes = { local, other };
          shown = `${path} (with ${local.length + other} included file${local.length + other === 1 ? '' : 's'})`;
        }
      }
      findings.push({
        status: 'pass',
        messageId: 'configured',
        data: { path: shown, service },
        location: { path },
        evidence,
      });
      if (isWorkflow(path) && text !== undefined)
        for (const r of retiredRunners(text, snapshot.now))
          findings.push({
            status: 'warn',
            messageId: 'retiredRunner',
            data: { path, label: r.label, retired: r.retired },
            location: { path, startLine: r.line },
          });
    }
    const services = [...new Set(files.map((f) => f.service))];
    for (const f of files) {
      const why = STOPPED[f.service];
      const other = files.find((o) => o.service !== f.service && STOPPED[o.service] === undefined);
      if (why === undefined || other === undefined || services.length < 2) continue;
      findings.push({
        status: 'info',
        messageId: 'stale',
        data: { path: f.path, service: f.service, other: other.service, otherPath: other.path, why },
        location: { path: f.path },
      });
    }
    return findings;
  },
});
