import type { LocatedValue, ManifestDependency, ManifestReader } from './types.js';
import { lineOf } from './text.js';
import { groups } from '../groups.js';

/** Configurations that only serve tests or builds. https://docs.gradle.org/current/userguide/java_library_plugin.html */
const DEV_CONFIGURATION =
  /^(test|androidTest|integrationTest|functionalTest)|^(kapt|annotationProcessor|detekt|ktlint)/;
const CONFIGURATIONS =
  '(?:implementation|api|compileOnly|runtimeOnly|compileOnlyApi|compile|runtime|classpath|kapt|ksp|annotationProcessor|developmentOnly|testImplementation|testCompileOnly|testRuntimeOnly|testCompile|testRuntime|testFixturesImplementation|testFixturesApi|androidTestImplementation|integrationTestImplementation|debugImplementation|releaseImplementation)';

/**
 * build.gradle and build.gradle.kts are programs; the dependency lines are conventional enough to read
 * as text: `implementation "g:a:v"`, `implementation("g:a:v")`, `implementation group: 'g', name: 'a', version: 'v'`.
 */
function readGradle(text: string): ReturnType<ManifestReader['read']> {
  const dependencies: ManifestDependency[] = [];
  const coordinate = new RegExp(
    `\\b(?<configuration>${CONFIGURATIONS})\\s*\\(?\\s*(?:platform\\s*\\(\\s*)?["'](?<group>[^"':\\s]+):(?<name>[^"':\\s]+)(?::(?<version>[^"'\\s]+))?["']`,
    'g',
  );
  const mapNotation = new RegExp(
    `\\b(?<configuration>${CONFIGURATIONS})\\s*\\(?\\s*group\\s*[:=]\\s*["'](?<group>[^"']+)["']\\s*,\\s*name\\s*[:=]\\s*["'](?<name>[^"']+)["'](?:\\s*,\\s*version\\s*[:=]\\s*["'](?<version>[^"']+)["'])?`,
    'g',
  );
  // Both notations name the same groups: configuration, group, name and an optional version.
  for (const m of [...text.matchAll(coordinate), ...text.matchAll(mapNotation)]) {
    const { configuration, group, name, version } = groups(m, 'configuration', 'group', 'name');
    dependencies.push({
      name: `${group}:${name}`,
      ...(version ? { version } : {}),
      line: lineOf(text, m.index ?? 0),
      dev: DEV_CONFIGURATION.test(configuration),
    });
  }
  dependencies.sort((a, b) => a.line - b.line);

  const java = readJavaVersion(text);
  // maven-publish POM metadata: licenses { license { name = 'MIT' } } (Groovy) or name.set("MIT") (Kotlin).
  const licenceMatch =
    /\blicen[cs]es\s*\{[\s\S]*?\blicen[cs]e\s*\{[\s\S]*?\bname(?:\.set\s*\(|\s*=?)\s*["'](?<licence>[^"']+)["']/.exec(
      text,
    );
  const licence: LocatedValue | undefined = licenceMatch
    ? {
        value: groups(licenceMatch, 'licence').licence,
        line: lineOf(text, (licenceMatch.index ?? 0) + licenceMatch[0].lastIndexOf('name')),
      }
    : undefined;
  return {
    ...(licence ? { licence } : {}),
    dependencies,
    ...(java ? { engines: { java } } : {}),
    tool: 'gradle',
  };
}

/**
 * Java level: a toolchain (`languageVersion = JavaLanguageVersion.of(17)`, Kotlin `jvmToolchain(17)`)
 * decides the JDK; otherwise `sourceCompatibility` (`JavaVersion.VERSION_11`, `'11'`, `1.8`).
 */
function readJavaVersion(text: string): LocatedValue | undefined {
  const patterns = [
    /languageVersion(?:\.set\s*\(|\s*=|\s*\()\s*JavaLanguageVersion\.of\s*\(\s*["']?(\d+)["']?\s*\)/,
    /\bjvmToolchain\s*\(\s*(\d+)\s*\)/,
    /\b(?:source|target)Compatibility\s*(?:=|\.set\s*\()?\s*(?:JavaVersion\.VERSION_([\d_]+)|["']?([\d.]+)["']?)/,
  ];
  for (const pattern of patterns) {
    const m = pattern.exec(text);
    if (!m) continue;
    const raw = (m[1] ?? m[2]) as string;
    return { value: raw.replace(/_/g, '.'), line: lineOf(text, m.index) };
  }
  return undefined;
}

export const buildGradle: ManifestReader = {
  ecosystem: 'gradle',
  kind: 'build.gradle',
  globs: ['**/build.gradle'],
  matches: (base) => base === 'build.gradle',
  read: readGradle,
};

export const buildGradleKts: ManifestReader = {
  ecosystem: 'gradle',
  kind: 'build.gradle.kts',
  globs: ['**/build.gradle.kts'],
  matches: (base) => base === 'build.gradle.kts',
  read: readGradle,
};
