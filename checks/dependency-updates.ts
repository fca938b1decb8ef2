import JSON5 from 'json5';
import { parseYamlDocument } from '../src/engine/yaml-nesting.js';
import { minimatch } from 'minimatch';
import { isMap, isScalar, visit, type Document } from 'yaml';
import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { lineOf, type Snapshot } from '../src/snapshot/snapshot.js';
import { dependabotConfig } from './lib/dependabot-schema.js';
import { MANIFEST_GLOBS, readManifests, type Ecosystem } from './lib/manifests.js';
import { parseJson } from './lib/manifests/text.js';
import { groups } from './lib/groups.js';
import { isInTestOrExampleDirectory } from './lib/paths.js';

type MessageId =
  | 'coversAll'
  | 'nothingToUpdate'
  | 'noEcosystems'
  | 'missesSome'
  | 'coversNone'
  | 'invalid'
  | 'unknownKey'
  | 'renovateDisabled'
  | 'missing'
  | 'empty'
  | 'duplicateKey'
  | 'twoRenovateConfigs'
  | 'otherTool';

/** An update ecosystem as Dependabot names it. */
type UpdateEcosystem = Ecosystem | 'docker' | 'github-actions' | 'terraform' | 'sbt';

/** Somewhere the tree needs updates: an ecosystem in a directory ('' for the root). */
interface Need {
  ecosystem: UpdateEcosystem;
  dir: string;
}

/** What one configuration keeps up to date: per ecosystem, directory globs ('' root); `all` for Renovate's whole-tree scan. */
interface Coverage {
  path: string;
  line: number;
  covers(need: Need): boolean;
}

const DEPENDABOT_PATHS = ['.github/dependabot.yml', '.github/dependabot.yaml'];
/** Renovate's config file names, in its search order. https://docs.renovatebot.com/configuration-options/ */
const RENOVATE_PATHS = [
  'renovate.json',
  'renovate.json5',
  '.github/renovate.json',
  '.github/renovate.json5',
  '.gitlab/renovate.json',
  '.gitlab/renovate.json5',
  '.renovaterc',
  '.renovaterc.json',
  '.renovaterc.json5',
];

/** Dependabot ecosystems that update each ecosystem found in the tree. */
const DEPENDABOT_FOR: Record<UpdateEcosystem, readonly string[]> = {
  npm: ['npm', 'bun'],
  pip: ['pip', 'uv'],
  cargo: ['cargo'],
  maven: ['maven'],
  gradle: ['gradle'],
  nuget: ['nuget'],
  composer: ['composer'],
  bundler: ['bundler'],
  gomod: ['gomod'],
  cran: [],
  // Dependabot has no sbt support: Scala Steward or Renovate update sbt builds.
  sbt: [],
  docker: ['docker'],
  'github-actions': ['github-actions'],
  terraform: ['terraform', 'opentofu'],
};

/** Renovate managers per ecosystem, for `enabledManagers`. https://docs.renovatebot.com/modules/manager/ */
const RENOVATE_MANAGERS: Record<UpdateEcosystem, readonly string[]> = {
  npm: ['npm', 'bun'],
  pip: ['pip_requirements', 'pip_setup', 'pip-compile', 'pipenv', 'poetry', 'pep621', 'setup-cfg'],
  cargo: ['cargo'],
  maven: ['maven'],
  gradle: ['gradle'],
  nuget: ['nuget'],
  composer: ['composer'],
  bundler: ['bundler'],
  gomod: ['gomod'],
  cran: [],
  sbt: ['sbt'],
  docker: ['dockerfile'],
  'github-actions': ['github-actions'],
  terraform: ['terraform'],
};

/**
 * Update tools other than Dependabot and Renovate, configured by a file in the repository, and what
 * they update: PyUp (pyup.io/docs/bot/config) and Scala Steward (its repo-specific configuration).
 */
const OTHER_TOOLS: readonly {
  tool: string;
  paths: readonly string[];
  ecosystems: readonly UpdateEcosystem[];
}[] = [
  { tool: 'PyUp', paths: ['.pyup.yml', '.pyup.yaml'], ecosystems: ['pip'] },
  {
    tool: 'Scala Steward',
    paths: ['.scala-steward.conf', '.github/.scala-steward.conf', '.config/.scala-steward.conf'],
    ecosystems: ['sbt'],
  },
];

const DOCKERFILES = [
  '**/Dockerfile',
  '**/Dockerfile.*',
  '**/*.Dockerfile',
  '**/*.dockerfile',
  '**/Containerfile',
];
const THIRD_PARTY = /(^|\/)(node_modules|vendor|\.terraform)\//;
const dirOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const isUnder = (dir: string, root: string): boolean =>
  root === '' || dir === root || dir.startsWith(root + '/');

/** The ecosystems and directories an update tool has to cover, with nested build members folded into their roots. */
export function neededUpdates(snapshot: Snapshot): Need[] {
  // Tests, fixtures and examples are not deployed: nothing in them needs keeping current.
  const deployed = (path: string): boolean => !THIRD_PARTY.test(path) && !isInTestOrExampleDirectory(path);
  const manifests = readManifests(snapshot).filter((m) => !m.error && deployed(m.path));
  const needs: Need[] = [];
  const add = (ecosystem: UpdateEcosystem, dir: string): void => {
    if (!needs.some((n) => n.ecosystem === ecosystem && n.dir === dir)) needs.push({ ecosystem, dir });
  };
  // Only builds, workspace roots and pnpm roots can fold other manifests in.
  const roots = manifests.filter(
    (r) =>
      r.ecosystem === 'maven' ||
      r.ecosystem === 'gradle' ||
      r.workspaces !== undefined ||
      (r.ecosystem === 'npm' &&
        snapshot.has(r.dir === '' ? 'pnpm-workspace.yaml' : `${r.dir}/pnpm-workspace.yaml`)),
  );
  for (const m of manifests) {
    if (DEPENDABOT_FOR[m.ecosystem].length === 0) continue;
    // Maven and Gradle builds update their modules from the root build; others need dependencies to update.
    const build = m.ecosystem === 'maven' || m.ecosystem === 'gradle';
    if (!build && m.dependencies.length === 0 && !m.workspaces) continue;
    const root = roots.find(
      (r) =>
        r !== m &&
        r.ecosystem === m.ecosystem &&
        r.dir !== m.dir &&
        isUnder(m.dir, r.dir) &&
        (build ||
          (r.workspaces ?? []).some((glob) =>
            minimatch(
              r.dir === '' ? m.dir : m.dir.slice(r.dir.length + 1),
              glob.replace(/^\.\//, '').replace(/\/$/, ''),
            ),
          ) ||
          (m.ecosystem === 'npm' &&
            snapshot.has(r.dir === '' ? 'pnpm-workspace.yaml' : `${r.dir}/pnpm-workspace.yaml`))),
    );
    add(m.ecosystem, root ? root.dir : m.dir);
  }
  for (const path of snapshot.glob(DOCKERFILES)) if (deployed(path)) add('docker', dirOf(path));
  if (snapshot.glob('.github/workflows/*.{yml,yaml}').length > 0) add('github-actions', '');
  for (const path of snapshot.glob('**/*.tf')) if (deployed(path)) add('terraform', dirOf(path));
  // An sbt build: the outermost build.sbt, whose subprojects it updates with it.
  const sbtDirs = snapshot
    .glob('**/build.sbt')
    .filter(deployed)
    .map(dirOf)
    .sort((a, b) => a.length - b.length);
  for (const dir of sbtDirs)
    if (!needs.some((n) => n.ecosystem === 'sbt' && isUnder(dir, n.dir))) add('sbt', dir);
  return needs.sort((a, b) => a.ecosystem.localeCompare(b.ecosystem) || a.dir.localeCompare(b.dir));
}

/** Whether a Dependabot `directory`/`directories` entry (absolute, globs allowed) covers `dir`. */
function directoryCovers(pattern: string, dir: string): boolean {
  const p = pattern.trim().replace(/^\/+/, '').replace(/\/+$/, '');
  if (p === dir) return true;
  const recursive = /^(?<base>.*?)\/?\*\*(?:\/\*)?$/.exec(p);
  if (recursive) return isUnder(dir, groups(recursive, 'base').base);
  return p.includes('*') && minimatch(dir, p);
}

function yamlLine(doc: Document, text: string, path: readonly PropertyKey[], key?: string): number {
  const node = doc.getIn(
    path.map(String).map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
    true,
  );
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
    const range = isScalar(pair?.key) ? pair.key.range : undefined;
    if (range) return lineOf(text, range[0]);
  }
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  if (range) return lineOf(text, range[0]);
  return path.length > 0 ? yamlLine(doc, text, path.slice(0, -1)) : 1;
}

type Finding = CheckFinding<MessageId>;

function firstAliasOffset(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

function readDependabot(path: string, text: string): { findings: Finding[]; coverage?: Coverage } {
  const doc = parseYamlDocument(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    return {
      findings: [
        {
          status: 'fail',
          messageId: 'invalid',
          data: {
            path,
            problem: ((e?.message ?? 'invalid YAML').split('\n')[0] as string).replace(
              / at line \d+, column \d+:?$/,
              '',
            ),
          },
          location: { path, ...(e?.linePos ? { startLine: e.linePos[0].line } : {}) },
        },
      ],
    };
  }
  // Dependabot rejects any alias ("YAML aliases are not supported", dependabot-core#1582); without
  // this the schema would report the keys a `<<: *defaults` merge was meant to supply.
  const alias = firstAliasOffset(doc);
  if (alias !== undefined)
    return {
      findings: [
        {
          status: 'fail',
          messageId: 'invalid',
          data: { path, problem: 'Dependabot does not support YAML anchors and aliases' },
          location: { path, startLine: lineOf(text, alias) },
        },
      ],
    };
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined)
    return {
      findings: [{ status: 'fail', messageId: 'empty', data: { path }, location: { path, startLine: 1 } }],
    };
  const findings: Finding[] = [];
  const result = dependabotConfig.safeParse(raw);
  for (const issue of result.success ? [] : result.error.issues.slice(0, 10)) {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'top level';
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        findings.push({
          status: 'warn',
          messageId: 'unknownKey',
          data: { path, key, where },
          location: { path, startLine: yamlLine(doc, text, issue.path, key) },
        });
    } else {
      findings.push({
        status: 'fail',
        messageId: 'invalid',
        data: { path, problem: `${where}: ${issue.message}` },
        location: { path, startLine: yamlLine(doc, text, issue.path) },
      });
    }
  }
  if (findings.some((f) => f.status === 'fail')) return { findings };
  const updates = ((raw as { updates?: unknown[] }).updates ?? []).map((u) => u as Record<string, unknown>);
  const entries = updates.map((u) => ({
    ecosystem: String(u['package-ecosystem']),
    directories: Array.isArray(u.directories) ? u.directories.map(String) : [String(u.directory ?? '/')],
  }));
  return {
    findings,
    coverage: {
      path,
      line: yamlLine(doc, text, [], 'updates'),
      covers: (need) =>
        entries.some(
          (e) =>
            DEPENDABOT_FOR[need.ecosystem].includes(e.ecosystem) &&
            // Dependabot reads workflows from .github/workflows whatever the directory says.
            (need.ecosystem === 'github-actions' || e.directories.some((d) => directoryCovers(d, need.dir))),
        ),
    },
  };
}

/**
 * Keys an object of a JSON or JSON5 text sets twice, with both lines: JSON.parse and JSON5 keep the
 * last, so the first setting is dropped without a word.
 */
export function duplicateKeys(text: string): { key: string; first: number; line: number }[] {
  const out: { key: string; first: number; line: number }[] = [];
  const stack: { keys: Map<string, number> | undefined; expectKey: boolean }[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\n') line++;
    else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      i--;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      for (let j = i; j < stop; j++) if (text[j] === '\n') line++;
      i = stop - 1;
    } else if (c === '{') stack.push({ keys: new Map(), expectKey: true });
    else if (c === '[') stack.push({ keys: undefined, expectKey: false });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack.at(-1);
      if (top?.keys) top.expectKey = true;
    } else if (c === '"' || c === "'" || /[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      let value = '';
      if (c === '"' || c === "'") {
        while (j < text.length && text[j] !== c) {
          // An escape stays as written: `"a\"b"` and `"ab"` are two keys.
          if (text[j] === '\\') value += text[j++];
          value += text[j] ?? '';
          j++;
        }
        j++;
      } else {
        value = c;
        while (j < text.length && /[\w$]/.test(text[j] as string)) value += text[j++];
      }
      const top = stack.at(-1);
      if (top?.keys && top.expectKey) {
        const seen = top.keys.get(value);
        if (seen !== undefined) out.push({ key: value, first: seen, line });
        else top.keys.set(value, line);
        top.expectKey = false;
      }
      i = j - 1;
    }
  }
  return out;
}

function parseRenovate(path: string, text: string): { value: unknown } | { problem: string; line?: number } {
  if (path.endsWith('.json5') || path.endsWith('.renovaterc')) {
    try {
      return { value: JSON5.parse(text) as unknown };
    } catch (e) {
      const line = (e as { lineNumber?: number }).lineNumber;
      return {
        problem: (e instanceof Error ? e.message : String(e)).split('\n')[0] as string,
        ...(line ? { line } : {}),
      };
    }
  }
  const parsed = parseJson(text);
  return 'error' in parsed
    ? { problem: parsed.error.message, ...(parsed.error.line ? { line: parsed.error.line } : {}) }
    : parsed;
}

function readRenovate(
  path: string,
  config: unknown,
  line: number,
): { findings: Finding[]; coverage?: Coverage } {
  const invalid = (problem: string): { findings: Finding[] } => ({
    findings: [
      { status: 'fail', messageId: 'invalid', data: { path, problem }, location: { path, startLine: line } },
    ],
  });
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    return invalid('the configuration is not an object');
  const c = config as Record<string, unknown>;
  if (c.extends !== undefined && !(Array.isArray(c.extends) && c.extends.every((e) => typeof e === 'string')))
    return invalid('"extends" must be an array of preset names');
  for (const key of ['enabledManagers', 'ignorePaths'] as const)
    if (c[key] !== undefined && !(Array.isArray(c[key]) && c[key].every((e) => typeof e === 'string')))
      return invalid(`"${key}" must be an array of strings`);
  if (c.enabled === false)
    return {
      findings: [
        {
          status: 'fail',
          messageId: 'renovateDisabled',
          data: { path },
          location: { path, startLine: line },
        },
      ],
    };
  const managers = c.enabledManagers as string[] | undefined;
  const ignorePaths = (c.ignorePaths as string[] | undefined) ?? [];
  return {
    findings: [],
    coverage: {
      path,
      line,
      // Renovate scans the whole tree with every manager unless told otherwise.
      covers: (need) =>
        (managers === undefined || RENOVATE_MANAGERS[need.ecosystem].some((m) => managers.includes(m))) &&
        // A directory is ignored when a file directly in it would be.
        !ignorePaths.some((glob) => minimatch(need.dir === '' ? 'x' : `${need.dir}/x`, glob, { dot: true })),
    },
  };
}

const describeNeed = (n: Need): string => `${n.ecosystem} in /${n.dir}`;

export default defineCheck({
  meta: {
    id: 'dependency-updates',
    criterion: 'tcop-6',
    level: 'standard',
    title: 'Dependency updates are automated for every ecosystem in use',
    description:
      'Most vulnerabilities are fixed by upgrading a dependency; a bot that proposes upgrades keeps a service patched without anyone having to remember. The check looks for Dependabot (.github/dependabot.yml, validated against the options GitHub documents) or Renovate (renovate.json, .renovaterc, .github/renovate.json5, package.json "renovate", parsed and checked for basic structure), and compares what they update with the ecosystems in the tree: npm, Python, Cargo, Maven, Gradle, NuGet, Composer, Bundler and Go manifests, Dockerfiles, GitHub Actions workflows and Terraform, in the directories where they are.',
    wants: [
      ...DEPENDABOT_PATHS,
      ...RENOVATE_PATHS,
      ...MANIFEST_GLOBS,
      ...OTHER_TOOLS.flatMap((t) => t.paths),
    ],
    messages: {
      coversAll: '{{path}} keeps every ecosystem in the tree up to date: {{ecosystems}}.',
      nothingToUpdate: '{{path}} is valid; the tree has no dependencies it could update.',
      noEcosystems: 'No dependency manifests, Dockerfiles or workflows for an update tool to keep current.',
      missesSome: '{{path}} does not cover {{missing}}.',
      coversNone: '{{path}} covers none of the ecosystems in the tree: {{needed}}.',
      invalid: '{{path}} is not a valid configuration: {{problem}}.',
      unknownKey: '{{path}} has an unknown key "{{key}}" at {{where}}.',
      renovateDisabled: '{{path}} disables Renovate ("enabled": false).',
      missing: 'Neither Dependabot nor Renovate is configured; the tree has {{needed}}.',
      empty: '{{path}} is empty (or all commented out): it configures no updates.',
      duplicateKey:
        '{{path}} sets "{{key}}" twice in one object (lines {{first}} and {{line}}): Renovate keeps only the last, so the setting on line {{first}} has no effect.',
      twoRenovateConfigs:
        '{{path}} and {{other}} both configure Renovate: Renovate reads only {{path}}, the first in its search order, and ignores {{other}}.',
      otherTool: '{{path}} configures {{tool}}, which keeps {{ecosystems}} up to date.',
    },
    remediation: {
      missesSome:
        'Add an entry to {{path}} for each of: {{missing}} (package-ecosystem and directory); Dependabot does not update sbt builds, which Scala Steward or Renovate do.',
      empty:
        'Add an `updates` list to {{path}} with an entry per ecosystem (https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference), or delete the file.',
      duplicateKey: 'Merge the two "{{key}}" settings in {{path}} into one.',
      twoRenovateConfigs: 'Merge {{other}} into {{path}} and delete {{other}}.',
      coversNone:
        'Point {{path}} at the ecosystems actually in the tree ({{needed}}), with the directories where their manifests are.',
      invalid:
        "Fix {{path}}: {{problem}}. GitHub shows configuration errors on the repository's Dependabot page.",
      unknownKey: 'Remove or correct "{{key}}" in {{path}}; Dependabot rejects keys it does not know.',
      renovateDisabled: 'Remove "enabled": false from {{path}}, or configure Dependabot instead.',
      missing:
        'Add .github/dependabot.yml with an entry for each of {{needed}} (or a renovate.json), so that dependency upgrades arrive as pull requests.',
    },
    references: [
      {
        title: 'Technology Code of Practice: make things secure',
        url: 'https://www.gov.uk/guidance/make-things-secure',
      },
      {
        title: 'GitHub Docs: Dependabot options reference',
        url: 'https://docs.github.com/en/code-security/reference/supply-chain-security/dependabot-options-reference',
      },
      {
        title: 'GitHub Docs: Dependabot supported ecosystems',
        url: 'https://docs.github.com/en/code-security/reference/supply-chain-security/supported-ecosystems-and-repositories',
      },
      {
        title: 'Renovate: configuration options',
        url: 'https://docs.renovatebot.com/configuration-options/',
      },
      {
        title: 'NCSC: vulnerability management',
        url: 'https://www.ncsc.gov.uk/guidance/vulnerability-management',
      },
    ],
  },
  run(snapshot): Finding[] {
    const needs = neededUpdates(snapshot);
    const findings: Finding[] = [];
    const coverages: Coverage[] = [];
    for (const path of DEPENDABOT_PATHS) {
      const text = snapshot.text(path);
      if (text === undefined) continue;
      const read = readDependabot(path, text);
      findings.push(...read.findings);
      if (read.coverage) coverages.push(read.coverage);
    }
    const renovateSources: { path: string; text: string; embedded: boolean }[] = RENOVATE_PATHS.flatMap(
      (path) => {
        const text = snapshot.text(path);
        return text === undefined ? [] : [{ path, text, embedded: false }];
      },
    );
    const packageJson = snapshot.text('package.json');
    if (packageJson !== undefined && /"renovate"\s*:/.test(packageJson))
      renovateSources.push({ path: 'package.json', text: packageJson, embedded: true });
    // Renovate reads the first configuration in its search order and ignores the rest.
    const [used, ...ignored] = renovateSources;
    for (const other of ignored)
      findings.push({
        status: 'warn',
        messageId: 'twoRenovateConfigs',
        data: { path: (used as { path: string }).path, other: other.path },
        location: { path: other.path },
      });
    for (const { path, text, embedded } of used ? [used] : []) {
      for (const d of embedded ? [] : duplicateKeys(text))
        findings.push({
          status: 'warn',
          messageId: 'duplicateKey',
          data: { path, key: d.key, first: d.first, line: d.line },
          location: { path, startLine: d.line },
        });
      const parsed = parseRenovate(path, text);
      if ('problem' in parsed) {
        findings.push({
          status: 'fail',
          messageId: 'invalid',
          data: { path, problem: parsed.problem },
          location: { path, ...(parsed.line ? { startLine: parsed.line } : {}) },
        });
        continue;
      }
      const line = embedded ? lineOf(text, text.search(/"renovate"\s*:/)) : 1;
      const config = embedded ? (parsed.value as Record<string, unknown> | null)?.renovate : parsed.value;
      const read = readRenovate(path, config, line);
      findings.push(...read.findings);
      if (read.coverage) coverages.push(read.coverage);
    }

    for (const { tool, paths, ecosystems } of OTHER_TOOLS) {
      const path = paths.find((p) => snapshot.has(p));
      if (path === undefined) continue;
      findings.push({
        status: 'info',
        messageId: 'otherTool',
        data: { path, tool, ecosystems: ecosystems.join(', ') },
        location: { path },
        evidence: { tool, ecosystems },
      });
      coverages.push({ path, line: 1, covers: (need) => ecosystems.includes(need.ecosystem) });
    }
    const configured = findings.length > 0 || coverages.length > 0;
    if (!configured) {
      if (needs.length === 0) return [{ status: 'info', messageId: 'noEcosystems' }];
      return [{ status: 'fail', messageId: 'missing', data: { needed: needs.map(describeNeed).join(', ') } }];
    }
    const first = coverages[0];
    if (!first) return findings;
    const location = { path: first.path, startLine: first.line };
    if (needs.length === 0)
      return [
        ...findings,
        { status: 'pass', messageId: 'nothingToUpdate', data: { path: first.path }, location },
      ];
    const missing = needs.filter((n) => !coverages.some((c) => c.covers(n)));
    const paths = coverages.map((c) => c.path).join(' and ');
    const evidence = { needed: needs.map(describeNeed), missing: missing.map(describeNeed) };
    if (missing.length === needs.length)
      findings.push({
        status: 'fail',
        messageId: 'coversNone',
        data: { path: paths, needed: needs.map(describeNeed).join(', ') },
        location,
        evidence,
      });
    else if (missing.length > 0)
      findings.push({
        status: 'warn',
        messageId: 'missesSome',
        data: { path: paths, missing: missing.map(describeNeed).join(', ') },
        location,
        evidence,
      });
    else
      findings.push({
        status: 'pass',
        messageId: 'coversAll',
        data: { path: paths, ecosystems: needs.map(describeNeed).join(', ') },
        location,
        evidence,
      });
    return findings;
  },
});
