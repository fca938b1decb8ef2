// Mutation testing, one module group at a time: `npm run mutation -- <group>` (scripts/mutation.mjs).
// Slow by nature, so it is a tool for developers, not a CI step. docs/mutation.md explains the groups.

import process from 'node:process';
import { GROUPS } from './scripts/mutation-groups.mjs';

const group = process.env.MUTATION_GROUP ?? '';
const chosen = GROUPS[group];
if (!chosen) throw new Error(`MUTATION_GROUP must be one of: ${Object.keys(GROUPS).join(', ')}`);

/** `--files` (scripts/mutation.mjs) narrows the group to some of its files. */
const only = (process.env.MUTATION_FILES ?? '').split(',').filter(Boolean);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: only.length > 0 ? only : chosen.mutate,
  testFiles: chosen.testFiles,
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // The machine is shared: two workers at most, and the environment is reloaded only when it must be.
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
  ignoreStatic: true,
  // --without needs every test that kills a mutant, not only the first.
  disableBail: process.env.MUTATION_NO_BAIL === '1',
  incremental: true,
  incrementalFile: `reports/mutation/${group}.incremental.json`,
  timeoutMS: 20_000,
  timeoutFactor: 3,
  reporters: ['json', 'progress', 'html'],
  jsonReporter: { fileName: `reports/mutation/${group}.json` },
  htmlReporter: { fileName: `reports/mutation/${group}.html` },
  // vitest strips types without checking them, so no file needs `// @ts-nocheck`; Stryker's default
  // inserts it into every `.ts` under a `lib/` directory, fixture repositories' too, moving their lines.
  disableTypeChecks: false,
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['reports', 'bench/out', 'coverage', 'dist', '.tcop-audit'],
  cleanTempDir: true,
};
