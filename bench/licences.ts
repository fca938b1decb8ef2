import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import spdxFull from 'spdx-license-list/full.js';
import { licenceCorpus } from '../checks/lib/licence/corpus.js';
import { currentId } from '../checks/lib/licence/current.js';
import { identifyLicence } from '../checks/lib/licence/identify.js';
import { hardVariant, variant } from '../test/support/licence-variants.js';

/**
 * Licence identification accuracy over every SPDX licence with a full text: (a) the exact text,
 * (b) a variant as repositories hold it (markdown title, rewrapped lines, a Crown copyright line,
 * British spelling), (c) a harsher variant (curly quotes, bulleted clauses, indented lines, a
 * trailing sentence), UK public sector licence files from the fixtures, and files that are not
 * licences. `licensee` (the detector GitHub uses) runs on the same inputs in the same run when it is
 * installed (Debian: ruby-licensee).
 */

interface Sample {
  set: 'exact' | 'variant' | 'hard-variant' | 'public-sector' | 'not-a-licence';
  expected?: string;
  text: string;
}

interface Answer {
  spdx?: string;
  ms: number;
}

/** Licence files as UK public sector repositories write them (fixtures/repos), with what they are. */
const PUBLIC_SECTOR_FILES: readonly [string, string][] = [
  ['licence-mit-crown-copyright/LICENSE', 'MIT'],
  ['licence-mit-markdown-british/LICENCE.md', 'MIT'],
  ['licence-apache-full/LICENSE.txt', 'Apache-2.0'],
  ['licence-apache-no-appendix/LICENSE', 'Apache-2.0'],
  ['licence-copying-gpl-3/COPYING', 'GPL-3.0-only'],
  ['licence-ogl-documentation/LICENCE', 'OGL-UK-3.0'],
  ['licence-dual-files/LICENSE-MIT', 'MIT'],
  ['licence-dual-files/LICENSE-APACHE', 'Apache-2.0'],
  ['manifest-licence-mismatch/LICENSE', 'MIT'],
  ['engine-pass/LICENSE', 'MIT'],
];

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/repos');

/** Files found where a licence should be, which license nothing. */
const NOT_LICENCES: readonly string[] = [
  'Copyright (c) 2024 Department for Work and Pensions. All rights reserved.',
  'Crown Copyright 2023.\n\nThis software is proprietary and confidential. It may not be copied, distributed or used without the prior written permission of the Home Office.',
  '# Licence\n\nTo be confirmed. Please contact the team before reusing this code.',
  '# Project title\n\nA service to apply for a fishing licence. Run `npm start` and open http://localhost:3000.\n\n## Contributing\n\nPull requests are welcome.',
  'This code is not licensed for use outside HM Revenue and Customs. No licence is granted.',
  'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
  '# Changelog\n\n## 1.2.0\n\n- Added licence checks\n- Fixed copyright year\n',
];

/** SPDX ids that share one normalised text, so a text alone cannot tell them apart. */
function classOf(id: string): Set<string> {
  const t = licenceCorpus().byId.get(id);
  return new Set([id, ...(t?.equivalents ?? [])]);
}

function correct(expected: string | undefined, found: string | undefined): boolean {
  if (expected === undefined) return found === undefined;
  if (found === undefined) return false;
  const cls = classOf(expected);
  // A deprecated id is reported in its current form: wxWindows as LGPL-2.0-or-later WITH WxWindows-exception-3.1.
  return cls.has(found) || cls.has(`${found}-only`) || found === currentId(expected);
}

const LICENSEE_SCRIPT = String.raw`
require 'licensee'
require 'json'
texts = JSON.parse(STDIN.read)
out = texts.map do |t|
  start = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  f = Licensee::ProjectFiles::LicenseFile.new(t, 'LICENSE')
  l = f.license
  ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - start) * 1000
  id = l && !%w[NOASSERTION NONE other no-license].include?(l.spdx_id) ? l.spdx_id : nil
  { 'spdx' => id, 'ms' => ms }
end
STDOUT.write(JSON.generate(out))
`;

function licenseeVersion(): string | undefined {
  const r = spawnSync('ruby', ['-e', "require 'licensee'; print Licensee::VERSION"], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function runLicensee(samples: readonly Sample[]): Answer[] {
  const out = execFileSync('ruby', ['-e', LICENSEE_SCRIPT], {
    input: JSON.stringify(samples.map((s) => s.text)),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return (JSON.parse(out) as { spdx: string | null; ms: number }[]).map((a) => ({
    ...(a.spdx ? { spdx: a.spdx } : {}),
    ms: a.ms,
  }));
}

function runOurs(samples: readonly Sample[]): Answer[] {
  return samples.map((s) => {
    const start = performance.now();
    const r = identifyLicence(s.text);
    const ms = performance.now() - start;
    return r.kind === 'licence'
      ? { spdx: r.method === 'several-texts' ? r.spdx : (r.licences[0]?.spdx ?? r.spdx), ms }
      : { ms };
  });
}

const pct = (n: number, d: number): string => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)} %`);

export async function run(): Promise<void> {
  const coldStart = performance.now();
  licenceCorpus();
  const coldMs = performance.now() - coldStart;

  const samples: Sample[] = [];
  for (const [spdx, entry] of Object.entries(spdxFull)) {
    if (!entry.licenseText) continue;
    samples.push({ set: 'exact', expected: spdx, text: entry.licenseText });
    samples.push({ set: 'variant', expected: spdx, text: variant(entry.licenseText) });
    samples.push({ set: 'hard-variant', expected: spdx, text: hardVariant(entry.licenseText) });
  }
  for (const [file, expected] of PUBLIC_SECTOR_FILES) {
    samples.push({ set: 'public-sector', expected, text: readFileSync(path.join(FIXTURES, file), 'utf8') });
  }
  for (const text of NOT_LICENCES) samples.push({ set: 'not-a-licence', text });

  runOurs(samples.slice(0, 20)); // warm the JIT so that timings measure steady state
  const ours = runOurs(samples);
  const version = licenseeVersion();
  const theirs = version ? runLicensee(samples) : undefined;
  const licenseeKnows = new Set(
    theirs
      ? samples.filter((s, i) => s.set === 'exact' && theirs[i]?.spdx !== undefined).map((s) => s.expected)
      : [],
  );

  type Row = [string, string, string, string];
  const rows: Row[] = [];
  const misses: string[] = [];
  for (const set of ['exact', 'variant', 'hard-variant', 'public-sector'] as const) {
    for (const scope of ['all', 'licensee-known'] as const) {
      if (scope === 'licensee-known' && (!theirs || set === 'public-sector')) continue;
      const idx = samples
        .map((s, i) => ({ s, i }))
        .filter(({ s }) => s.set === set && (scope === 'all' || licenseeKnows.has(s.expected)));
      const okOurs = idx.filter(({ s, i }) => correct(s.expected, ours[i]?.spdx)).length;
      const okTheirs = theirs ? idx.filter(({ s, i }) => correct(s.expected, theirs[i]?.spdx)).length : 0;
      const label =
        set === 'public-sector'
          ? 'public sector licence files (fixtures)'
          : scope === 'all'
            ? `${set}, every SPDX text`
            : `${set}, texts licensee knows`;
      rows.push([
        label,
        String(idx.length),
        `${okOurs} (${pct(okOurs, idx.length)})`,
        theirs ? `${okTheirs} (${pct(okTheirs, idx.length)})` : 'not run',
      ]);
      if (scope === 'all')
        for (const { s, i } of idx)
          if (!correct(s.expected, ours[i]?.spdx))
            misses.push(`${set}: ${s.expected} → ${ours[i]?.spdx ?? 'none'}`);
    }
  }
  const nonIdx = samples.map((s, i) => ({ s, i })).filter(({ s }) => s.set === 'not-a-licence');
  const falseOurs = nonIdx.filter(({ i }) => ours[i]?.spdx !== undefined).length;
  const falseTheirs = theirs ? nonIdx.filter(({ i }) => theirs[i]?.spdx !== undefined).length : 0;
  rows.push([
    'not a licence: false licences',
    String(nonIdx.length),
    String(falseOurs),
    theirs ? String(falseTheirs) : 'not run',
  ]);
  const meanMs = (answers: readonly Answer[]): number =>
    answers.reduce((a, b) => a + b.ms, 0) / answers.length;
  rows.push([
    'mean time per file (ms)',
    String(samples.length),
    meanMs(ours).toFixed(2),
    theirs ? meanMs(theirs).toFixed(2) : 'not run',
  ]);
  const p95Ms = (answers: readonly Answer[]): number => {
    const sorted = answers.map((a) => a.ms).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length * 0.95)] ?? 0;
  };
  rows.push([
    '95th percentile time per file (ms)',
    String(samples.length),
    p95Ms(ours).toFixed(2),
    theirs ? p95Ms(theirs).toFixed(2) : 'not run',
  ]);

  console.log(
    `SPDX licence list: ${Object.keys(spdxFull).length} ids; tcop-audit corpus built in ${coldMs.toFixed(0)} ms (once per process)`,
  );
  console.log(
    version
      ? `licensee ${version} ran on the same ${samples.length} inputs.`
      : 'licensee is not installed (Debian: apt-get install ruby-licensee): its column is not run.',
  );
  console.log('');
  console.log('| input | files | tcop-audit correct | licensee correct |');
  console.log('|---|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  if (theirs) {
    const variantIdx = samples.map((s, i) => ({ s, i })).filter(({ s }) => s.set === 'variant');
    const okO = variantIdx.filter(({ s, i }) => correct(s.expected, ours[i]?.spdx)).length;
    const okT = variantIdx.filter(({ s, i }) => correct(s.expected, theirs[i]?.spdx)).length;
    console.log(
      `\nVariants: tcop-audit/licensee = ${(okO / Math.max(okT, 1)).toFixed(2)}× as many correct; time per file ratio ${(meanMs(ours) / meanMs(theirs)).toFixed(2)}.`,
    );
  }
  if (misses.length > 0) console.log(`\nMisses (tcop-audit):\n${misses.map((m) => `- ${m}`).join('\n')}`);
  if (theirs) {
    const theirMisses = samples
      .map((s, i) => ({ s, i }))
      .filter(
        ({ s, i }) =>
          (s.set === 'public-sector' || s.set === 'not-a-licence') && !correct(s.expected, theirs[i]?.spdx),
      )
      .map(({ s, i }) => `${s.set}: ${s.expected ?? 'no licence'} → ${theirs[i]?.spdx ?? 'none'}`);
    if (theirMisses.length > 0)
      console.log(
        `\nlicensee on public sector and non-licence files:\n${theirMisses.map((m) => `- ${m}`).join('\n')}`,
      );
  }
}
