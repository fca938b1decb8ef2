import { XMLParser } from 'fast-xml-parser';
import { parse as parseToml } from 'smol-toml';
import dependencyUpdates from '../checks/dependency-updates.js';
import { readManifests } from '../checks/lib/manifests.js';
import lockfiles from '../checks/lockfiles.js';
import supportedRuntime from '../checks/supported-runtime.js';
import { memorySnapshot } from '../src/snapshot/memory.js';

/**
 * readManifests over a synthetic monorepo (package.json, pyproject.toml, pom.xml, go.mod,
 * requirements.txt, *.csproj per service), against a baseline that only parses the same files with the
 * same parsers and keeps no line numbers: the ratio is the cost of locating every dependency.
 * Then the three manifest-based checks on the same snapshot.
 */

const SERVICES = 200;
const DEPS = 30;

function monorepo(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let s = 0; s < SERVICES; s++) {
    const deps = Array.from({ length: DEPS }, (_, i) => `    "dep-${s}-${i}": "^${i}.0.0"`).join(',\n');
    files[`services/s${s}/package.json`] =
      `{\n  "name": "s${s}",\n  "license": "MIT",\n  "engines": { "node": ">=22" },\n  "dependencies": {\n${deps}\n  }\n}\n`;
    files[`services/s${s}/package-lock.json`] = '{}';
    files[`py/p${s}/pyproject.toml`] =
      `[project]\nname = "p${s}"\nrequires-python = ">=3.12"\ndependencies = [\n${Array.from({ length: DEPS }, (_, i) => `  "lib${i}>=${i}.0",`).join('\n')}\n]\n`;
    files[`py/p${s}/requirements.txt`] =
      Array.from({ length: DEPS }, (_, i) => `lib${i}==${i}.0.0`).join('\n') + '\n';
    files[`java/j${s}/pom.xml`] =
      `<project>\n<artifactId>j${s}</artifactId>\n<properties><java.version>21</java.version></properties>\n<dependencies>\n${Array.from({ length: DEPS }, (_, i) => `<dependency><groupId>g${i}</groupId><artifactId>a${i}</artifactId><version>${i}.0</version></dependency>`).join('\n')}\n</dependencies>\n</project>\n`;
    files[`go/g${s}/go.mod`] =
      `module example.org/g${s}\n\ngo 1.26\n\nrequire (\n${Array.from({ length: DEPS }, (_, i) => `\texample.org/m${i} v1.${i}.0`).join('\n')}\n)\n`;
    files[`dotnet/d${s}/App.csproj`] =
      `<Project>\n<PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>\n<ItemGroup>\n${Array.from({ length: DEPS }, (_, i) => `<PackageReference Include="P${i}" Version="${i}.0.0" />`).join('\n')}\n</ItemGroup>\n</Project>\n`;
  }
  files['.github/dependabot.yml'] =
    'version: 2\nupdates:\n  - package-ecosystem: npm\n    directories: ["/services/*"]\n    schedule: { interval: weekly }\n';
  return files;
}

function baseline(files: Record<string, string>): number {
  const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false });
  let n = 0;
  for (const [path, text] of Object.entries(files)) {
    if (path.endsWith('package.json'))
      n += Object.keys((JSON.parse(text) as { dependencies: object }).dependencies).length;
    else if (path.endsWith('.toml'))
      n += (parseToml(text) as { project: { dependencies: unknown[] } }).project.dependencies.length;
    else if (path.endsWith('.xml') || path.endsWith('.csproj'))
      n += Object.keys(xml.parse(text) as object).length;
    else if (path.endsWith('.txt') || path.endsWith('go.mod')) n += text.split('\n').length;
  }
  return n;
}

function time(fn: () => unknown, rounds = 5): number {
  fn(); // warm-up
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(rounds / 2)] as number;
}

export async function run(): Promise<void> {
  const files = monorepo();
  const fileCount = Object.keys(files).length;
  const base = time(() => baseline(files));
  let manifests = 0;
  const read = time(() => {
    manifests = readManifests(memorySnapshot({ files })).length;
  });
  const snapshot = memorySnapshot({ files });
  readManifests(snapshot);
  const checks: [string, number][] = [];
  for (const check of [lockfiles, dependencyUpdates, supportedRuntime])
    checks.push([check.meta.id, time(() => void check.run(snapshot))]);
  const rows: [string, number, string][] = [
    ['baseline: parse only (no lines)', base, '1.00'],
    [`readManifests (${manifests} manifests, ${manifests * DEPS} deps)`, read, (read / base).toFixed(2)],
    ...checks.map(([id, ms]): [string, number, string] => [
      `${id} (memoised manifests)`,
      ms,
      (ms / base).toFixed(2),
    ]),
  ];
  console.log(`${fileCount} files, median of 5 runs\n`);
  console.log('| what | ms | × baseline |\n|---|---:|---:|');
  for (const [what, ms, ratio] of rows) console.log(`| ${what} | ${ms.toFixed(1)} | ${ratio} |`);
}
