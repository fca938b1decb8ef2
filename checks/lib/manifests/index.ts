import { memoise, type Snapshot } from '../../../src/snapshot/snapshot.js';
import { cargoToml } from './cargo.js';
import { composerJson } from './composer.js';
import { description } from './cran.js';
import { goMod } from './gomod.js';
import { buildGradle, buildGradleKts } from './gradle.js';
import { pomXml } from './maven.js';
import { packageJson } from './npm.js';
import { csproj, nuspec } from './nuget.js';
import { pipfile, pyprojectToml, requirementsTxt, setupCfg, setupPy } from './python.js';
import { gemfile, gemspec } from './ruby.js';
import { errorMessage } from './text.js';
import type { Manifest, ManifestReader } from './types.js';

export type {
  Ecosystem,
  LocatedValue,
  Manifest,
  ManifestContent,
  ManifestDependency,
  ManifestReader,
} from './types.js';
export { parseRequirement } from './python.js';

/** Every reader; adding a format is one file and one line here. */
export const MANIFEST_READERS: readonly ManifestReader[] = [
  packageJson,
  pyprojectToml,
  setupCfg,
  setupPy,
  requirementsTxt,
  pipfile,
  cargoToml,
  pomXml,
  buildGradle,
  buildGradleKts,
  csproj,
  nuspec,
  composerJson,
  gemspec,
  gemfile,
  goMod,
  description,
];

/** Add these to a check's `wants` to read manifests. */
export const MANIFEST_GLOBS: string[] = [...new Set(MANIFEST_READERS.flatMap((r) => r.globs))];

/**
 * Directories of installed or vendored third-party code: their manifests describe other people's
 * projects, not this one.
 */
const THIRD_PARTY_DIR =
  /(^|\/)(node_modules|bower_components|vendor|\.venv|venv|site-packages|__pypackages__|\.tox|\.git)\//;

/** Whether a path is inside installed/vendored code that manifest-based checks ignore. */
export function isThirdPartyPath(path: string): boolean {
  return THIRD_PARTY_DIR.test(path);
}

/** The reader for a path, if it is a manifest. */
export function readerFor(path: string): ManifestReader | undefined {
  if (isThirdPartyPath(path)) return undefined;
  const base = path.slice(path.lastIndexOf('/') + 1);
  return MANIFEST_READERS.find((r) => r.matches(base, path));
}

/** Reads one manifest's text; never throws. */
export function readManifest(path: string, text: string, reader: ManifestReader): Manifest {
  const slash = path.lastIndexOf('/');
  const head = {
    path,
    dir: slash === -1 ? '' : path.slice(0, slash),
    ecosystem: reader.ecosystem,
    kind: reader.kind,
  };
  try {
    // Windows editors (Visual Studio, Notepad) save a UTF-8 byte order mark; npm, pip and cargo skip
    // it, and JSON.parse does not. It holds no newline, so line numbers stay the same.
    return { ...head, ...reader.read(text.replace(/^\uFEFF/, ''), path) };
  } catch (e) {
    return { ...head, dependencies: [], error: { message: errorMessage(e) } };
  }
}

/**
 * Every manifest whose text the snapshot holds (a check must include MANIFEST_GLOBS in `wants`),
 * sorted by path. Files listed but not readable (too large, binary) are left out; a file that does
 * not parse is returned with `error`.
 */
export const readManifests = memoise((snapshot: Snapshot): Manifest[] => {
  const manifests: Manifest[] = [];
  for (const { path } of snapshot.files) {
    const reader = readerFor(path);
    if (!reader) continue;
    const text = snapshot.text(path);
    if (text === undefined) continue;
    manifests.push(readManifest(path, text, reader));
  }
  return manifests.sort((a, b) => a.path.localeCompare(b.path));
});
