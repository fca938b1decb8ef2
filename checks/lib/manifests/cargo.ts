import type { LocatedValue, ManifestDependency, ManifestReader } from './types.js';
import { asRecord, asString, asStringArray, parseTomlDocument, tomlKeyLine, tomlTable } from './text.js';

/** https://doc.rust-lang.org/cargo/reference/manifest.html and specifying-dependencies.html */
const SECTIONS: readonly [string, boolean][] = [
  ['dependencies', false],
  ['build-dependencies', false],
  ['dev-dependencies', true],
];

export const cargoToml: ManifestReader = {
  ecosystem: 'cargo',
  kind: 'Cargo.toml',
  globs: ['**/Cargo.toml'],
  matches: (base) => base === 'Cargo.toml',
  read(text) {
    const parsed = parseTomlDocument(text);
    if ('error' in parsed) return { dependencies: [], error: parsed.error };
    const doc = parsed.value;
    const pkg = asRecord(doc.package);
    const dependencies: ManifestDependency[] = [];
    const readSection = (table: string, deps: unknown, dev: boolean): void => {
      for (const [name, spec] of Object.entries(asRecord(deps) ?? {})) {
        const version = typeof spec === 'string' ? spec : asString(asRecord(spec)?.version);
        dependencies.push({
          name,
          ...(version !== undefined ? { version } : {}),
          line: tomlKeyLine(text, table, name),
          dev,
        });
      }
    };
    for (const [section, dev] of SECTIONS) readSection(section, doc[section], dev);
    for (const [cfg, body] of Object.entries(asRecord(doc.target) ?? {})) {
      for (const [section, dev] of SECTIONS) {
        const quoted = `target.${cfg.includes('.') || cfg.includes('(') ? `'${cfg}'` : cfg}.${section}`;
        readSection(tomlTable(text, quoted) ? quoted : section, asRecord(body)?.[section], dev);
      }
    }

    const licence = asString(pkg?.license);
    const licenceFile = asString(pkg?.['license-file']);
    const licenceValue: LocatedValue | undefined = licence
      ? { value: licence, line: tomlKeyLine(text, 'package', 'license') }
      : licenceFile
        ? { value: `file:${licenceFile}`, line: tomlKeyLine(text, 'package', 'license-file') }
        : undefined;
    const rustVersion = asString(pkg?.['rust-version']);
    const workspace = asRecord(doc.workspace);
    const targets: ('lib' | 'bin')[] = [];
    if (doc.lib !== undefined) targets.push('lib');
    if (Array.isArray(doc.bin) && doc.bin.length > 0) targets.push('bin');
    const name = asString(pkg?.name);
    return {
      ...(name !== undefined ? { name } : {}),
      // `publish = false` keeps a crate off crates.io.
      ...(pkg?.publish === false ? { private: true } : {}),
      ...(licenceValue ? { licence: licenceValue } : {}),
      dependencies,
      ...(rustVersion
        ? { engines: { rust: { value: rustVersion, line: tomlKeyLine(text, 'package', 'rust-version') } } }
        : {}),
      ...(workspace ? { workspaces: asStringArray(workspace.members) } : {}),
      ...(targets.length > 0 ? { targets } : {}),
    };
  },
};
