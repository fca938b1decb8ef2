#!/usr/bin/env node
// `npm run mutation -- <group>`: runs Stryker on one module group (stryker.config.mjs) and prints the
// mutation score per file, then `mutation <group>: NN.N %`. Survivors are listed with their place.
//
// `--without a.test.ts,b.test.ts` runs every covering test of each mutant (no bail) and also prints the
// score those test files leave when taken away: the score before they were written, from one run.
//
// `--files a.ts,b.ts` mutates only those files of the group (a group too big for one sitting); their
// results replace the group's last report, and a later whole-group run reuses what still applies.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { GROUPS } from './mutation-groups.mjs';

const args = process.argv.slice(2).filter((a) => a !== '--');
const [group] = args;
if (!group || !(group in GROUPS)) {
  process.stderr.write(
    `usage: npm run mutation -- <${Object.keys(GROUPS).join('|')}> [--report-only] [--without a.test.ts,…] [--files a.ts,…]\n`,
  );
  process.exit(2);
}
const withoutAt = args.indexOf('--without');
const without = withoutAt === -1 ? [] : (args[withoutAt + 1] ?? '').split(',').filter(Boolean);
const filesAt = args.indexOf('--files');
const files = filesAt === -1 ? '' : (args[filesAt + 1] ?? '');

if (!args.includes('--report-only')) {
  const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      MUTATION_GROUP: group,
      ...(without.length > 0 ? { MUTATION_NO_BAIL: '1' } : {}),
      ...(files ? { MUTATION_FILES: files } : {}),
    },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

/** Stryker's definition: killed and timed-out mutants over all that were valid and covered or not. */
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const report = JSON.parse(readFileSync(`reports/mutation/${group}.json`, 'utf8'));
/** Test ids of the files left out by --without. */
const leftOut = new Set(
  Object.entries(report.testFiles ?? {})
    .filter(([file]) => without.some((w) => file.endsWith(w)))
    .flatMap(([, { tests }]) => tests.map((t) => t.id)),
);
const pct = (d, n) => (n ? (100 * d) / n : 100).toFixed(1);
let detected = 0;
let detectedWithout = 0;
let total = 0;
const rows = [];
const survivors = [];
for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const counted = mutants.filter((m) => DETECTED.has(m.status) || UNDETECTED.has(m.status));
  const d = counted.filter((m) => DETECTED.has(m.status)).length;
  // A timeout cannot be attributed to a test; it counts as caught either way.
  const dw = counted.filter(
    (m) =>
      m.status === 'Timeout' || (m.status === 'Killed' && (m.killedBy ?? []).some((t) => !leftOut.has(t))),
  ).length;
  detected += d;
  detectedWithout += dw;
  total += counted.length;
  rows.push(
    `${pct(d, counted.length).padStart(6)} %  ${String(d).padStart(4)}/${String(counted.length).padEnd(4)} ${file}`,
  );
  for (const m of mutants)
    if (UNDETECTED.has(m.status))
      survivors.push(
        `${file}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName}: ${JSON.stringify(m.replacement ?? '')}`,
      );
}
if (process.env.MUTATION_SURVIVORS !== '0') for (const s of survivors) process.stdout.write(`${s}\n`);
for (const r of rows) process.stdout.write(`${r}\n`);
if (without.length > 0)
  process.stdout.write(`mutation ${group} without ${without.join(', ')}: ${pct(detectedWithout, total)} %\n`);
process.stdout.write(`mutation ${group}: ${pct(detected, total)} %\n`);
