import { compileGlobs } from '../src/snapshot/glob.js';
import { parse as parseToml, TomlError } from 'smol-toml';
import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';
import { parseExpression } from './lib/licence/expression.js';
import { spdxTagValues } from './lib/licence/spdx-tag.js';
import { isSourcePath, SOURCE_EXTENSIONS } from './lib/licence/documentation-only.js';
import { isThirdPartyPath } from './lib/manifests.js';
import { LICENCE_FILE_WANTS, repositoryLicence } from './lib/licence/detect.js';
import { copyrightHolders, licenceNotice } from './lib/licence/notice.js';

type MessageId =
  | 'compliant'
  | 'partial'
  | 'none'
  | 'invalidReuseToml'
  | 'missingLicenceTexts'
  | 'noSourceFiles'
  | 'unread'
  | 'licenceNotices';

/** REUSE reads headers anywhere, but tools and people put them at the top; this bounds the work per file. */
const HEADER_BYTES = 4096;
/** The first SPDX-License-Identifier tag's value, ending at a comment's close as in C, HTML and Jinja. */
const headerValue = (text: string): string | undefined =>
  spdxTagValues(text, { first: true, terminators: ['*/', '-->', '#}'] })[0];

/** How many uncovered files a finding names. */
const LISTED = 5;

/** A REUSE.toml `[[annotations]]` or .reuse/dep5 `Files:` stanza: which paths it licenses. */
interface Annotation {
  source: string;
  matches(path: string): boolean;
  licence: string;
}

/** REUSE.toml (REUSE 3.2+): `path` globs where `*` stays within a directory and `**` crosses them. */
function reuseTomlAnnotations(text: string): Annotation[] {
  const doc = parseToml(text) as { annotations?: unknown };
  const list = Array.isArray(doc.annotations) ? (doc.annotations as Record<string, unknown>[]) : [];
  return list.flatMap((a) => {
    const paths =
      typeof a.path === 'string'
        ? [a.path]
        : Array.isArray(a.path)
          ? a.path.filter((p): p is string => typeof p === 'string')
          : [];
    const licence = a['SPDX-License-Identifier'];
    if (typeof licence !== 'string' || paths.length === 0) return [];
    return [{ source: 'REUSE.toml', licence, matches: compileGlobs(paths) }];
  });
}

/** .reuse/dep5, the Debian copyright format REUSE used before REUSE.toml: `*` matches across directories. */
function dep5Annotations(text: string): Annotation[] {
  const out: Annotation[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const files = /^Files:\s*((?:.*)(?:\n[ \t]+.*)*)/m.exec(stanza)?.[1];
    const licence = /^License:\s*(.+)$/m.exec(stanza)?.[1]?.trim();
    if (!files || !licence) continue;
    const patterns = files
      .split(/\s+/)
      .filter(Boolean)
      .map(
        (g) =>
          new RegExp(
            `^${g
              .replace(/[.+^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '.*')
              .replace(/\?/g, '.')}$`,
          ),
      );
    out.push({ source: '.reuse/dep5', licence, matches: (p) => patterns.some((r) => r.test(p)) });
  }
  return out;
}

interface FileLicence {
  licence: string;
  /** Stated by a licence notice (Apache, MPL, GNU boilerplate) rather than an SPDX tag. */
  notice?: boolean;
}

function licenceOfFile(snapshot: Snapshot, path: string): FileLicence | undefined {
  const text = snapshot.text(path);
  const head = text?.slice(0, HEADER_BYTES);
  const header = head === undefined ? undefined : headerValue(head);
  if (header !== undefined) return { licence: header };
  // A `.license` sidecar licenses a file that cannot carry a comment (REUSE spec, "Adding licensing information").
  const sidecar = snapshot.text(`${path}.license`);
  const tagged = sidecar === undefined ? undefined : headerValue(sidecar);
  if (tagged !== undefined) return { licence: tagged };
  const notice = head === undefined ? undefined : licenceNotice(head);
  return notice === undefined ? undefined : { licence: notice, notice: true };
}

/** The most frequent value, first seen winning ties. */
function commonest(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [v, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = v;
  return best;
}

const quoted = (s: string): string => `"${s.replace(/["\\`$]/g, '\\$&')}"`;

/**
 * The `reuse annotate` command for this repository: the licence its headers or licence file already
 * state and the holder its SPDX-FileCopyrightText tags, licence file or notices name; placeholders
 * where the repository says neither.
 */
function annotateCommand(snapshot: Snapshot, tagged: readonly string[], holders: readonly string[]): string {
  const licence = commonest(tagged) ?? repositoryLicence(snapshot).spdx;
  const fromLicenceFile = repositoryLicence(snapshot).files.flatMap((f) => {
    const text = snapshot.text(f.path);
    return text === undefined ? [] : copyrightHolders(text.slice(0, HEADER_BYTES));
  });
  const holder = holders[0] ?? fromLicenceFile[0];
  return `reuse annotate --license ${licence === undefined ? '<SPDX id of your licence>' : quoted(licence)} --copyright ${holder === undefined ? '"<copyright holder>"' : quoted(holder)}`;
}

export default defineCheck({
  meta: {
    id: 'reuse-compliance',
    criterion: 'tcop-3',
    level: 'exemplar',
    title: 'Every source file states its licence (REUSE)',
    description:
      'The REUSE specification makes licensing machine-readable file by file: an SPDX-License-Identifier header in each source file, a `.license` file beside files that cannot hold a comment, or REUSE.toml (or the older .reuse/dep5) for whole directories, with the licence texts in LICENSES/. Code copied out of the repository keeps its licence. The check reports the share of source files covered.',
    wants: [
      `**/*.{${SOURCE_EXTENSIONS.join(',')}}`,
      '**/*.license',
      'REUSE.toml',
      '.reuse/dep5',
      ...LICENCE_FILE_WANTS,
    ],
    messages: {
      compliant: 'Every source file ({{total}}) states its licence.',
      partial:
        '{{coverage}} % of source files ({{covered}} of {{total}}) state their licence; not {{uncovered}}.',
      none: 'No source file states its licence with an SPDX-License-Identifier header, and there is no REUSE.toml.',
      invalidReuseToml: '{{path}} could not be read: {{error}}.',
      missingLicenceTexts: 'LICENSES/ lacks the text of {{missing}}, which file headers use.',
      noSourceFiles: 'No source files to check.',
      unread:
        '{{count}} source files were not read ({{reasons}}), so whether they state their licence is unknown: {{files}}.',
      licenceNotices:
        '{{count}} source files state their licence ({{licences}}) in a licence notice but not with an SPDX-License-Identifier tag, which REUSE tools and SBOM scanners read: {{files}}.',
    },
    remediation: {
      partial:
        'Add "SPDX-License-Identifier:" and "SPDX-FileCopyrightText:" comments to the files without them, or cover them in REUSE.toml: `{{annotate}} <files>` (https://reuse.software/) does this.',
      none: 'Follow the REUSE tutorial (https://reuse.software/tutorial/): `{{annotate}} <files>` on the source files, or a REUSE.toml.',
      licenceNotices:
        'Keep the notices and add the SPDX tags beside them: `{{annotate}} <files>` (https://reuse.software/) adds "SPDX-License-Identifier:" and "SPDX-FileCopyrightText:" lines.',
      invalidReuseToml:
        'Fix {{path}}: it is TOML with [[annotations]] tables (https://reuse.software/spec-3.3/#reusetoml).',
      unread:
        'Cover these files in REUSE.toml or with `.license` files beside them, or raise maxFileBytes in .github/tcop.yml so that their headers can be read.',
      missingLicenceTexts: 'Add LICENSES/<id>.txt for {{missing}} (`reuse download --all`).',
    },
    references: [
      { title: 'REUSE specification 3.3', url: 'https://reuse.software/spec-3.3/' },
      { title: 'SPDX file tags', url: 'https://spdx.github.io/spdx-spec/v2.3/file-tags/' },
    ],
  },
  run(snapshot) {
    const findings: CheckFinding<MessageId>[] = [];
    const annotations: Annotation[] = [];
    for (const path of ['REUSE.toml', '.reuse/dep5']) {
      const text = snapshot.text(path);
      if (text === undefined) continue;
      try {
        annotations.push(...(path === 'REUSE.toml' ? reuseTomlAnnotations(text) : dep5Annotations(text)));
      } catch (e) {
        const line = e instanceof TomlError ? e.line : undefined;
        findings.push({
          status: 'fail',
          messageId: 'invalidReuseToml',
          data: {
            path,
            error: e instanceof Error ? (e.message.split('\n')[0] ?? 'syntax error') : String(e),
          },
          location: { path, ...(line ? { startLine: line } : {}) },
        });
      }
    }
    const sources = snapshot.paths.filter(
      (p) => isSourcePath(p) && !isThirdPartyPath(p) && !p.startsWith('LICENSES/'),
    );
    if (sources.length === 0) return [...findings, { status: 'info', messageId: 'noSourceFiles' }];

    const used = new Set<string>();
    const tagged: string[] = [];
    const holders: string[] = [];
    const noticed: { path: string; licence: string }[] = [];
    const uncovered: string[] = [];
    // Files too large to read may well carry a header: they are neither covered nor uncovered.
    const unread: { path: string; reason: string }[] = [];
    for (const path of sources) {
      const own = licenceOfFile(snapshot, path);
      const annotated = annotations.find((a) => a.matches(path))?.licence;
      const licence =
        own?.notice && annotated !== undefined
          ? { licence: annotated }
          : (own ?? (annotated === undefined ? undefined : { licence: annotated }));
      const content = snapshot.content(path);
      const head = content?.kind === 'text' ? content.text.slice(0, HEADER_BYTES) : '';
      if (licence === undefined && content?.kind === 'skipped') unread.push({ path, reason: content.reason });
      else if (licence === undefined) uncovered.push(path);
      else if (licence.notice) {
        noticed.push({ path, licence: licence.licence });
        holders.push(...copyrightHolders(head));
      } else {
        if (own !== undefined && !own.notice) tagged.push(licence.licence);
        holders.push(...copyrightHolders(head).slice(0, 1));
        for (const id of parseExpression(licence.licence)?.licences ?? []) used.add(id);
      }
    }
    const annotate = annotateCommand(
      snapshot,
      tagged.length > 0 ? tagged : noticed.map((n) => n.licence),
      holders,
    );
    if (unread.length > 0) {
      const reasons = [...new Set(unread.map((u) => u.reason))].join(', ');
      const files =
        unread
          .slice(0, LISTED)
          .map((u) => u.path)
          .join(', ') + (unread.length > LISTED ? ` and ${unread.length - LISTED} more` : '');
      findings.push({
        status: 'unknown',
        messageId: 'unread',
        data: { count: unread.length, reasons, files },
        location: { path: (unread[0] as { path: string }).path },
        evidence: { unread: unread.slice(0, 50) },
      });
    }
    if (unread.length === sources.length) return findings;
    const total = sources.length - unread.length;
    const covered = total - uncovered.length;
    const coverage = Math.floor((1000 * covered) / total) / 10;
    const evidence = {
      coverage,
      covered,
      total,
      reuseToml: snapshot.has('REUSE.toml'),
      dep5: snapshot.has('.reuse/dep5'),
      licences: [...used].sort(),
    };
    if (covered === total) {
      findings.push({ status: 'pass', messageId: 'compliant', data: { total }, evidence });
    } else if (covered === 0 && annotations.length === 0) {
      findings.push({ status: 'fail', messageId: 'none', data: { annotate }, evidence });
    } else {
      const first = uncovered[0] as string;
      const named =
        uncovered.slice(0, LISTED).join(', ') +
        (uncovered.length > LISTED ? ` and ${uncovered.length - LISTED} more` : '');
      findings.push({
        status: 'fail',
        messageId: 'partial',
        data: { coverage, covered, total, uncovered: named, annotate },
        location: { path: first },
        evidence: { ...evidence, uncovered: uncovered.slice(0, 50) },
      });
    }
    if (noticed.length > 0) {
      const licences = [...new Set(noticed.map((n) => n.licence))].sort();
      findings.push({
        status: 'warn',
        messageId: 'licenceNotices',
        data: {
          count: noticed.length,
          licences: licences.join(', '),
          files:
            noticed
              .slice(0, LISTED)
              .map((n) => n.path)
              .join(', ') + (noticed.length > LISTED ? ` and ${noticed.length - LISTED} more` : ''),
          annotate,
        },
        location: { path: (noticed[0] as { path: string }).path },
        evidence: { licences, files: noticed.slice(0, 50).map((n) => n.path) },
      });
    }
    // LicenseRef- texts belong in LICENSES/ too (REUSE spec, "License files").
    const licenceTexts = snapshot.listDir('LICENSES');
    const missing = [...used].filter((id) => !licenceTexts.some((p) => p.startsWith(`LICENSES/${id}.`)));
    if (used.size > 0 && missing.length > 0) {
      findings.push({
        status: 'warn',
        messageId: 'missingLicenceTexts',
        data: { missing: missing.join(', ') },
        evidence: { missing },
      });
    }
    return findings;
  },
});
