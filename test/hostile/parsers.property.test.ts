import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCodeowners } from '../../checks/lib/codeowners.js';
import { licenceTokens } from '../../checks/lib/licence/normalise.js';
import { MANIFEST_READERS, readManifest } from '../../checks/lib/manifests/index.js';
import { parseSecurityTxt } from '../../checks/lib/security-txt.js';
import { ConfigError } from '../../src/engine/config-file.js';
import { parseConfig } from '../../src/engine/config.js';
import { compileGlobs } from '../../src/snapshot/glob.js';

/** Text built from the syntax these parsers care about, and arbitrary code points. */
const pieces = [
  ' ',
  '\t',
  '\n',
  '\r\n',
  '#',
  ':',
  '-',
  '*',
  '**',
  '/',
  '\\',
  '[',
  ']',
  '{',
  '}',
  '(',
  ')',
  ',',
  '"',
  "'",
  '!',
  '?',
  '@',
  '<',
  '>',
  '=',
  '&',
  '*a',
  '&a',
  '---',
  'Copyright',
  '(c)',
  'MIT',
  'Apache-2.0',
  'OR',
  'Contact:',
  'Expires:',
  'mailto:',
  'https://',
  'checks:',
  'ignore:',
  'level:',
  'exemptions:',
  '"name"',
  '"license"',
  '\u0000',
  '\u202e',
  '\ufeff',
  '\ud800',
  'é',
];
const hostile = fc
  .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'binary' })), { maxLength: 60 })
  .map((a) => a.join(''));
const NOW = new Date('2026-06-01T00:00:00Z');
const RUNS = { numRuns: 300 };

describe('the parsers the project owns never throw unexpectedly', () => {
  it('licence normaliser', () => {
    fc.assert(
      fc.property(hostile, fc.boolean(), (text, keep) => Array.isArray(licenceTokens(text, keep))),
      RUNS,
    );
  });

  it('security.txt', () => {
    fc.assert(
      fc.property(hostile, (text) => typeof parseSecurityTxt(text, NOW) === 'object'),
      RUNS,
    );
  });

  it('CODEOWNERS', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const { rules, defects } = parseCodeowners(text);
        return Array.isArray(rules) && Array.isArray(defects);
      }),
      RUNS,
    );
  });

  it('manifest readers: every reader returns a manifest or its error', () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom(...MANIFEST_READERS), (text, reader) => {
        const m = readManifest('pkg/manifest', text, reader);
        return Array.isArray(m.dependencies) && m.path === 'pkg/manifest';
      }),
      RUNS,
    );
  });

  it('config loader: a result or a ConfigError naming the file, nothing else', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        try {
          parseConfig(text, '.github/tcop.yml', { knownChecks: ['licence-file'] });
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as ConfigError).file).toBe('.github/tcop.yml');
        }
      }),
      RUNS,
    );
  });

  it('glob compiler: any pattern compiles and matches any path without throwing', () => {
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 5 }), hostile, (patterns, path) => {
        return typeof compileGlobs(patterns)(path) === 'boolean';
      }),
      RUNS,
    );
  });
});
