import parse, { type ConjunctionInfo, type LicenseInfo } from 'spdx-expression-parse';
import spdxDeprecated from 'spdx-license-ids/deprecated.json' with { type: 'json' };
import { SPDX_LIST as spdxList } from './spdx-list.js';
import { groups } from '../groups.js';

/**
 * Deprecated SPDX ids (https://spdx.org/licenses/, "Deprecated License Identifiers") that are a
 * licence with an exception, or were renamed. The GNU ids without a suffix (GPL-2.0) mean the `-only`
 * licence, and `+` means `-or-later`; those follow from the rule below rather than from this table.
 * A `-with-` id keeps the version choice of its GNU id; eCos and wxWindows say "any later version".
 */
const REPLACED: Readonly<Record<string, string>> = {
  'GPL-2.0-with-GCC-exception': 'GPL-2.0-only WITH GCC-exception-2.0',
  'GPL-2.0-with-autoconf-exception': 'GPL-2.0-only WITH Autoconf-exception-2.0',
  'GPL-2.0-with-bison-exception': 'GPL-2.0-only WITH Bison-exception-2.2',
  'GPL-2.0-with-classpath-exception': 'GPL-2.0-only WITH Classpath-exception-2.0',
  'GPL-2.0-with-font-exception': 'GPL-2.0-only WITH Font-exception-2.0',
  'GPL-3.0-with-GCC-exception': 'GPL-3.0-only WITH GCC-exception-3.1',
  'GPL-3.0-with-autoconf-exception': 'GPL-3.0-only WITH Autoconf-exception-3.0',
  'eCos-2.0': 'GPL-2.0-or-later WITH eCos-exception-2.0',
  wxWindows: 'LGPL-2.0-or-later WITH WxWindows-exception-3.1',
  'BSD-2-Clause-FreeBSD': 'BSD-2-Clause-Views',
  'BSD-2-Clause-NetBSD': 'BSD-2-Clause',
  Nunit: 'zlib-acknowledgement',
  'StandardML-NJ': 'SMLNJ',
  'bzip2-1.0.5': 'bzip2-1.0.6',
  // A collection of short permissive licences, most of them BSD-3-Clause and one HPND (SPDX deprecated
  // the id as no licence of its own: spdx/license-list-XML#2506).
  'Net-SNMP': 'BSD-3-Clause AND HPND',
};

const DEPRECATED: ReadonlySet<string> = new Set(spdxDeprecated as string[]);
const listed = (id: string): boolean => Object.hasOwn(spdxList, id);

/** Whether SPDX deprecates the id: its deprecated list, and the GNU `+` ids it lists as current. */
export function isDeprecatedId(id: string): boolean {
  return DEPRECATED.has(id) || id.endsWith('+');
}

/**
 * The current SPDX expression for one id: GPL-2.0+ → GPL-2.0-or-later, LGPL-2.1 → LGPL-2.1-only,
 * GPL-2.0-with-classpath-exception → GPL-2.0-only WITH Classpath-exception-2.0. A current id, or one
 * SPDX does not list, comes back as it is.
 */
export function currentId(id: string, orLater = false): string {
  const bare = id.endsWith('+') ? id.slice(0, -1) : id;
  const later = orLater || id.endsWith('+');
  const replaced = REPLACED[bare];
  if (replaced !== undefined) return replaced;
  if (later && listed(`${bare}-or-later`)) return `${bare}-or-later`;
  if (isDeprecatedId(id) && listed(`${bare}-only`)) return `${bare}-only`;
  return id;
}

/** The ids that share a GNU licence's text with `id`: GPL-2.0-only ↔ GPL-2.0-or-later. */
export function versionChoices(id: string): string[] {
  const m = /^(?<base>.*)-(?<suffix>only|or-later)$/.exec(id);
  if (!m) return [];
  const { base, suffix } = groups(m, 'base', 'suffix');
  const other = `${base}-${suffix === 'only' ? 'or-later' : 'only'}`;
  return listed(other) ? [other] : [];
}

function serialise(node: LicenseInfo | ConjunctionInfo, parent?: 'and' | 'or'): string {
  if ('conjunction' in node) {
    const inner = `${serialise(node.left, node.conjunction)} ${node.conjunction.toUpperCase()} ${serialise(node.right, node.conjunction)}`;
    // AND binds tighter than OR (SPDX annex D): only an OR inside an AND needs brackets.
    return parent === 'and' && node.conjunction === 'or' ? `(${inner})` : inner;
  }
  let id = currentId(node.license, node.plus === true);
  if (node.exception !== undefined) {
    // A replacement that brings its own exception cannot take a second one: keep the old id's meaning.
    id = id.includes(' WITH ') ? id : `${id} WITH ${node.exception}`;
  }
  return id;
}

/** The expression with every deprecated id replaced by its current form; undefined when it does not parse. */
export function currentExpression(expression: string): string | undefined {
  try {
    return serialise(parse(expression.trim()));
  } catch {
    return undefined;
  }
}
