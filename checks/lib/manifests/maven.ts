import type { LocatedValue, ManifestDependency, ManifestReader } from './types.js';
import { asArray, asRecord, escapeRegExp, findOffset, lineOf, offsetsByName, xmlText } from './text.js';
import { parseXml } from './xml.js';

/** Java version properties, most specific first: `release` supersedes source/target (maven-compiler-plugin docs). */
const JAVA_PROPERTIES = [
  'maven.compiler.release',
  'java.version',
  'maven.compiler.source',
  'maven.compiler.target',
] as const;

/** Offset of the project's own `<dependencies>`, skipping dependencyManagement, build plugins and profiles. */
function topLevelDependenciesOffset(text: string): number | undefined {
  const re = /<(\/?)(dependencyManagement|build|profiles|dependencies)\b[^>]*>/g;
  let nested = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const closing = m[1] === '/';
    if (m[2] === 'dependencies') {
      if (!closing && nested === 0) return m.index;
      continue;
    }
    if (m[0].endsWith('/>')) continue;
    nested += closing ? -1 : 1;
  }
  return undefined;
}

export const pomXml: ManifestReader = {
  ecosystem: 'maven',
  kind: 'pom.xml',
  globs: ['**/pom.xml'],
  matches: (base) => base === 'pom.xml',
  read(text) {
    const parsed = parseXml(text);
    if ('error' in parsed) return { dependencies: [], error: parsed.error };
    const project = asRecord(parsed.value.project);
    if (!project)
      return { dependencies: [], error: { message: 'pom.xml has no <project> element', line: 1 } };

    const properties: Record<string, string> = {};
    for (const [key, value] of Object.entries(asRecord(project.properties) ?? {})) {
      const v = xmlText(value);
      if (v !== undefined) properties[key] = v;
    }
    const resolve = (value: string | undefined): string | undefined =>
      value?.replace(/\$\{([^}]+)\}/g, (whole, key: string) => properties[key] ?? whole);

    const dependencies: ManifestDependency[] = [];
    const parent = asRecord(project.parent);
    if (parent) {
      // The parent (e.g. spring-boot-starter-parent) manages the versions of everything else.
      const name = `${xmlText(parent.groupId) ?? ''}:${xmlText(parent.artifactId) ?? ''}`;
      const version = xmlText(parent.version);
      const offset = findOffset(text, /<parent\b/) ?? 0;
      dependencies.push({ name, ...(version ? { version } : {}), line: lineOf(text, offset), dev: false });
    }
    const depsOffset = topLevelDependenciesOffset(text) ?? 0;
    const offsets = offsetsByName(text, /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/, depsOffset);
    for (const dep of asArray(asRecord(project.dependencies)?.dependency)) {
      const d = asRecord(dep);
      if (!d) continue;
      const artifactId = xmlText(d.artifactId) ?? '';
      const version = resolve(xmlText(d.version));
      const offset = offsets.get(artifactId);
      dependencies.push({
        name: `${xmlText(d.groupId) ?? ''}:${artifactId}`,
        ...(version ? { version } : {}),
        line: lineOf(text, offset ?? depsOffset),
        dev: xmlText(d.scope) === 'test',
      });
    }

    const licences = asArray(asRecord(project.licenses)?.license)
      .map((l) => xmlText(asRecord(l)?.name))
      .filter((n): n is string => n !== undefined && n !== '');
    let licence: LocatedValue | undefined;
    if (licences.length > 0) {
      const licensesOffset = findOffset(text, /<licenses\b/) ?? 0;
      const offset = findOffset(text, /<name>/, licensesOffset) ?? licensesOffset;
      licence = {
        value: licences.length === 1 ? (licences[0] as string) : licences.join(' OR '),
        line: lineOf(text, offset),
      };
    }

    const java = readJavaVersion(text, properties, project);
    const groupId = xmlText(project.groupId) ?? xmlText(parent?.groupId);
    const artifactId = xmlText(project.artifactId);
    return {
      ...(artifactId ? { name: groupId ? `${groupId}:${artifactId}` : artifactId } : {}),
      ...(licence ? { licence } : {}),
      dependencies,
      ...(java ? { engines: { java } } : {}),
      tool: 'maven',
    };
  },
};

function readJavaVersion(
  text: string,
  properties: Record<string, string>,
  project: Record<string, unknown>,
): LocatedValue | undefined {
  const resolve = (v: string): string =>
    v.replace(/\$\{([^}]+)\}/g, (whole, key: string) => properties[key] ?? whole);
  for (const key of JAVA_PROPERTIES) {
    const value = properties[key];
    if (value)
      return {
        value: resolve(value),
        line: lineOf(text, findOffset(text, new RegExp(`<${escapeRegExp(key)}>`)) ?? 0),
      };
  }
  // maven-compiler-plugin <configuration><release>17</release> (or source).
  const plugins = asArray(asRecord(asRecord(asRecord(project.build)?.plugins))?.plugin);
  for (const plugin of plugins) {
    const p = asRecord(plugin);
    if (xmlText(p?.artifactId) !== 'maven-compiler-plugin') continue;
    const config = asRecord(p?.configuration);
    for (const key of ['release', 'source'] as const) {
      const value = xmlText(config?.[key]);
      if (value)
        return { value: resolve(value), line: lineOf(text, findOffset(text, new RegExp(`<${key}>`)) ?? 0) };
    }
  }
  return undefined;
}
