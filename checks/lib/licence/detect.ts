import { memoise, type Snapshot } from '../../../src/snapshot/snapshot.js';
import { parseYamlDocument } from '../../../src/engine/yaml-nesting.js';
import { groups } from '../groups.js';
import { readDeclaredLicence } from './declared.js';
import { htmlToText, isHtml } from './html.js';
import { identifyLicence, type LicenceIdentification, type LicenceMatch } from './identify.js';

/**
 * A licence file at the root, as GitHub and licensee find them: LICENSE, LICENCE, COPYING or
 * UNLICENSE in any case, with .md/.txt/none, and per-licence suffixes (LICENSE-MIT, LICENCE.docs).
 */
export const LICENCE_FILE_PATTERN = /^(licen[cs]e|copying|unlicen[cs]e)([-._][A-Za-z0-9._-]+)?$/i;

/** Extensions that make `license.ts` or `licence.json` code or data about licences, not a licence (HTML is a licence page). */
const NOT_LICENCE_EXTENSION =
  /\.(?:[cm]?[jt]sx?|py|rb|go|rs|java|kt|cs|php|json|ya?ml|xml|toml|lock|css|scss|sh|svg|png|jpe?g|gif)$/i;

/**
 * Header templates that build plugins stamp into source files (license-maven-plugin's
 * license-header.txt, LICENSE.header, licence-template.txt): a notice to copy, not the project's licence.
 */
const TEMPLATE_NAME = /[-._](?:header|headers|template|tmpl|tpl|boilerplate)(?:[-._]|$)/i;

/** Whether a file name (no directory) is a licence file name. */
export function isLicenceFileName(name: string): boolean {
  return LICENCE_FILE_PATTERN.test(name) && !NOT_LICENCE_EXTENSION.test(name) && !TEMPLATE_NAME.test(name);
}

/** A REUSE licence file: LICENSES/<SPDX id or LicenseRef-…>.txt (https://reuse.software/spec/). */
const REUSE_LICENCE = /^LICENSES\/[A-Za-z0-9.+-]+(?:\.(?:txt|md))?$/;
/** Facebook's BSD+Patents: a PATENTS file beside the licence adds a patent grant with its own termination. */
const PATENTS_FILE = /^patents(?:\.(?:md|txt))?$/i;
const README_FILE = /^readme(?:\.(?:md|markdown|txt|rst))?$/i;

/** `wants` globs for root licence files in any case (minimatch character classes), and the evidence beside them. */
export const LICENCE_FILE_WANTS: readonly string[] = [
  '{[Ll][Ii][Cc][Ee][Nn][CcSs][Ee],[Cc][Oo][Pp][Yy][Ii][Nn][Gg],[Uu][Nn][Ll][Ii][Cc][Ee][Nn][CcSs][Ee]}{,-*,.*,_*}',
  'LICENSES/*',
  '[Pp][Aa][Tt][Ee][Nn][Tt][Ss]{,.*}',
  '[Rr][Ee][Aa][Dd][Mm][Ee]{,.*}',
  'DESCRIPTION',
  'sushi-config.{yaml,yml}',
  'ig.ini',
  '{input,fsh-generated/resources}/ImplementationGuide*.{json,xml}',
  'package.json',
  'publiccode.{yml,yaml}',
];

/** One root licence file and what it licenses. */
export interface LicenceFile {
  path: string;
  /** Absent when the file's text could not be read (too large, binary). */
  identification?: LicenceIdentification;
  skipped?: string;
  /** A README's licence section, read because the repository has no licence file that names a licence. */
  readmeSection?: boolean;
  /** What else backs the identification: the manifest or IG config that declares the same licence. */
  declaredIn?: string;
}

/** A standard licence changed by the repository: its text modified, or a PATENTS file beside it. */
export interface ModifiedLicence {
  path: string;
  closest: LicenceMatch;
  added: readonly string[];
  removed: readonly string[];
  /** The PATENTS file that adds a patent grant, when that is the change. */
  patents?: string;
}

/** What the repository's root licence files grant together. */
export interface RepositoryLicence {
  files: readonly LicenceFile[];
  /** SPDX expression over every identified file, e.g. 'MIT OR Apache-2.0'; absent when none was identified. */
  spdx?: string;
  /** Lowest confidence among the identified files (0–100). */
  confidence?: number;
  licences: readonly LicenceMatch[];
  /** Set when the licence is a standard one modified: then `spdx` names only unmodified licences, if any. */
  modified?: ModifiedLicence;
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

type Identified = LicenceFile & { identification: Extract<LicenceIdentification, { kind: 'licence' }> };

function readText(snapshot: Snapshot, path: string): { text: string } | { skipped: string } {
  const content = snapshot.content(path);
  if (content?.kind === 'skipped') return { skipped: content.reason };
  if (content === undefined) return { skipped: 'not-read' };
  return { text: isHtml(path) ? htmlToText(content.text) : content.text };
}

/** A licence that a manifest or IG config declares at the root. */
export interface DeclaredAtRoot {
  path: string;
  expression: string;
  licences: readonly string[];
}

/**
 * The licence of a FHIR implementation guide that ig.ini names: the ImplementationGuide resource's
 * `license` (a FHIR code that is an SPDX id), in JSON or XML.
 */
function igIniLicence(snapshot: Snapshot): { path: string; value: string } | undefined {
  const ini = snapshot.text('ig.ini');
  const ig = ini === undefined ? undefined : /^\s*ig\s*=\s*(\S+)\s*$/m.exec(ini)?.[1]?.replace(/^\.\//, '');
  const text = ig === undefined ? undefined : snapshot.text(ig);
  if (ig === undefined || text === undefined) return undefined;
  if (/\.xml$/i.test(ig)) {
    const value = /<license\s+value\s*=\s*"([^"]+)"/.exec(text)?.[1];
    return value === undefined ? undefined : { path: ig, value };
  }
  try {
    const value = (JSON.parse(text) as { license?: unknown }).license;
    return typeof value === 'string' ? { path: ig, value } : undefined;
  } catch {
    return undefined;
  }
}

/** Licences the repository's manifests and IG config declare, with the file that says so. */
export function declaredLicences(snapshot: Snapshot): DeclaredAtRoot[] {
  const out: DeclaredAtRoot[] = [];
  const add = (path: string, value: unknown, kind: string): void => {
    if (typeof value !== 'string') return;
    const d = readDeclaredLicence(value, kind);
    if (d.kind === 'spdx' || d.kind === 'name')
      out.push({ path, expression: d.expression, licences: d.licences });
  };
  for (const path of ['sushi-config.yaml', 'sushi-config.yml', 'publiccode.yml', 'publiccode.yaml']) {
    const text = snapshot.text(path);
    if (text === undefined) continue;
    try {
      const parsed = parseYamlDocument(text);
      if (parsed.errors.length > 0) continue;
      const doc = parsed.toJS({ maxAliasCount: 0 }) as Record<string, unknown> | null;
      const legal = doc?.legal as Record<string, unknown> | undefined;
      add(path, doc?.license ?? legal?.license, path);
    } catch {
      // An unparsable config declares nothing here; its own check reports it.
    }
  }
  const ig = igIniLicence(snapshot);
  if (ig) add(ig.path, ig.value, 'ImplementationGuide');
  const pkg = snapshot.text('package.json');
  if (pkg !== undefined) {
    try {
      add('package.json', (JSON.parse(pkg) as { license?: unknown }).license, 'package.json');
    } catch {
      // As above.
    }
  }
  const description = snapshot.text('DESCRIPTION');
  const field = description === undefined ? undefined : /^License:\s*(.+)$/m.exec(description);
  if (field) add('DESCRIPTION', field[1], 'DESCRIPTION');
  return out;
}

/**
 * R packages under "MIT + file LICENSE" (CRAN's template licences) keep only the year and holder in
 * LICENSE; DESCRIPTION names the licence (https://cran.r-project.org/web/licenses/).
 */
function cranTemplate(
  snapshot: Snapshot,
  path: string,
  text: string,
): Identified['identification'] | undefined {
  if (!/^\s*YEAR:[^\n]*\n\s*COPYRIGHT HOLDER:/i.test(text)) return undefined;
  const field = /^License:\s*(?<licence>.+)$/m.exec(snapshot.text('DESCRIPTION') ?? '');
  if (!field) return undefined;
  const { licence } = groups(field, 'licence');
  if (!new RegExp(`\\+\\s*file\\s+${path.replace(/\./g, '\\.')}\\b`, 'i').test(licence)) return undefined;
  const declared = readDeclaredLicence(licence, 'DESCRIPTION');
  if (declared.kind !== 'spdx' && declared.kind !== 'name') return undefined;
  return {
    kind: 'licence',
    spdx: declared.expression,
    confidence: 60,
    method: 'cran-template',
    licences: declared.licences.map((spdx) => ({ spdx, confidence: 60, equivalents: [] })),
    note: `DESCRIPTION declares "${licence.trim()}": ${path} holds the year and copyright holder that CRAN's template licence needs.`,
  };
}

/** The licence section of a README ("## Licence", "License\n======="), up to the next heading as high. */
export function readmeLicenceSection(text: string): string | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const heading = (i: number): number | undefined => {
    const atx = /^(?<hashes>#{1,6})\s+\S/.exec(lines[i] ?? '');
    if (atx) return groups(atx, 'hashes').hashes.length;
    const under = /^(?<rule>=+|-+)\s*$/.exec(lines[i + 1] ?? '');
    return under && (lines[i] ?? '').trim() !== ''
      ? groups(under, 'rule').rule.startsWith('=')
        ? 1
        : 2
      : undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const level = heading(i);
    if (
      level === undefined ||
      !/^[#\s]*(?:licen[cs](?:e|es|ing)|copyright and licen[cs]e)\b/i.test(lines[i] as string)
    )
      continue;
    const body: string[] = [];
    for (let j = i + (/^#/.test(lines[i] as string) ? 1 : 2); j < lines.length; j++) {
      const next = heading(j);
      if (next !== undefined && next <= level) break;
      body.push(lines[j] as string);
    }
    const section = body.join('\n').trim();
    return section === '' ? undefined : section;
  }
  return undefined;
}

/** Root licence files, identified; memoised so licence-file, licence-osi-approved and licence-manifest share one pass. */
export const repositoryLicence = memoise((snapshot: Snapshot): RepositoryLicence => {
  const root = snapshot.listDir('');
  const paths = [
    ...root.filter((p) => isLicenceFileName(p)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)),
    ...snapshot
      .listDir('LICENSES')
      .filter((p) => REUSE_LICENCE.test(p))
      .sort(),
  ];
  const declared = declaredLicences(snapshot);
  const files: LicenceFile[] = paths.map((path) => {
    const read = readText(snapshot, path);
    if ('skipped' in read) return { path, skipped: read.skipped };
    let identification = identifyLicence(read.text);
    if (identification.kind !== 'licence')
      identification = cranTemplate(snapshot, path, read.text) ?? identification;
    const file: LicenceFile = { path, identification };
    if (identification.kind === 'licence' && identification.method === 'identifier') {
      const backing = declared.find(
        (d) =>
          identification.kind === 'licence' &&
          identification.licences.every((l) => d.licences.includes(l.spdx)),
      );
      if (backing) file.declaredIn = backing.path;
    }
    return file;
  });
  const hasLicence = files.some(
    (f) => f.identification?.kind === 'licence' || f.identification?.kind === 'modified',
  );
  if (!hasLicence && !files.some((f) => f.skipped !== undefined)) {
    const readme = root.filter((p) => README_FILE.test(p)).sort((a, b) => a.length - b.length)[0];
    const section = readme === undefined ? undefined : readmeLicenceSection(snapshot.text(readme) ?? '');
    const identification = section === undefined ? undefined : identifyLicence(section);
    if (readme !== undefined && (identification?.kind === 'licence' || identification?.kind === 'modified'))
      files.push({ path: readme, identification, readmeSection: true });
  }
  const modifiedFile = files.find((f) => f.identification?.kind === 'modified');
  const identified = files.filter((f): f is Identified => f.identification?.kind === 'licence');
  let modified: ModifiedLicence | undefined;
  if (modifiedFile?.identification?.kind === 'modified') {
    const { closest, added, removed } = modifiedFile.identification;
    modified = { path: modifiedFile.path, closest, added, removed };
  }
  const patents = root.find((p) => PATENTS_FILE.test(p));
  const patentsText = patents === undefined ? undefined : snapshot.text(patents);
  const [only] = identified;
  if (
    !modified &&
    only &&
    identified.length === 1 &&
    patentsText !== undefined &&
    /\bgrant/i.test(patentsText) &&
    /\bpatent/i.test(patentsText)
  ) {
    const [closest] = only.identification.licences;
    if (closest) {
      const grant = patentsText.replace(/\s+/g, ' ').trim().split(' ').slice(0, 40).join(' ');
      return {
        files,
        licences: [],
        modified: { path: only.path, closest, added: [grant], removed: [], patents },
      };
    }
  }
  if (identified.length === 0) return { files, licences: [], ...(modified ? { modified } : {}) };
  const extra = modified ? { modified } : {};
  const licences = identified.flatMap((f) => f.identification.licences);
  const confidence = Math.min(...identified.map((f) => f.identification.confidence));
  // LGPL-3.0 is the GPL-3.0 text (COPYING) plus the LGPL's additional permissions (COPYING.LESSER).
  const lesser = identified.find((f) => /^LGPL-3\.0-/.test(f.identification.spdx));
  if (lesser && identified.length === 2 && identified.some((f) => /^GPL-3\.0-/.test(f.identification.spdx)))
    return {
      files,
      spdx: lesser.identification.spdx,
      confidence,
      licences: lesser.identification.licences,
      ...extra,
    };
  const expressions = [...new Set(identified.map((f) => f.identification.spdx))];
  if (expressions.length === 1)
    return { files, spdx: expressions[0] as string, confidence, licences, ...extra };
  // A file that names the combination ("MIT OR Apache-2.0, see LICENSE-MIT and LICENSE-APACHE") says how the others combine.
  const union = new Set(licences.map((l) => l.spdx));
  const naming = identified.find(
    (f) =>
      f.identification.licences.length > 1 &&
      f.identification.licences.every((l) => union.has(l.spdx)) &&
      f.identification.licences.length === union.size,
  );
  if (naming) return { files, spdx: naming.identification.spdx, confidence, licences, ...extra };
  // LICENSE-MIT + LICENSE-APACHE is the Rust and Apache convention for a choice; LICENSE + LICENSE-docs
  // scopes one to docs, and REUSE's LICENSES/ holds the licence of each file: those apply together.
  const scoped = identified.some(
    (f) => f.path.startsWith('LICENSES/') || SCOPED_SUFFIX.test(f.path.replace(/^(licen[cs]e|copying)/i, '')),
  );
  const join = scoped ? ' AND ' : ' OR ';
  const spdx = expressions.map((e) => (/\s(OR|AND)\s/.test(e) ? `(${e})` : e)).join(join);
  return { files, spdx, confidence, licences, ...extra };
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
