/**
 * `.github/tcop.yml` is repository content: syntax errors, alias bombs, huge mappings and lists are
 * refused with the file and line, within bounds, before anything runs.
 */
import { describe, expect, it } from 'vitest';
import { CONFIG_LIMITS, ConfigError, parseConfig, resolveConfig } from '../../src/engine/config.js';

const FILE = '.github/tcop.yml';
const refused = (text: string): ConfigError => {
  try {
    parseConfig(text, FILE);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('accepted');
};

describe('config bounds', () => {
  it('an alias bomb is refused at the line of its first alias', () => {
    const levels = Array.from({ length: 9 }, (_, i) => String.fromCharCode(97 + i));
    const text = [
      `a: &a [${Array(9).fill('"lol"').join(', ')}]`,
      ...levels.slice(1).map((l, i) => `${l}: &${l} [${Array(9).fill(`*${levels[i]}`).join(', ')}]`),
      'ignore: *i',
    ].join('\n');
    expect(refused(text).message).toBe(
      `${FILE}:2: invalid YAML: Excessive alias count indicates a resource exhaustion attack`,
    );
  });

  it(`a mapping of more than ${CONFIG_LIMITS.keysPerMapping} keys is refused before the duplicate-key check`, () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `k${i}: 1`).join('\n'); // 190 KB, under the byte cap
    expect(refused(text).message).toBe(
      `${FILE}:1: a mapping with more than ${CONFIG_LIMITS.keysPerMapping} keys`,
    );
  });

  it('duplicate keys are still refused, at the second one', () => {
    expect(refused('mode: enforce\nlevel: baseline\nmode: advisory\n').message).toBe(
      `${FILE}:3: invalid YAML: Map keys must be unique`,
    );
  });

  it(`a file over ${CONFIG_LIMITS.bytes} bytes is refused unparsed`, () => {
    expect(refused(`# ${'x'.repeat(CONFIG_LIMITS.bytes)}`).message).toBe(
      `${FILE}: larger than ${CONFIG_LIMITS.bytes} bytes`,
    );
  });

  it(`an ignore list of more than ${CONFIG_LIMITS.ignoreEntries} entries is refused at its line`, () => {
    const text = `mode: enforce\nignore: [${Array(CONFIG_LIMITS.ignoreEntries + 1)
      .fill('a')
      .join(',')}]\n`;
    expect(refused(text).message).toBe(`${FILE}:2: ignore: more than ${CONFIG_LIMITS.ignoreEntries} entries`);
  });

  it('350,000 ignore entries across config files merge without overflowing the stack', () => {
    const file = {
      path: FILE,
      text: `ignore: [${Array(CONFIG_LIMITS.ignoreEntries).fill('a/**').join(',')}]\n`,
    };
    const config = resolveConfig(Array(35).fill(file));
    expect(config.ignore.length).toBe(350_000);
  });

  it('deep nesting is a YAML error with a line, not a crash', () => {
    const text = `ignore: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    expect(refused(text).message).toBe(
      `${FILE}:1: invalid YAML: nested more than ${CONFIG_LIMITS.depth} levels deep`,
    );
  });

  /**
   * Refused from the syntax tree before the YAML library's composer, which recurses per level: its stack
   * overflow was caught and retried at every level on the way out, and near the stack's end V8 could run
   * out of memory compiling a regular expression, which kills the process.
   */
  it.each([
    ['flow sequences filling the size limit', '['.repeat(CONFIG_LIMITS.bytes), 1],
    ['flow mappings and sequences', `ignore:\n  - a\n  - ${'[{'.repeat(CONFIG_LIMITS.bytes / 4)}\n`, 3],
    ['block sequences on one line', `checks:\n  ${'- '.repeat(CONFIG_LIMITS.bytes / 4)}x\n`, 2],
  ])('%s: refused at the first level past the limit, with its line', (_name, text, line) => {
    expect(refused(text).message).toBe(
      `${FILE}:${line}: invalid YAML: nested more than ${CONFIG_LIMITS.depth} levels deep`,
    );
  });

  it(`${CONFIG_LIMITS.depth} levels are still read`, () => {
    const text = `ignore: ${'['.repeat(CONFIG_LIMITS.depth - 1)}a${']'.repeat(CONFIG_LIMITS.depth - 1)}\n`;
    expect(refused(text).message).toBe(
      `${FILE}:1: ignore[0]: Invalid input: expected string, received array`,
    );
  });
});
