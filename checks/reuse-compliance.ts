import { compileGlobs } from '../src/snapshot/glob.js';
import { parse as parseToml, TomlError } from 'smol-toml';
import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';
import { parseExpression } from './lib/licence/expression.js';
import { spdxTagValues } from './lib/licence/spdx-tag.js';
import { isSourcePath, SOURCE_EXTENSIONS } from './lib/licence/documentation-only.js';
import { isThirdPartyPath } from './lib/manifests.js';

type MessageId =
  'compliant' | 'partial' | 'none' | 'invalidReuseToml' | 'missingLicenceTexts' | 'noSourceFiles' | 'unread';

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

function licenceOfFile(snapshot: Snapshot, path: string): string | undefined {
  const text = snapshot.text(path);
  const header = text === undefined ? undefined : headerValue(text.slice(0, HEADER_BYTES));
  if (header !== undefined) return header;
  // A `.license` sidecar licenses a file that cannot carry a comment (REUSE spec, "Adding licensing information").
  const sidecar = snapshot.text(`${path}.license`);
  return sidecar === undefined ? undefined : headerValue(sidecar);
}

export default defineCheck({
  meta: {
    id: 'reuse-compliance',
    criterion: 'tcop-3',
    level: 'exemplar',
    title: 'Every source file states its licence (REUSE)',
    description:
      'The REUSE specification makes licensing machine-readable file by file: an SPDX-License-Identifier header in each source file, a `.license` file beside files that cannot hold a comment, or REUSE.toml (or the older .reuse/dep5) for whole directories, with the licence texts in LICENSES/. Code copied out of the repository keeps its licence. The check reports the share of source files covered.',
    wants: [`**/*.{${SOURCE_EXTENSIONS.join(',')}}`, '**/*.license', 'REUSE.toml', '.reuse/dep5'],
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
    },
    remediation: {
      partial:
        'Add an "SPDX-License-Identifier: <licence>" and "SPDX-FileCopyrightText:" comment to the files without one, or cover them in REUSE.toml; `reuse annotate` (https://reuse.software/) does this.',
      none: 'Follow the REUSE tutorial (https://reuse.software/tutorial/): `reuse annotate --license MIT --copyright "Crown Copyright (Department)"` on the source files, or a REUSE.toml.',
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
    const uncovered: string[] = [];
    // Files too large to read may well carry a header: they are neither covered nor uncovered.
    const unread: { path: string; reason: string }[] = [];
    for (const path of sources) {
      const licence = licenceOfFile(snapshot, path) ?? annotations.find((a) => a.matches(path))?.licence;
      const content = snapshot.content(path);
      if (licence === undefined && content?.kind === 'skipped') unread.push({ path, reason: content.reason });
      else if (licence === undefined) uncovered.push(path);
      else for (const id of parseExpression(licence)?.licences ?? []) used.add(id);
    }
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
      findings.push({ status: 'fail', messageId: 'none', evidence });
    } else {
      const first = uncovered[0] as string;
      const named =
        uncovered.slice(0, LISTED).join(', ') +
        (uncovered.length > LISTED ? ` and ${uncovered.length - LISTED} more` : '');
      findings.push({
        status: 'fail',
        messageId: 'partial',
        data: { coverage, covered, total, uncovered: named },
        location: { path: first },
        evidence: { ...evidence, uncovered: uncovered.slice(0, 50) },
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
