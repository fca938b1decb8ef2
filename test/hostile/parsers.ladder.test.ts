/**
 * Size ladders for the parsers the project owns: each worst-case shape at n, 2n, 4n and 8n, and the
 * work (counted by test/hostile/ladder.ts, not timed) may at most about double per doubling.
 */
import { describe, expect, it } from 'vitest';
import { parseCodeowners } from '../../checks/lib/codeowners.js';
import { licenceTokens } from '../../checks/lib/licence/normalise.js';
import { MANIFEST_READERS, readManifest } from '../../checks/lib/manifests/index.js';
import { parseSecurityTxt } from '../../checks/lib/security-txt.js';
import { ConfigError } from '../../src/engine/config-file.js';
import { parseConfig } from '../../src/engine/config.js';
import { compileGlobs } from '../../src/snapshot/glob.js';
import { countWork, worstDoublingRatio } from './ladder.js';

const LINEAR = 2.5;
const NOW = new Date('2026-06-01T00:00:00Z');
const rep = (s: string, n: number): string => s.repeat(Math.ceil(n / s.length)).slice(0, n);

/** Shapes that make a careless parser rescan: runs, openings without a close, many short lines. */
const SHAPES: Record<string, (n: number) => string> = {
  spaces: (n) => rep(' ', n) + 'x',
  'less-than': (n) => rep('<', n),
  brackets: (n) => rep('[', n),
  hashes: (n) => rep('#', n),
  'short lines': (n) => rep('a #\n', n),
  'blank lines': (n) => rep(' \n', n),
  'repeated key': (n) => rep('a: b\n', n),
  nesting: (n) => rep('[{', n),
};

const tolerant =
  (parse: (text: string) => unknown) =>
  (text: string): unknown => {
    try {
      return parse(text);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
  };

const PARSERS: Record<string, (text: string) => unknown> = {
  'licence normaliser': (t) => licenceTokens(t),
  'licence normaliser keeping copyright lines': (t) => licenceTokens('Copyright ' + t, true),
  'security.txt': (t) => parseSecurityTxt('Contact: mailto:' + t + '\nExpires: ' + t, NOW),
  CODEOWNERS: (t) => parseCodeowners(t + ' @o\n*' + t),
  'config loader': tolerant((t) => parseConfig(t, '.github/tcop.yml', { knownChecks: ['licence-file'] })),
  'glob compiler': (t) => compileGlobs([t, '**/' + t + '/*'])('a/' + t),
  ...Object.fromEntries(
    MANIFEST_READERS.map((reader) => [
      `manifest reader ${reader.kind}`,
      (t: string) => readManifest('pkg/manifest', t, reader),
    ]),
  ),
};

describe('the counter', () => {
  it('counts a rescanning loop quadratically and a single pass linearly', () => {
    const rescan = (t: string): number => {
      let found = 0;
      for (let i = 0; i < t.length; i++) if (/x/.test(t.slice(i))) found++;
      return found;
    };
    expect(worstDoublingRatio((n) => rep(' ', n), rescan)).toBeGreaterThan(3.5);
    expect(
      worstDoublingRatio(
        (n) => rep(' ', n),
        (t) => t.split(/\n/),
      ),
    ).toBeLessThan(LINEAR);
    expect(countWork(() => 'a b c'.replace(/ /g, '_'))).toBeGreaterThan(0);
  });
});

/**
 * Parser/shape pairs known to be super-linear, run as `it.fails` until fixed. None today: the glob
 * compiler (minimatch's rescan per unclosed `[`, src/snapshot/glob-brackets.ts), the config loader and
 * the JSON manifest readers (the YAML composer's recursion per level, src/engine/yaml-nesting.ts) were.
 */
const KNOWN_SUPERLINEAR = new Set<string>([]);

describe.each(Object.entries(PARSERS))('%s on a size ladder', (name, parse) => {
  for (const [shape, make] of Object.entries(SHAPES)) {
    const test = KNOWN_SUPERLINEAR.has(`${name}/${shape}`) ? it.fails : it;
    test(`${shape}: work at most about doubles per doubling`, () => {
      expect(worstDoublingRatio(make, parse)).toBeLessThanOrEqual(LINEAR);
    });
  }
});
