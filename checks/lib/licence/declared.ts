import { SPDX_LIST as spdxList } from './spdx-list.js';
import { groups } from '../groups.js';
import { currentId, isDeprecatedId } from './current.js';
import { parseExpression } from './expression.js';

/** How a manifest's licence field reads as SPDX. */
export type DeclaredLicence =
  /** A valid SPDX expression as written. */
  | { kind: 'spdx'; expression: string; licences: string[] }
  /** A licence name ("Apache License, Version 2.0", R's "GPL (>= 2)") that maps to an SPDX expression. */
  | { kind: 'name'; expression: string; licences: string[] }
  /** npm's "UNLICENSED": no rights granted (https://docs.npmjs.com/cli/v10/configuring-npm/package-json#license). */
  | { kind: 'unlicensed' }
  /** A pointer to a licence file: npm "SEE LICENSE IN x", Cargo license-file, NuGet PackageLicenseFile. */
  | { kind: 'file'; file: string }
  /** A licence family without its version ("GPL", "Apache License", "BSD"): which licence it means cannot be told. */
  | { kind: 'noVersion'; family: string; versions: string; match: RegExp }
  | { kind: 'unknown' };

/** Comparable key of a licence name: case, "the", "licence"/"license", "version" and ".0" do not matter. */
function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/licen[cs]ed?\b|licen[cs]es\b/g, ' ')
    .replace(/\bthe\b|\bversion\b|\bv(?=\s*\d)/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/(\d)(?: 0)+\b/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Names seen in manifests that are not SPDX names (pom.xml, setup.py, R DESCRIPTION, older package.json). */
const ALIASES: Readonly<Record<string, string>> = {
  'apache 2': 'Apache-2.0',
  'apache software 2': 'Apache-2.0',
  'asl 2': 'Apache-2.0',
  'al 2': 'Apache-2.0',
  'mit x11': 'MIT',
  expat: 'MIT',
  'bsd 2 clause': 'BSD-2-Clause',
  'simplified bsd': 'BSD-2-Clause',
  'bsd 3 clause': 'BSD-3-Clause',
  'new bsd': 'BSD-3-Clause',
  'modified bsd': 'BSD-3-Clause',
  'gnu general public 2': 'GPL-2.0-only',
  'gnu general public 3': 'GPL-3.0-only',
  'gnu lesser general public 2 1': 'LGPL-2.1-only',
  'gnu lesser general public 3': 'LGPL-3.0-only',
  'gnu affero general public 3': 'AGPL-3.0-only',
  'gpl 2': 'GPL-2.0-only',
  gplv2: 'GPL-2.0-only',
  'gpl 3': 'GPL-3.0-only',
  gplv3: 'GPL-3.0-only',
  'lgpl 2 1': 'LGPL-2.1-only',
  'lgpl 3': 'LGPL-3.0-only',
  lgplv3: 'LGPL-3.0-only',
  'agpl 3': 'AGPL-3.0-only',
  agplv3: 'AGPL-3.0-only',
  'mpl 2': 'MPL-2.0',
  'eupl 1 2': 'EUPL-1.2',
  'ogl 3': 'OGL-UK-3.0',
  'ogl uk 3': 'OGL-UK-3.0',
  'open government 3': 'OGL-UK-3.0',
  'open government uk 3': 'OGL-UK-3.0',
  'cc by 4': 'CC-BY-4.0',
  'cc0 1': 'CC0-1.0',
  cc0: 'CC0-1.0',
};

/**
 * Licence families that have several versions (or, for BSD, clause counts) with different terms: a
 * name without the version does not say which licence applies. `match` is tested on comparableId().
 */
const FAMILIES: readonly { keys: readonly string[]; family: string; versions: string; match: RegExp }[] = [
  {
    keys: ['gpl', 'gnu gpl', 'gnu general public', 'general public'],
    family: 'GNU GPL',
    versions: 'GPL-2.0-only, GPL-2.0-or-later, GPL-3.0-only or GPL-3.0-or-later',
    match: /^gpl-\d/,
  },
  {
    keys: [
      'lgpl',
      'gnu lgpl',
      'gnu lesser general public',
      'gnu library general public',
      'lesser general public',
    ],
    family: 'GNU LGPL',
    versions: 'LGPL-2.1-only, LGPL-2.1-or-later, LGPL-3.0-only or LGPL-3.0-or-later',
    match: /^lgpl-\d/,
  },
  {
    keys: ['agpl', 'gnu agpl', 'gnu affero general public', 'affero general public'],
    family: 'GNU AGPL',
    versions: 'AGPL-3.0-only or AGPL-3.0-or-later',
    match: /^agpl-\d/,
  },
  {
    keys: ['apache', 'apache software', 'apache software foundation', 'asl', 'asf'],
    family: 'Apache',
    versions: 'Apache-2.0 (or the older Apache-1.1, Apache-1.0)',
    match: /^apache-\d/,
  },
  {
    keys: ['mpl', 'mozilla public'],
    family: 'Mozilla Public',
    versions: 'MPL-2.0, MPL-1.1 or MPL-1.0',
    match: /^mpl-\d/,
  },
  {
    keys: ['epl', 'eclipse public'],
    family: 'Eclipse Public',
    versions: 'EPL-2.0 or EPL-1.0',
    match: /^epl-\d/,
  },
  {
    keys: ['eupl', 'european union public'],
    family: 'European Union Public',
    versions: 'EUPL-1.2, EUPL-1.1 or EUPL-1.0',
    match: /^eupl-\d/,
  },
  { keys: ['bsd'], family: 'BSD', versions: 'BSD-3-Clause or BSD-2-Clause', match: /^bsd-\d-clause$/ },
  {
    keys: ['cc by', 'creative commons attribution'],
    family: 'Creative Commons Attribution',
    versions: 'CC-BY-4.0 (or an older CC-BY-3.0, CC-BY-2.5…)',
    match: /^cc-by-\d/,
  },
  {
    keys: ['cc by sa', 'creative commons attribution sharealike', 'creative commons attribution share alike'],
    family: 'Creative Commons Attribution-ShareAlike',
    versions: 'CC-BY-SA-4.0 (or an older CC-BY-SA-3.0…)',
    match: /^cc-by-sa-\d/,
  },
  {
    keys: ['ogl', 'ogl uk', 'open government', 'open government uk'],
    family: 'Open Government',
    versions: 'OGL-UK-3.0 (or the older OGL-UK-2.0, OGL-UK-1.0)',
    match: /^ogl-uk-\d/,
  },
];

/** The licence family a versionless name ("GPL", "The Apache Software License") belongs to. */
function versionlessFamily(name: string): Extract<DeclaredLicence, { kind: 'noVersion' }> | undefined {
  const key = nameKey(name);
  const found = FAMILIES.find((f) => f.keys.includes(key));
  return found
    ? { kind: 'noVersion', family: found.family, versions: found.versions, match: found.match }
    : undefined;
}

let byName: Map<string, string> | undefined;

/**
 * The current SPDX id for a licence name ("Apache License, Version 2.0", "Open Government Licence
 * v3.0", "LGPL-2.1"), if it names one. A GNU name without "or later" is the -only licence; `orLater`
 * (the text says "or any later version") or a trailing `+` makes it -or-later. Never a deprecated id.
 */
export function idForName(name: string, orLater = false): string | undefined {
  if (!byName) {
    byName = new Map();
    // Current ids first, so that LGPL-2.1 (deprecated) and LGPL-2.1+ never shadow LGPL-2.1-only.
    const ids = Object.keys(spdxList).sort((a, b) => Number(isDeprecatedId(a)) - Number(isDeprecatedId(b)));
    for (const id of ids) if (!byName.has(nameKey(id))) byName.set(nameKey(id), currentId(id));
    for (const id of ids) {
      const entry = spdxList[id];
      if (entry && !byName.has(nameKey(entry.name))) byName.set(nameKey(entry.name), currentId(id));
    }
    for (const [alias, id] of Object.entries(ALIASES)) byName.set(alias, id);
    // "GPL-2.0-only" read as a name is "gpl 2 only": the plain "gpl 2" must mean the same.
    for (const [key, id] of [...byName]) {
      const m = /^(?<plain>.*) only$/.exec(key);
      const plain = m ? groups(m, 'plain').plain : undefined;
      if (plain !== undefined && id.endsWith('-only') && !ALIASES[plain]) byName.set(plain, id);
    }
  }
  const later = orLater || /\+\s*$|\bor (?:\(at your option\) )?(?:any )?later\b/i.test(name);
  const key = nameKey(
    name
      .replace(/\+\s*$/, '')
      .replace(/,?\s*or (?:\(at your option\) )?(?:any )?later(?: version)?\s*$/i, ''),
  );
  const id = byName.get(key);
  if (id === undefined) return undefined;
  if (!later) return id;
  const orLaterId = id.replace(/-only$/, '-or-later');
  return Object.hasOwn(spdxList, orLaterId) ? orLaterId : id;
}

/** R's License field (https://cran.r-project.org/doc/manuals/r-release/R-exts.html#Licensing): "MIT + file LICENSE", "GPL (>= 2)", "GPL-2 | GPL-3". */
function rLicence(value: string): string | undefined {
  const parts = value
    .split('|')
    .map((p) => p.replace(/\+\s*file\s+LICEN[CS]E/i, '').trim())
    .map((p) => {
      const later = /^(?<family>A?GPL|LGPL)\s*\(\s*>=\s*(?<version>[\d.]+)\s*\)$/i.exec(p);
      if (later) {
        const { family, version } = groups(later, 'family', 'version');
        const id = `${family.toUpperCase()}-${version.includes('.') ? version : `${version}.0`}-or-later`;
        return Object.hasOwn(spdxList, id) ? id : undefined;
      }
      const exact = /^(?<family>A?GPL|LGPL)-(?<version>[\d.]+)$/i.exec(p);
      if (exact) {
        const { family, version } = groups(exact, 'family', 'version');
        const id = `${family.toUpperCase()}-${version.includes('.') ? version : `${version}.0`}-only`;
        return Object.hasOwn(spdxList, id) ? id : undefined;
      }
      return parseExpression(p)?.expression ?? idForName(p);
    });
  if (parts.length === 0 || parts.some((p) => p === undefined)) return undefined;
  return parts.join(' OR ');
}

/**
 * "Apache License, Version 2.0", or a list of names offered as a choice ("MIT / Apache 2.0", "MIT, BSD",
 * Cargo's old "MIT/Apache-2.0").
 */
function namesToExpression(value: string): string | undefined {
  const whole = idForName(value);
  if (whole !== undefined) return whole;
  const ids = value.split(/\s+(?:or|OR)\s+|\s*[|,;/]\s*/).map((part) => idForName(part));
  if (ids.length < 2 || ids.some((id) => id === undefined)) return undefined;
  return ids.join(' OR ');
}

/** Reads a manifest's licence value; `kind` is the manifest kind ('package.json', 'DESCRIPTION'…). */
export function readDeclaredLicence(value: string, kind: string): DeclaredLicence {
  const trimmed = value.trim();
  if (/^unlicensed$/i.test(trimmed)) return { kind: 'unlicensed' };
  const file = /^(?:file:|see licen[cs]e in\s+)(?<file>.+)$/i.exec(trimmed);
  if (file) return { kind: 'file', file: groups(file, 'file').file.trim().replace(/^\.\//, '') };
  const spdx = parseExpression(trimmed);
  if (spdx) {
    return { kind: 'spdx', expression: spdx.expression, licences: spdx.licences };
  }
  const expression = kind === 'DESCRIPTION' ? rLicence(trimmed) : namesToExpression(trimmed);
  const parsed = expression === undefined ? undefined : parseExpression(expression);
  if (parsed) return { kind: 'name', expression: parsed.expression, licences: parsed.licences };
  return versionlessFamily(trimmed) ?? { kind: 'unknown' };
}

/**
 * Licence ids compared as the text of a licence file can tell them: GPL-2.0-only, GPL-2.0-or-later,
 * GPL-2.0+ and the deprecated GPL-2.0 share one text.
 */
export function comparableId(id: string): string {
  return id
    .replace(/\+$/, '')
    .replace(/-(only|or-later)$/, '')
    .toLowerCase();
}
