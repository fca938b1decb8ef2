import type { LocatedValue, ManifestDependency, ManifestReader } from './types.js';
import { groups } from '../groups.js';

/**
 * R package DESCRIPTION files are Debian control format: `Field: value`, continuation lines indented.
 * https://cran.r-project.org/doc/manuals/r-release/R-exts.html#The-DESCRIPTION-file
 */
export const description: ManifestReader = {
  ecosystem: 'cran',
  kind: 'DESCRIPTION',
  globs: ['**/DESCRIPTION'],
  matches: (base) => base === 'DESCRIPTION',
  read(text) {
    const fields = new Map<string, { line: number; parts: { text: string; line: number }[] }>();
    let current: { line: number; parts: { text: string; line: number }[] } | undefined;
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = index + 1;
      if (/^\s/.test(raw) && current) {
        current.parts.push({ text: raw.trim(), line });
        return;
      }
      const field = /^(?<name>[A-Za-z][A-Za-z0-9/@.-]*)\s*:\s*(?<value>.*)$/.exec(raw);
      if (field) {
        const { name, value } = groups(field, 'name', 'value');
        current = { line, parts: [{ text: value, line }] };
        fields.set(name, current);
      } else current = undefined;
    });
    if (!fields.has('Package') && fields.size === 0)
      return {
        dependencies: [],
        error: { message: 'not a DESCRIPTION file: no `Field: value` lines', line: 1 },
      };

    const dependencies: ManifestDependency[] = [];
    let r: LocatedValue | undefined;
    for (const [field, dev] of [
      ['Depends', false],
      ['Imports', false],
      ['LinkingTo', false],
      ['Suggests', true],
    ] as const) {
      for (const part of fields.get(field)?.parts ?? []) {
        for (const entry of part.text.split(',')) {
          const m = /^\s*(?<name>[A-Za-z][A-Za-z0-9.]*)\s*(?:\((?<constraint>[^)]*)\))?\s*$/.exec(entry);
          if (!m) continue;
          const { name, constraint } = groups(m, 'name');
          const version = constraint?.trim();
          if (name === 'R') {
            if (version) r = { value: version, line: part.line };
            continue;
          }
          dependencies.push({ name, ...(version ? { version } : {}), line: part.line, dev });
        }
      }
    }
    const licence = fields.get('License');
    const name = fields.get('Package')?.parts[0]?.text;
    return {
      ...(name ? { name } : {}),
      ...(licence
        ? {
            licence: {
              value: licence.parts
                .map((p) => p.text)
                .join(' ')
                .trim(),
              line: licence.line,
            },
          }
        : {}),
      dependencies,
      ...(r ? { engines: { r } } : {}),
    };
  },
};
