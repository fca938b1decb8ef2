import { memoise, type Snapshot } from '../../../src/snapshot/snapshot.js';
import { identifyLicence, type LicenceIdentification, type LicenceMatch } from './identify.js';

/**
 * A licence file at the root, as GitHub and licensee find them: LICENSE, LICENCE, COPYING or
 * UNLICENSE in any case, with .md/.txt/none, and per-licence suffixes (LICENSE-MIT, LICENCE.docs).
 */
export const LICENCE_FILE_PATTERN = /^(licen[cs]e|copying|unlicen[cs]e)([-._][A-Za-z0-9._-]+)?$/i;

/** Extensions that make `license.ts` or `licence.json` code or data about licences, not a licence. */
const NOT_LICENCE_EXTENSION =
  /\.(?:[cm]?[jt]sx?|py|rb|go|rs|java|kt|cs|php|json|ya?ml|xml|toml|lock|html?|css|scss|sh|svg|png|jpe?g|gif)$/i;

/** Whether a file name (no directory) is a licence file name. */
export function isLicenceFileName(name: string): boolean {
  return LICENCE_FILE_PATTERN.test(name) && !NOT_LICENCE_EXTENSION.test(name);
}

/** `wants` globs for root licence files in any case (minimatch character classes). */
export const LICENCE_FILE_WANTS: readonly string[] = [
  '{[Ll][Ii][Cc][Ee][Nn][CcSs][Ee],[Cc][Oo][Pp][Yy][Ii][Nn][Gg],[Uu][Nn][Ll][Ii][Cc][Ee][Nn][CcSs][Ee]}{,-*,.*,_*}',
];

/** One root licence file and what it licenses. */
export interface LicenceFile {
  path: string;
  /** Absent when the file's text could not be read (too large, binary). */
  identification?: LicenceIdentification;
  skipped?: string;
}

/** What the repository's root licence files grant together. */
export interface RepositoryLicence {
  files: readonly LicenceFile[];
  /** SPDX expression over every identified file, e.g. 'MIT OR Apache-2.0'; absent when none was identified. */
  spdx?: string;
  /** Lowest confidence among the identified files (0–100). */
  confidence?: number;
  licences: readonly LicenceMatch[];
}

/** Suffixes that scope a second licence to documentation or content rather than offer a choice. */
const SCOPED_SUFFIX =
  /^[-._](docs?|documentation|content|data|assets|media|images|fonts|third[-_]?party|notice)(\.|$)/i;

/** LICENSE and LICENCE before COPYING and UNLICENSE; the plain name before suffixed ones. */
function rank(path: string): number {
  const m = LICENCE_FILE_PATTERN.exec(path);
  const stem = (m?.[1] ?? '').toLowerCase();
  const base = stem.startsWith('licen') ? 0 : stem === 'copying' ? 2 : 4;
  const suffix = m?.[2] ?? '';
  return base + (suffix === '' || /^\.(md|markdown|txt|rst)$/i.test(suffix) ? 0 : 1);
}

/** Root licence files, identified; memoised so licence-file, licence-osi-approved and licence-manifest share one pass. */
export const repositoryLicence = memoise((snapshot: Snapshot): RepositoryLicence => {
  const paths = snapshot
    .listDir('')
    .filter((p) => isLicenceFileName(p))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const files: LicenceFile[] = paths.map((path) => {
    const content = snapshot.content(path);
    if (content?.kind === 'skipped') return { path, skipped: content.reason };
    if (content === undefined) return { path, skipped: 'not-read' };
    return { path, identification: identifyLicence(content.text) };
  });
  const identified = files.filter(
    (f): f is LicenceFile & { identification: Extract<LicenceIdentification, { kind: 'licence' }> } =>
      f.identification?.kind === 'licence',
  );
  if (identified.length === 0) return { files, licences: [] };
  const licences = identified.flatMap((f) => f.identification.licences);
  const confidence = Math.min(...identified.map((f) => f.identification.confidence));
  const expressions = [...new Set(identified.map((f) => f.identification.spdx))];
  if (expressions.length === 1) return { files, spdx: expressions[0] as string, confidence, licences };
  // A file that names the combination ("MIT OR Apache-2.0, see LICENSE-MIT and LICENSE-APACHE") says how the others combine.
  const union = new Set(licences.map((l) => l.spdx));
  const naming = identified.find(
    (f) =>
      f.identification.licences.length > 1 &&
      f.identification.licences.every((l) => union.has(l.spdx)) &&
      f.identification.licences.length === union.size,
  );
  if (naming) return { files, spdx: naming.identification.spdx, confidence, licences };
  // LICENSE-MIT + LICENSE-APACHE is the Rust and Apache convention for a choice; LICENSE + LICENSE-docs scopes one to docs.
  const scoped = identified.some((f) => SCOPED_SUFFIX.test(f.path.replace(/^(licen[cs]e|copying)/i, '')));
  const join = scoped ? ' AND ' : ' OR ';
  const spdx = expressions.map((e) => (/\s(OR|AND)\s/.test(e) ? `(${e})` : e)).join(join);
  return { files, spdx, confidence, licences };
});

/** The licence that governs a directory: its own licence file, else its parent's, up to the root. */
export interface GoverningLicence {
  path: string;
  spdx: string;
  licences: readonly string[];
}

const directoryLicences = memoise((_snapshot: Snapshot) => new Map<string, GoverningLicence | null>());

/**
 * Nearest identified licence file at or above `dir` (a monorepo package may carry its own).
 * Subdirectory files are read only if the check wants them.
 */
export function governingLicence(snapshot: Snapshot, dir: string): GoverningLicence | undefined {
  const cache = directoryLicences(snapshot);
  const cached = cache.get(dir);
  if (cached !== undefined) return cached ?? undefined;
  let found: GoverningLicence | undefined;
  if (dir === '') {
    const root = repositoryLicence(snapshot);
    const path = root.files.find((f) => f.identification?.kind === 'licence')?.path;
    found =
      root.spdx !== undefined && path !== undefined
        ? { path, spdx: root.spdx, licences: root.licences.map((l) => l.spdx) }
        : undefined;
  } else {
    const own = snapshot
      .listDir(dir)
      .filter((p) => isLicenceFileName(p.slice(dir.length + 1)))
      .sort((a, b) => rank(a.slice(dir.length + 1)) - rank(b.slice(dir.length + 1)) || a.localeCompare(b));
    for (const path of own) {
      const text = snapshot.text(path);
      const id = text === undefined ? undefined : identifyLicence(text);
      if (id?.kind === 'licence') {
        found = { path, spdx: id.spdx, licences: id.licences.map((l) => l.spdx) };
        break;
      }
    }
    found ??= governingLicence(snapshot, dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '');
  }
  cache.set(dir, found ?? null);
  return found;
}
