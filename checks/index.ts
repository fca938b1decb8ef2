import type { AnyCheck } from '../src/engine/check.js';
import licenceFile from './licence-file.js';
import readme from './readme.js';

/** THE registry: one line per check, sorted by id. Adding a check = one file + one line here. */
export const CHECKS: readonly AnyCheck[] = [
  licenceFile,
  readme,
];
