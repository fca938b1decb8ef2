import { minimatch } from 'minimatch';
import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { memoise, type Snapshot } from '../src/snapshot/snapshot.js';
import { MANIFEST_GLOBS, readManifests, type Manifest } from './lib/manifests.js';
import { isInTestOrExampleDirectory } from './lib/paths.js';

type MessageId =
  | 'locked'
  | 'pinned'
  | 'missing'
  | 'unpinned'
  | 'pythonUnlocked'
  | 'nugetUnlocked'
  | 'libraryExempt'
  | 'exampleExempt'
  | 'docsExempt'
  | 'unreadable'
  | 'noManifests'
  | 'buildsNotJudged';

/** Lockfiles by package manager, as each tool names them. */
const NPM_LOCKS = [
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
];
/** Python lockfiles: Poetry, uv, PDM, Pipenv and the PEP 751 standard `pylock.toml`. */
const PYTHON_LOCKS = ['poetry.lock', 'uv.lock', 'pdm.lock', 'Pipfile.lock', 'pylock.toml'];
const PYTHON_TOOL_LOCKS: Record<string, string> = { poetry: 'poetry.lock', uv: 'uv.lock', pdm: 'pdm.lock' };

/** Manifests with no lockfile of their own: a broken one is another check's business. */
const UNJUDGED_KINDS = new Set([
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'nuspec',
  'gemspec',
  'DESCRIPTION',
]);

/**
 * Requirements that only install the documentation toolchain (Sphinx, MkDocs): under a `docs/`
 * directory, as Read the Docs and MkDocs lay them out, or named for docs (`requirements-docs.txt`,
 * `requirements/docs.txt`). They build pages, not the service, so they need no pinning.
 */
const DOCS_REQUIREMENTS = /(?:^|\/)docs?\/|(?:^|\/)requirements(?:[-_.]|\/)docs?\.txt$/i;

/**
 * Manifests that need no lockfile: test fixtures, examples and samples are not what is built and
 * deployed (and a fixture may be broken on purpose), nor is the documentation toolchain.
 */
function exemption(manifest: Manifest): 'exampleExempt' | 'docsExempt' | undefined {
  if (isInTestOrExampleDirectory(manifest.path)) return 'exampleExempt';
  if (manifest.kind === 'requirements.txt' && DOCS_REQUIREMENTS.test(manifest.path)) return 'docsExempt';
  return undefined;
}

const join = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`);

/** Parent directories of `dir`, nearest first, ending with the root ''. */
function ancestors(dir: string): string[] {
  const out: string[] = [];
  let d = dir;
  while (d !== '') {
    d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : '';
    out.push(d);
  }
  return out;
}

/** Every directory that holds a file, at any depth: one pass over the tree, not one per crate. */
const directories = memoise((snapshot: Snapshot): Set<string> => {
  const dirs = new Set<string>();
  for (const p of snapshot.paths)
    for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i));
  return dirs;
});

/** Requirement pinned to one exact version (`==1.2.3`, `===1.2.3`) or to one artefact (`name @ url`). */
export function isPinned(version: string | undefined): boolean {
  if (version === undefined) return false;
  return /^===?\s*[^\s,*;]+$/.test(version.trim()) || version.startsWith('@ ');
}

interface Judgement {
  status: CheckFinding['status'];
  messageId: MessageId;
  data?: Record<string, string | number>;
  line?: number;
}

function judge(
  snapshot: Snapshot,
  manifest: Manifest,
  manifests: readonly Manifest[],
): Judgement | undefined {
  const { dir } = manifest;
  const here = (names: readonly string[]): string | undefined =>
    names.map((n) => join(dir, n)).find((p) => snapshot.has(p));
  const runtimeDeps = manifest.dependencies.length;
  const found = (lockfile: string): Judgement => ({
    status: 'pass',
    messageId: 'locked',
    data: { lockfile },
  });
  const missing = (expected: string): Judgement => ({
    status: 'fail',
    messageId: 'missing',
    data: { expected },
  });

  switch (manifest.ecosystem) {
    case 'npm': {
      if (runtimeDeps === 0) return undefined;
      const own = here(NPM_LOCKS);
      if (own) return found(own);
      // npm/yarn workspaces and pnpm workspaces install every member from the root lockfile.
      for (const root of ancestors(dir)) {
        const lock = NPM_LOCKS.map((n) => join(root, n)).find((p) => snapshot.has(p));
        if (!lock) continue;
        const rootManifest = manifests.find((m) => m.path === join(root, 'package.json'));
        const relative = root === '' ? dir : dir.slice(root.length + 1);
        const member = (rootManifest?.workspaces ?? []).some((glob) =>
          minimatch(relative, glob.replace(/^\.\//, '').replace(/\/$/, '')),
        );
        if (member || snapshot.has(join(root, 'pnpm-workspace.yaml'))) return found(lock);
      }
      return missing(
        'package-lock.json, yarn.lock or pnpm-lock.yaml (or membership of a workspace whose root has one)',
      );
    }
    case 'pip': {
      if (runtimeDeps === 0) return undefined;
      if (manifest.kind === 'requirements.txt') {
        const unpinned = manifest.dependencies.filter((d) => !isPinned(d.version));
        if (unpinned.length === 0)
          return { status: 'pass', messageId: 'pinned', data: { count: runtimeDeps } };
        const names =
          unpinned
            .slice(0, 5)
            .map((d) => d.name)
            .join(', ') + (unpinned.length > 5 ? `, and ${unpinned.length - 5} more` : '');
        return {
          status: 'fail',
          messageId: 'unpinned',
          data: { count: unpinned.length, names },
          line: unpinned[0]?.line ?? 1,
        };
      }
      if (manifest.kind === 'Pipfile') {
        const lock = here(['Pipfile.lock']);
        return lock ? found(lock) : missing('Pipfile.lock');
      }
      // setup.py/setup.cfg beside a pyproject.toml describe the same project: judge it once.
      if (
        manifest.kind !== 'pyproject.toml' &&
        manifests.some((m) => m.dir === dir && m.kind === 'pyproject.toml')
      )
        return undefined;
      const toolLock = manifest.tool ? PYTHON_TOOL_LOCKS[manifest.tool] : undefined;
      if (toolLock && toolLock !== 'uv.lock') {
        const lock = here([toolLock]);
        return lock ? found(lock) : missing(toolLock);
      }
      const lock =
        here(PYTHON_LOCKS) ??
        snapshot.listDir(dir).find((p) => /(^|\/)pylock\.[^/]+\.toml$/.test(p)) ??
        ancestors(dir)
          .map((a) => join(a, 'uv.lock'))
          .find((p) => snapshot.has(p));
      if (lock) return found(lock);
      const pinnedRequirements = manifests.find(
        (m) =>
          m.dir === dir &&
          m.kind === 'requirements.txt' &&
          m.dependencies.length > 0 &&
          m.dependencies.every((d) => isPinned(d.version)),
      );
      if (pinnedRequirements) return found(pinnedRequirements.path);
      if (toolLock) return missing(toolLock);
      return { status: 'warn', messageId: 'pythonUnlocked' };
    }
    case 'cargo': {
      // A virtual workspace manifest has no package of its own; its members are judged.
      if (manifest.name === undefined && manifest.workspaces !== undefined) return undefined;
      const binary =
        manifest.targets?.includes('bin') === true ||
        snapshot.has(join(dir, 'src/main.rs')) ||
        directories(snapshot).has(join(dir, 'src/bin'));
      if (!binary) return { status: 'info', messageId: 'libraryExempt' };
      const lock = [dir, ...ancestors(dir)].map((d) => join(d, 'Cargo.lock')).find((p) => snapshot.has(p));
      return lock ? found(lock) : missing('Cargo.lock');
    }
    case 'gomod': {
      if (runtimeDeps === 0) return undefined;
      const sum = here(['go.sum']);
      return sum ? found(sum) : missing('go.sum');
    }
    case 'bundler': {
      if (manifest.kind !== 'Gemfile') return undefined;
      const lock = here(['Gemfile.lock', 'gems.locked']);
      return lock ? found(lock) : missing('Gemfile.lock');
    }
    case 'composer': {
      if (runtimeDeps === 0) return undefined;
      const lock = here(['composer.lock']);
      return lock ? found(lock) : missing('composer.lock');
    }
    case 'nuget': {
      if (manifest.kind !== 'csproj' || runtimeDeps === 0) return undefined;
      const lock = here(['packages.lock.json']);
      return lock ? found(lock) : { status: 'warn', messageId: 'nugetUnlocked' };
    }
    default:
      // Maven, Gradle and R packages have no lockfile in common use.
      return undefined;
  }
}

export default defineCheck({
  meta: {
    id: 'lockfiles',
    criterion: 'tcop-6',
    level: 'standard',
    title: 'Dependencies are locked to exact versions',
    description:
      'A lockfile records the exact version of every direct and transitive dependency, so that every build installs what was reviewed and tested, and a compromised or broken new release cannot slip in unnoticed. The check looks at each dependency manifest (per directory in monorepos) for its lockfile: package-lock.json, yarn.lock or pnpm-lock.yaml (a workspace root lockfile covers its members), poetry.lock, uv.lock, pdm.lock, Pipfile.lock or pylock.toml, requirements files pinned with == throughout, Cargo.lock for binaries (libraries are exempt, as Cargo advised), go.sum, Gemfile.lock, composer.lock, and NuGet packages.lock.json (a warning only, as it is opt-in). Manifests under test, fixture, example or sample directories, and requirements that only build the documentation, need none.',
    wants: MANIFEST_GLOBS,
    messages: {
      locked: '{{path}} is locked by {{lockfile}}.',
      pinned: 'All {{count}} requirements in {{path}} are pinned with ==.',
      missing: '{{path}} has dependencies but no lockfile: expected {{expected}}.',
      unpinned: '{{count}} requirements in {{path}} are not pinned with ==: {{names}}.',
      pythonUnlocked:
        '{{path}} declares dependencies but there is no lockfile (poetry.lock, uv.lock, pdm.lock, pylock.toml) or pinned requirements file beside it.',
      nugetUnlocked: '{{path}} has package references but no packages.lock.json.',
      libraryExempt: '{{path}} is a Rust library: Cargo.lock is not required.',
      exampleExempt:
        '{{path}} is in a test, fixture or example directory: it is not deployed, so it needs no lockfile.',
      docsExempt:
        '{{path}} installs the tools that build the documentation, not the service: it needs no pinning.',
      unreadable: '{{path}} could not be parsed ({{error}}), so its lockfile was not checked.',
      noManifests: 'No dependency manifests with dependencies were found.',
      buildsNotJudged:
        'The dependencies are declared in {{builds}} ({{example}}); whether their versions are locked (Gradle dependency locking, sbt-dependency-lock) is not judged.',
    },
    remediation: {
      missing:
        'Generate {{expected}} with your package manager (e.g. `npm install`, `poetry lock`, `cargo generate-lockfile`, `go mod tidy`, `bundle lock`, `composer update --lock`) and commit it beside {{path}}.',
      unpinned:
        'Pin every requirement in {{path}} with == (for example, compile it from a requirements.in with `pip-compile --generate-hashes` or `uv pip compile`), or move to a tool that writes a lockfile.',
      pythonUnlocked:
        'If {{path}} is an application, lock it (`uv lock`, `poetry lock`, `pdm lock`) and commit the lockfile; a library that only publishes ranges can ignore this warning.',
      nugetUnlocked:
        'Set <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile> in {{path}} (or Directory.Build.props), run `dotnet restore` and commit packages.lock.json.',
      unreadable: 'Fix the syntax of {{path}}.',
    },
    references: [
      {
        title: 'Technology Code of Practice: make things secure',
        url: 'https://www.gov.uk/guidance/make-things-secure',
      },
      {
        title: 'NCSC: supply chain security guidance',
        url: 'https://www.ncsc.gov.uk/collection/supply-chain-security',
      },
      {
        title: 'npm Docs: package-lock.json',
        url: 'https://docs.npmjs.com/cli/configuring-npm/package-lock-json',
      },
      { title: 'pip: repeatable installs', url: 'https://pip.pypa.io/en/stable/topics/repeatable-installs/' },
      {
        title: 'Cargo Book: Cargo.toml vs Cargo.lock',
        url: 'https://doc.rust-lang.org/cargo/guide/cargo-toml-vs-cargo-lock.html',
      },
      {
        title: 'NuGet: locking dependencies',
        url: 'https://learn.microsoft.com/en-us/nuget/consume-packages/package-references-in-project-files#locking-dependencies',
      },
    ],
  },
  run(snapshot) {
    const manifests = readManifests(snapshot);
    const findings: CheckFinding<MessageId>[] = [];
    for (const manifest of manifests) {
      const { path } = manifest;
      const unreadable = manifest.error !== undefined && !UNJUDGED_KINDS.has(manifest.kind);
      const j = manifest.error ? undefined : judge(snapshot, manifest, manifests);
      // Only a manifest that would be judged is reported; one with nothing to lock says nothing.
      if (!unreadable && !j) continue;
      const exempt = exemption(manifest);
      if (exempt) {
        findings.push({
          status: 'info',
          messageId: exempt,
          data: { path },
          location: { path },
          evidence: { ecosystem: manifest.ecosystem, kind: manifest.kind },
        });
      } else if (manifest.error && unreadable) {
        findings.push({
          status: 'unknown',
          messageId: 'unreadable',
          data: { path, error: manifest.error.message },
          location: { path, ...(manifest.error.line ? { startLine: manifest.error.line } : {}) },
        });
      } else if (j) {
        findings.push({
          status: j.status,
          messageId: j.messageId,
          data: { path, ...j.data },
          location: { path, ...(j.line ? { startLine: j.line } : {}) },
          evidence: {
            ecosystem: manifest.ecosystem,
            kind: manifest.kind,
            ...(j.data?.lockfile ? { lockfile: j.data.lockfile } : {}),
          },
        });
      }
    }
    if (findings.length > 0) return findings;
    // Maven, Gradle and sbt builds are manifests too: say they were seen and not judged, not that there are none.
    const builds = [
      ...manifests
        .filter(
          (m) => !m.error && UNJUDGED_KINDS.has(m.kind) && /^(pom\.xml|build\.gradle(\.kts)?)$/.test(m.kind),
        )
        .map((m) => ({ kind: m.kind, path: m.path })),
      ...snapshot.glob('**/build.sbt').map((path) => ({ kind: 'build.sbt', path })),
    ].filter((b) => !isInTestOrExampleDirectory(b.path));
    if (builds.length > 0) {
      const kinds = [...new Set(builds.map((b) => b.kind))];
      return [
        {
          status: 'info',
          messageId: 'buildsNotJudged',
          data: { builds: kinds.join(', '), example: (builds[0] as { path: string }).path },
          location: { path: (builds[0] as { path: string }).path },
          evidence: { builds: builds.slice(0, 50).map((b) => b.path) },
        },
      ];
    }
    return [{ status: 'info', messageId: 'noManifests' }];
  },
});
