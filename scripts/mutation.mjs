#!/usr/bin/env node
// `npm run mutation -- <group>`: runs Stryker on one module group (stryker.config.mjs) and prints the
// mutation score per file, then `mutation <group>: NN.N %`. Survivors are listed with their place.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { GROUPS } from './mutation-groups.mjs';

const [group, ...rest] = process.argv.slice(2).filter((a) => a !== '--');
if (!group || !(group in GROUPS)) {
  process.stderr.write(`usage: npm run mutation -- <${Object.keys(GROUPS).join('|')}> [--report-only]\n`);
  process.exit(2);
}

if (!rest.includes('--report-only')) {
  const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], {
    stdio: 'inherit',
    env: { ...process.env, MUTATION_GROUP: group },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

/** Stryker's definition: killed and timed-out mutants over all that were valid and covered or not. */
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const report = JSON.parse(readFileSync(`reports/mutation/${group}.json`, 'utf8'));
let detected = 0;
let total = 0;
const rows = [];
const survivors = [];
for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const d = mutants.filter((m) => DETECTED.has(m.status)).length;
  const n = d + mutants.filter((m) => UNDETECTED.has(m.status)).length;
  detected += d;
  total += n;
  rows.push(
    `${(n ? (100 * d) / n : 100).toFixed(1).padStart(6)} %  ${String(d).padStart(4)}/${String(n).padEnd(4)} ${file}`,
  );
  for (const m of mutants)
    if (UNDETECTED.has(m.status))
      survivors.push(
        `${file}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName}: ${JSON.stringify(m.replacement ?? '')}`,
      );
}
if (process.env.MUTATION_SURVIVORS !== '0') for (const s of survivors) process.stdout.write(`${s}\n`);
for (const r of rows) process.stdout.write(`${r}\n`);
const score = total ? (100 * detected) / total : 100;
process.stdout.write(`mutation ${group}: ${score.toFixed(1)} %\n`);
