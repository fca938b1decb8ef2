import type { LocatedValue, ManifestDependency, ManifestReader } from './types.js';
import { asRecord, asString, asStringArray, jsonKeyLine, jsonKeyOffset, lineOf, parseJson } from './text.js';

/** Dependency sections of package.json and whether they are development-only. https://docs.npmjs.com/cli/configuring-npm/package-json */
const SECTIONS: readonly [string, boolean][] = [
  ['dependencies', false],
  ['devDependencies', true],
  ['peerDependencies', false],
  ['optionalDependencies', false],
];

export const packageJson: ManifestReader = {
  ecosystem: 'npm',
  kind: 'package.json',
  globs: ['**/package.json'],
  matches: (base) => base === 'package.json',
  read(text) {
    const parsed = parseJson(text);
    if ('error' in parsed) return { dependencies: [], error: parsed.error };
    const pkg = asRecord(parsed.value);
    if (!pkg) return { dependencies: [], error: { message: 'package.json is not a JSON object', line: 1 } };

    // A FHIR package manifest (`fhirVersions`, hl7.fhir.* dependencies) is installed by FHIR tools from
    // the FHIR package registry, not by npm: it has no npm dependencies to lock or update.
    const fhirPackage = Array.isArray(pkg.fhirVersions) || typeof pkg['fhir-version-list'] !== 'undefined';
    const dependencies: ManifestDependency[] = [];
    for (const [section, dev] of fhirPackage ? [] : SECTIONS) {
      const deps = asRecord(pkg[section]);
      if (!deps) continue;
      for (const [name, version] of Object.entries(deps)) {
        dependencies.push({
          name,
          ...(typeof version === 'string' ? { version } : {}),
          line: jsonKeyLine(text, name, section),
          dev,
        });
      }
    }

    const engines: Record<string, LocatedValue> = {};
    for (const [runtime, range] of Object.entries(asRecord(pkg.engines) ?? {})) {
      if (typeof range === 'string')
        engines[runtime] = { value: range, line: jsonKeyLine(text, runtime, 'engines') };
    }

    const name = asString(pkg.name);
    const licence = readLicence(text, pkg);
    const workspaces = readWorkspaces(pkg.workspaces);
    const tool = asString(pkg.packageManager)?.split('@')[0];
    return {
      ...(name !== undefined ? { name } : {}),
      ...(pkg.private === true ? { private: true } : {}),
      ...(fhirPackage ? { fhirPackage: true } : {}),
      ...(licence ? { licence } : {}),
      dependencies,
      ...(Object.keys(engines).length > 0 ? { engines } : {}),
      ...(tool ? { tool } : {}),
      ...(workspaces.length > 0 ? { workspaces } : {}),
    };
  },
};

/** `license` is an SPDX expression; older packages use `{ "type": … }` or a `licenses` array (deprecated, still published). */
function readLicence(text: string, pkg: Record<string, unknown>): LocatedValue | undefined {
  const line = (key: string): number => lineOf(text, jsonKeyOffset(text, key) ?? 0);
  const licence = pkg.license;
  if (typeof licence === 'string') return { value: licence, line: line('license') };
  const legacy = asString(asRecord(licence)?.type);
  if (legacy) return { value: legacy, line: line('license') };
  if (Array.isArray(pkg.licenses)) {
    const types = pkg.licenses
      .map((l) => (typeof l === 'string' ? l : asString(asRecord(l)?.type)))
      .filter((t): t is string => t !== undefined);
    if (types.length > 0)
      return {
        value: types.length === 1 ? (types[0] as string) : `(${types.join(' OR ')})`,
        line: line('licenses'),
      };
  }
  return undefined;
}

/** npm/yarn: an array of globs; yarn classic also `{ packages: [...] }`. */
function readWorkspaces(value: unknown): string[] {
  if (Array.isArray(value)) return asStringArray(value);
  return asStringArray(asRecord(value)?.packages);
}
