/**
 * Where the licence corpus comes from. From the sources (tests, tsx) it is built from the SPDX texts;
 * scripts/build.mjs replaces this module in the bundles with one that decodes the index it prepared
 * (corpus-encoding.ts), so the CLI never loads the texts.
 */
export { buildCorpus as loadCorpus } from './corpus-build.js';
