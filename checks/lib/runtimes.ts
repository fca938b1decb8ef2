import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { compareCycles, type Runtime } from './eol.js';
import { isThirdPartyPath, MANIFEST_GLOBS, readManifests } from './manifests.js';
import { groups } from './groups.js';

/** One place a repository says which runtime release it runs on or supports. */
export interface RuntimeDeclaration {
  runtime: Runtime;
  /** Release cycle as endoflife.date names it: "20", "3.11", "8.0", "4.7.2". */
  cycle: string;
  /** What was written, e.g. `node:18-alpine`, `>=3.9`, `net8.0`. */
  declared: string;
  /** Where, for people: `Dockerfile FROM`, `package.json engines.node`. */
  source: string;
  path: string;
  line: number;
  /** For a version requirement (engines, requires-python, composer `php`…): its alternatives' bounds. */
  range?: VersionBounds[];
}

/** The bounds of one alternative of a version requirement: `>=18 <21`, `^7.4`, `~> 3.1`, `3.x`. */
export interface VersionBounds {
  lower: string;
  /** Absent when the alternative is open-ended (`>=18`), so it admits every later release too. */
  upper?: { version: string; inclusive: boolean };
}

/** Version files named by the tools that read them (nvm, nodenv, pyenv, rbenv, asdf/mise, Heroku). */
export const RUNTIME_FILE_GLOBS: readonly string[] = [
  '**/.nvmrc',
  '**/.node-version',
  '**/.tool-versions',
  '**/.python-version',
  '**/runtime.txt',
  '**/.ruby-version',
  '**/Dockerfile',
  '**/Dockerfile.*',
  '**/*.Dockerfile',
  '**/*.dockerfile',
  '**/Containerfile',
];

/** Gradle convention plugins and shared scripts, which is where multi-project builds set the toolchain. */
const GRADLE_SCRIPT_GLOBS: readonly string[] = [
  '{buildSrc,build-logic,gradle}/**/*.gradle',
  '{buildSrc,build-logic,gradle}/**/*.gradle.kts',
];

/**
 * Where AWS Lambda functions name their managed runtime: Terraform, SAM and CloudFormation templates,
 * the Serverless Framework, and CDK stacks (by the file names `cdk init` and its docs use).
 */
const LAMBDA_GLOBS: readonly string[] = [
  '**/*.tf',
  '**/template.{yml,yaml,json}',
  '**/*.template.{yml,yaml,json}',
  '**/*-template.{yml,yaml}',
  '**/cloudformation/**/*.{yml,yaml,json}',
  '**/serverless.{yml,yaml}',
  '**/*{-stack,_stack,Stack,.stack}.{ts,js,py,java}',
  '**/{cdk,infra,infrastructure}/**/*.{ts,py}',
];

export const RUNTIME_WANTS: readonly string[] = [
  ...RUNTIME_FILE_GLOBS,
  ...MANIFEST_GLOBS,
  ...GRADLE_SCRIPT_GLOBS,
  ...LAMBDA_GLOBS,
];

/** Node.js LTS codenames, used in `.nvmrc` (`lts/hydrogen`) and image tags (`node:hydrogen`). https://github.com/nodejs/Release/blob/main/CODENAMES.md */
const NODE_CODENAMES: Record<string, string> = {
  argon: '4',
  boron: '6',
  carbon: '8',
  dubnium: '10',
  erbium: '12',
  fermium: '14',
  gallium: '16',
  hydrogen: '18',
  iron: '20',
  jod: '22',
  krypton: '24',
};

/**
 * The lowest version a requirement admits: `>=3.9,<4` → 3.9, `^18.17 || >=20` → 18.17,
 * `~> 3.1` → 3.1, `18.x` → 18. Undefined when it has no lower bound (`*`, `<20`).
 * A project that still admits a release keeps supporting it, so that release is the one to judge.
 */
export function lowestVersion(requirement: string): string | undefined {
  return lowestVersions(requirement)?.sort(compareCycles)[0];
}

/**
 * The lowest version of each alternative (`||`, and Composer's `|`), or undefined when one has no
 * lower bound.
 */
export function lowestVersions(requirement: string): string[] | undefined {
  const alternatives = requirement.split(/\|\|?/).map((alt) => {
    const hyphen = /^\s*v?(\d+(?:\.\d+)*)\s+-\s+/.exec(alt);
    if (hyphen) return hyphen[1];
    const clauses = alt
      .replace(/(>=|<=|~=|===|==|!=|~>|>|<|\^|~|=)\s+/g, '$1')
      .split(/[\s,]+/)
      .filter(Boolean);
    let lowest: string | undefined;
    for (const clause of clauses) {
      const m = /^(?:>=|~=|===|==|~>|>|\^|~|=)?v?(?<version>\d+(?:\.\d+)*)/.exec(clause);
      if (!m || clause.startsWith('<') || clause.startsWith('!=')) continue;
      const { version } = groups(m, 'version');
      if (lowest === undefined || compareCycles(version, lowest) > 0) lowest = version;
    }
    return lowest;
  });
  if (alternatives.some((a) => a === undefined)) return undefined;
  return alternatives as string[];
}

/** `1.2` → `1.3`, `7` → `8`: the next release at the precision written. */
function bump(parts: readonly number[], at: number): string {
  return [...parts.slice(0, at), (parts[at] ?? 0) + 1].join('.');
}

/**
 * The bounds of each alternative (`||`, and Composer's `|`) of a version requirement, or undefined
 * when one has no lower bound. Upper bounds follow each ecosystem's operators: npm and Composer caret
 * (`^20` < 21, `^0.3` < 0.4), npm tilde (`~20.1` < 20.2), pessimistic tilde — Ruby `~>`, Python `~=`,
 * and Composer `~` — (`~> 3.1` < 4, `~= 3.9.1` < 3.10), wildcards (`20.x`, `==3.*`), hyphen ranges
 * and exact versions. https://docs.npmjs.com/cli/v10/configuring-npm/package-json#engines,
 * https://getcomposer.org/doc/articles/versions.md, https://peps.python.org/pep-0440/#version-specifiers
 */
export function versionBounds(requirement: string, runtime?: Runtime): VersionBounds[] | undefined {
  const lowests = lowestVersions(requirement);
  if (lowests === undefined) return undefined;
  const alternatives = requirement.split(/\|\|?/);
  return alternatives.map((alt, i) => {
    const lower = lowests[i] as string;
    const hyphen = /^\s*v?\d+(?:\.\d+)*\s+-\s+v?(?<upper>\d+(?:\.\d+)*)/.exec(alt);
    if (hyphen) return { lower, upper: { version: groups(hyphen, 'upper').upper, inclusive: true } };
    const clauses = alt
      .replace(/(>=|<=|~=|===|==|!=|~>|>|<|\^|~|=)\s+/g, '$1')
      .split(/[\s,]+/)
      .filter(Boolean);
    let upper: VersionBounds['upper'];
    const lowerTo = (version: string, inclusive: boolean): void => {
      if (upper === undefined || compareCycles(version, upper.version) < 0) upper = { version, inclusive };
    };
    for (const clause of clauses) {
      const m =
        /^(?<op><=|<|===|==|=|\^|~>|~=|~|>=|>|!=)?v?(?<version>\d+(?:\.\d+)*)(?<wildcard>(?:\.[x*])*)/i.exec(
          clause,
        );
      if (!m) continue;
      const { op = '', version, wildcard } = groups(m, 'version', 'wildcard');
      const parts = version.split('.').map(Number);
      if (op === '<') lowerTo(version, false);
      else if (op === '<=') lowerTo(version, true);
      else if (op === '^') {
        const at = parts.findIndex((n) => n !== 0);
        lowerTo(bump(parts, at < 0 ? 0 : at), false);
      } else if (op === '~>' || op === '~=' || (op === '~' && runtime === 'php'))
        lowerTo(bump(parts, Math.max(0, parts.length - 2)), false);
      else if (op === '~') lowerTo(bump(parts, parts.length > 1 ? 1 : 0), false);
      else if (op === '' || op === '=' || op === '==' || op === '===') {
        // `20`, `20.x`, `==3.*` admit every release under that prefix; `=20.1.0` only itself.
        if (wildcard !== '' || (op === '' && runtime === 'nodejs' && parts.length < 3))
          lowerTo(bump(parts, parts.length - 1), false);
        else lowerTo(version, true);
      }
    }
    return upper === undefined ? { lower } : { lower, upper };
  });
}

/**
 * An AWS Lambda managed runtime identifier → runtime and cycle: `nodejs20.x`, `python3.12`, `java21`,
 * `java8.al2`, `dotnet8`, `dotnetcore3.1`, `ruby3.3`. OS-only runtimes (`provided.al2023`) and `go1.x`
 * name no release. https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
export function lambdaRuntimeCycle(id: string): { runtime: Runtime; cycle: string } | undefined {
  const m =
    /^(?<kind>nodejs|python|java|dotnetcore|dotnet|ruby)(?<version>\d+(?:\.\d+)?)(?:\.x|\.al2(?:023)?)?$/i.exec(
      id.trim(),
    );
  if (!m) return undefined;
  const { kind: written, version } = groups(m, 'kind', 'version');
  const kind = written.toLowerCase();
  const runtime: Runtime =
    kind === 'nodejs' ? 'nodejs' : kind.startsWith('dotnet') ? 'dotnet' : (kind as Runtime);
  const cycle = cycleOf(runtime, version);
  return cycle === undefined ? undefined : { runtime, cycle };
}

/** CDK `Runtime.NODEJS_20_X`, `Runtime.PYTHON_3_12`, `Runtime.JAVA_8_CORRETTO`, `Runtime.DOTNET_CORE_3_1` → a Lambda id. */
function cdkRuntimeId(constant: string): string | undefined {
  const m = /^(?<kind>NODEJS|PYTHON|JAVA|DOTNET_CORE|DOTNET|RUBY)_(?<major>\d+)(?:_(?<minor>\d+))?/.exec(
    constant,
  );
  if (!m) return undefined;
  const { kind: constantKind, major, minor } = groups(m, 'kind', 'major');
  const kind = constantKind.toLowerCase().replace('_', '');
  const version = minor === undefined ? major : `${major}.${minor}`;
  return kind === 'nodejs' ? `nodejs${version}.x` : `${kind}${version}`;
}

/** Lambda runtimes a Terraform, SAM/CloudFormation, Serverless or CDK file names, with their lines. */
function lambdaRuntimes(path: string, text: string): { id: string; line: number; source: string }[] {
  const base = baseName(path);
  const out: { id: string; line: number; source: string }[] = [];
  const lines = text.split(/\r?\n/);
  if (base.endsWith('.tf')) {
    lines.forEach((l, i) => {
      const m = /^\s*runtime\s*=\s*"(?<id>[^"$]+)"/.exec(l);
      if (m) out.push({ id: groups(m, 'id').id, line: i + 1, source: 'Terraform runtime' });
    });
  } else if (/^serverless\.ya?ml$/.test(base)) {
    lines.forEach((l, i) => {
      const m = /^\s*runtime:\s*["']?(?<id>[\w.]+)/.exec(l);
      if (m) out.push({ id: groups(m, 'id').id, line: i + 1, source: 'serverless.yml runtime' });
    });
  } else if (/\.(ya?ml|json)$/.test(base)) {
    // SAM and CloudFormation: only templates that declare functions, so another YAML's `Runtime:` is not read.
    if (!/AWS::Serverless|AWS::Lambda::Function/.test(text)) return out;
    lines.forEach((l, i) => {
      const m = /^\s*"?Runtime"?\s*:\s*["']?(?<id>[\w.]+)/.exec(l);
      if (m) out.push({ id: groups(m, 'id').id, line: i + 1, source: 'CloudFormation Runtime' });
    });
  } else {
    lines.forEach((l, i) => {
      for (const m of l.matchAll(/\bRuntime\.(?<constant>[A-Z][A-Z0-9_]+)/g)) {
        const id = cdkRuntimeId(groups(m, 'constant').constant);
        if (id) out.push({ id, line: i + 1, source: 'CDK lambda.Runtime' });
      }
    });
  }
  return out;
}

/** The endoflife.date cycle of a version, or undefined when the version is too vague to place. */
export function cycleOf(runtime: Runtime, version: string): string | undefined {
  const v = version.trim().replace(/^v/, '');
  const parts = /^(?<major>\d+)(?:\.(?<minor>\d+))?(?:\.(?<patch>\d+))?/.exec(v);
  if (!parts) return undefined;
  const { major, minor, patch } = groups(parts, 'major');
  switch (runtime) {
    case 'nodejs':
      return major === '0' ? undefined : major;
    case 'java':
      // "1.8" is Java 8 in pre-9 numbering; "8u372" is an update of 8.
      return major === '1' && minor !== undefined ? minor : major;
    case 'dotnet':
      // .NET Core 1.0–3.1 cycles have minors; from .NET 5 each major is one cycle "N.0".
      if (Number(major) >= 5) return `${major}.0`;
      return minor === undefined ? undefined : `${major}.${minor}`;
    case 'dotnetfx':
      return [major, minor ?? '0', ...(patch ? [patch] : [])].join('.');
    case 'python':
    case 'ruby':
    case 'go':
    case 'php':
      return minor === undefined ? undefined : `${major}.${Number(minor)}`;
  }
}

/** A .NET target framework moniker → runtime and cycle. https://learn.microsoft.com/en-us/dotnet/standard/frameworks */
export function frameworkCycle(tfm: string): { runtime: Runtime; cycle: string } | undefined {
  const t = tfm.trim().toLowerCase();
  const modern = /^net(?<major>\d+)\.\d+/.exec(t);
  if (modern) return { runtime: 'dotnet', cycle: `${groups(modern, 'major').major}.0` };
  const core = /^netcoreapp(?<major>\d+)\.(?<minor>\d+)/.exec(t);
  if (core) {
    const { major, minor } = groups(core, 'major', 'minor');
    return { runtime: 'dotnet', cycle: `${major}.${minor}` };
  }
  const framework = /^net(\d)(\d)(\d)?$/.exec(t);
  if (framework) {
    return {
      runtime: 'dotnetfx',
      cycle: [framework[1], framework[2], framework[3]].filter(Boolean).join('.'),
    };
  }
  return undefined; // netstandard is an API surface, not a runtime.
}

/** Official images whose tag names the runtime release. */
function imageRuntime(repository: string): Runtime | undefined {
  const repo = repository.toLowerCase();
  if (/^mcr\.microsoft\.com\/dotnet\/framework\//.test(repo)) return 'dotnetfx';
  if (/^mcr\.microsoft\.com\/dotnet\/(core\/)?(sdk|aspnet|runtime|runtime-deps)$/.test(repo)) return 'dotnet';
  // Docker Hub official images, with or without a registry or `library/` prefix.
  const name = repo.replace(
    /^(docker\.io\/|index\.docker\.io\/|public\.ecr\.aws\/docker\/)?(library\/)?/,
    '',
  );
  const byName: Record<string, Runtime> = {
    node: 'nodejs',
    python: 'python',
    openjdk: 'java',
    'eclipse-temurin': 'java',
    amazoncorretto: 'java',
    'ibm-semeru-runtimes': 'java',
    sapmachine: 'java',
    ruby: 'ruby',
    golang: 'go',
    php: 'php',
  };
  return byName[name];
}

/** Each stage's base image with its line; ARG defaults declared before FROM are substituted. https://docs.docker.com/reference/dockerfile/#from */
export function dockerfileBaseImages(text: string): { image: string; line: number }[] {
  const args = new Map<string, string>();
  const stages = new Set<string>();
  const images: { image: string; line: number }[] = [];
  const substitute = (s: string): string =>
    s.replace(
      /\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g,
      (whole, braced?: string, fallback?: string, bare?: string) => {
        const value = args.get((braced ?? bare) as string);
        return value !== undefined && value !== '' ? value : (fallback ?? whole);
      },
    );
  let seenFrom = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    // Only ARGs before the first FROM are in scope for FROM lines.
    const arg = /^\s*ARG\s+(?<name>\w+)(?:=(?<quote>"?)(?<value>[^"\s]*)\k<quote>)?/i.exec(raw);
    if (arg && !seenFrom) {
      const { name, value } = groups(arg, 'name');
      args.set(name, value ?? '');
      return;
    }
    const from = /^\s*FROM\s+(?:--\S+\s+)*(?<image>\S+)(?:\s+AS\s+(?<stage>\S+))?/i.exec(raw);
    if (!from) return;
    seenFrom = true;
    const { image: written, stage } = groups(from, 'image');
    const image = substitute(written);
    const fromStage = stages.has(image.toLowerCase());
    if (stage) stages.add(stage.toLowerCase());
    if (fromStage || image.toLowerCase() === 'scratch') return;
    images.push({ image, line: index + 1 });
  });
  return images;
}

/** Runtime and cycle named by an image reference like `node:18-alpine` or `mcr.microsoft.com/dotnet/aspnet:8.0`. */
export function imageCycle(image: string): { runtime: Runtime; cycle: string } | undefined {
  const withoutDigest = image.split('@')[0] as string;
  const colon = withoutDigest.lastIndexOf(':');
  if (colon === -1 || withoutDigest.slice(colon).includes('/')) return undefined; // untagged: latest
  const runtime = imageRuntime(withoutDigest.slice(0, colon));
  const tag = withoutDigest.slice(colon + 1).toLowerCase();
  if (!runtime || tag.includes('$')) return undefined;
  if (runtime === 'nodejs') {
    const codename = NODE_CODENAMES[tag.split('-')[0] as string];
    if (codename) return { runtime, cycle: codename };
  }
  // IBM Semeru tags name the edition first: `open-17-jre`, `certified-21-jdk-jammy`.
  const versionTag = runtime === 'java' ? tag.replace(/^(?:open|certified)-/, '') : tag;
  const version = /^(\d+(?:\.\d+)*)/.exec(versionTag)?.[1];
  const cycle = version === undefined ? undefined : cycleOf(runtime, version);
  return cycle === undefined ? undefined : { runtime, cycle };
}

const TOOL_VERSIONS_RUNTIMES: Record<string, Runtime> = {
  nodejs: 'nodejs',
  node: 'nodejs',
  python: 'python',
  ruby: 'ruby',
  golang: 'go',
  go: 'go',
  java: 'java',
  php: 'php',
  dotnet: 'dotnet',
  'dotnet-core': 'dotnet',
};

const MANIFEST_RUNTIMES: Record<string, Runtime> = {
  node: 'nodejs',
  python: 'python',
  java: 'java',
  ruby: 'ruby',
  go: 'go',
  php: 'php',
};

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Every runtime declaration in the snapshot, in path and line order. */
export function findRuntimeDeclarations(snapshot: Snapshot): RuntimeDeclaration[] {
  const found: RuntimeDeclaration[] = [];
  const add = (
    runtime: Runtime,
    version: string,
    declared: string,
    source: string,
    path: string,
    line: number,
  ): void => {
    const cycle = cycleOf(runtime, version);
    if (cycle !== undefined) found.push({ runtime, cycle, declared, source, path, line });
  };

  for (const manifest of readManifests(snapshot)) {
    for (const [key, { value, line }] of Object.entries(manifest.engines ?? {})) {
      const source = `${manifest.kind} ${key === 'node' ? 'engines.node' : key}`;
      if (key === 'dotnet') {
        for (const tfm of value.split(';')) {
          const fw = frameworkCycle(tfm);
          if (fw)
            found.push({
              ...fw,
              declared: tfm.trim(),
              source: `${manifest.kind} TargetFramework`,
              path: manifest.path,
              line,
            });
        }
        continue;
      }
      const runtime = MANIFEST_RUNTIMES[key];
      const range = runtime ? versionBounds(value, runtime) : undefined;
      if (!runtime || !range || range.length === 0) continue;
      const lowest = range.map((b) => b.lower).sort(compareCycles)[0] as string;
      const cycle = cycleOf(runtime, lowest);
      if (cycle === undefined) continue;
      found.push({ runtime, cycle, declared: value, source, path: manifest.path, line, range });
    }
  }

  for (const path of snapshot.glob(GRADLE_SCRIPT_GLOBS)) {
    const text = snapshot.text(path);
    // build.gradle files are manifests, read above.
    if (text === undefined || /^build\.gradle(\.kts)?$/.test(baseName(path))) continue;
    const m =
      /languageVersion(?:\.set\s*\(|\s*=|\s*\()\s*JavaLanguageVersion\.of\s*\(\s*["']?(?<language>\d+)["']?\s*\)|\bjvmToolchain\s*\(\s*(?<toolchain>\d+)\s*\)/.exec(
        text,
      );
    const { language, toolchain } = m ? groups(m) : {};
    const version = language ?? toolchain;
    if (m && version !== undefined) {
      const declared =
        language === undefined ? `jvmToolchain(${version})` : `JavaLanguageVersion.of(${version})`;
      add('java', version, declared, 'Gradle toolchain', path, text.slice(0, m.index).split('\n').length);
    }
  }

  for (const path of snapshot.glob(LAMBDA_GLOBS)) {
    const text = snapshot.text(path);
    if (text === undefined || isThirdPartyPath(path) || /(^|\/)\.terraform\//.test(path)) continue;
    for (const { id, line, source } of lambdaRuntimes(path, text)) {
      const ref = lambdaRuntimeCycle(id);
      if (ref) found.push({ ...ref, declared: id, source: `AWS Lambda ${source}`, path, line });
    }
  }

  for (const path of snapshot.glob(RUNTIME_FILE_GLOBS)) {
    const text = snapshot.text(path);
    if (text === undefined || isThirdPartyPath(path)) continue;
    const base = baseName(path);
    const lines = text.split(/\r?\n/);
    const firstLine = (): { text: string; line: number } | undefined => {
      const index = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
      return index === -1 ? undefined : { text: (lines[index] as string).trim(), line: index + 1 };
    };
    if (base === '.nvmrc' || base === '.node-version') {
      const first = firstLine();
      if (!first) continue;
      const codename = /^lts\/(\w+)$/i.exec(first.text)?.[1]?.toLowerCase();
      const version = codename ? NODE_CODENAMES[codename] : first.text;
      if (version) add('nodejs', version, first.text, base, path, first.line);
    } else if (base === '.python-version') {
      lines.forEach((l, i) => {
        const v = l.trim();
        if (/^\d/.test(v)) add('python', v, v, base, path, i + 1);
      });
    } else if (base === 'runtime.txt') {
      const first = firstLine();
      const m = first && /^python-(?<version>\d[\w.]*)/.exec(first.text);
      if (first && m) add('python', groups(m, 'version').version, first.text, base, path, first.line);
    } else if (base === '.ruby-version') {
      const first = firstLine();
      if (first) add('ruby', first.text.replace(/^ruby-/, ''), first.text, base, path, first.line);
    } else if (base === '.tool-versions') {
      lines.forEach((l, i) => {
        const [tool, ...versions] = l.replace(/#.*$/, '').trim().split(/\s+/);
        const runtime = tool ? TOOL_VERSIONS_RUNTIMES[tool] : undefined;
        if (!runtime) return;
        for (const v of versions) {
          // asdf-java names distributions: temurin-17.0.8+7, openjdk-21, corretto-11.0.20.8.1.
          const version = runtime === 'java' ? /(\d[\w.+]*)/.exec(v)?.[1] : v;
          if (version) add(runtime, version, `${tool as string} ${v}`, base, path, i + 1);
        }
      });
    } else {
      for (const { image, line } of dockerfileBaseImages(text)) {
        const ref = imageCycle(image);
        if (ref) found.push({ ...ref, declared: image, source: `${base} FROM`, path, line });
      }
    }
  }
  return found.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
}
