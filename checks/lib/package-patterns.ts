import type { Ecosystem, Manifest, ManifestDependency } from './manifests.js';

/**
 * Package names as registries compare them: PyPI normalises case and `-_.` (PEP 503), NuGet and
 * Composer ignore case, the others are exact.
 */
export function normalisePackageName(name: string, ecosystem: Ecosystem): string {
  if (ecosystem === 'pip') return name.toLowerCase().replace(/[-_.]+/g, '-');
  if (ecosystem === 'nuget' || ecosystem === 'composer') return name.toLowerCase();
  return name;
}

/** A pattern is a package name, or a prefix ending in `*`. */
export function packageMatcher(patterns: readonly string[], ecosystem: Ecosystem): (name: string) => boolean {
  const normalised = patterns.map((p) => normalisePackageName(p, ecosystem));
  const exact = new Set(normalised.filter((p) => !p.endsWith('*')));
  const prefixes = normalised.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return (name) => {
    const n = normalisePackageName(name, ecosystem);
    return exact.has(n) || prefixes.some((p) => n.startsWith(p));
  };
}

/** A dependency that matched, with the manifest it is declared in. */
export interface DependencyHit {
  manifest: Manifest;
  dependency: ManifestDependency;
}

/** Dependencies of `manifests` matching any pattern for their ecosystem. */
export function findDependencies(
  manifests: readonly Manifest[],
  patternsByEcosystem: Partial<Record<Ecosystem, readonly string[]>>,
  options: { includeDev: boolean },
): DependencyHit[] {
  const hits: DependencyHit[] = [];
  const matchers = new Map<Ecosystem, (name: string) => boolean>();
  for (const manifest of manifests) {
    const patterns = patternsByEcosystem[manifest.ecosystem];
    if (!patterns || patterns.length === 0) continue;
    let matcher = matchers.get(manifest.ecosystem);
    if (!matcher) matchers.set(manifest.ecosystem, (matcher = packageMatcher(patterns, manifest.ecosystem)));
    for (const dependency of manifest.dependencies) {
      if (dependency.dev && !options.includeDev) continue;
      if (matcher(dependency.name)) hits.push({ manifest, dependency });
    }
  }
  return hits;
}
