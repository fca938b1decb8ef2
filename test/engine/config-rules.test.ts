import { describe, expect, it } from 'vitest';
import {
  CONFIG_LIMITS,
  CONFIG_PATH,
  ConfigError,
  DEFAULT_CONFIG,
  parseConfig,
  resolveConfig,
  type ConfigContext,
} from '../../src/engine/config.js';

/**
 * The config parser's rules, each pinned by its exact error (line, field, detail) or its exact result,
 * so a bound moved by one or a message changed is caught.
 */

const KNOWN = { knownChecks: ['licence-file', 'readme', 'security-policy', 'dependency-updates'] };
const REASON = '    reason: The README lives in the wiki for now.\n';

/** The error a config text raises, as [line, field, detail]. */
function errorOf(
  text: string,
  context: ConfigContext = KNOWN,
): [number | undefined, string | undefined, string] {
  try {
    resolveConfig([{ path: CONFIG_PATH, text }], context);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.file).toBe(CONFIG_PATH);
    return [error.line, error.field, error.detail];
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(text)}`);
}

const config = (text: string) => resolveConfig([{ path: CONFIG_PATH, text }], KNOWN);

describe('ConfigError', () => {
  it('writes file, line and field only when it has them', () => {
    expect(new ConfigError('a.yml', 3, 'level', 'bad').message).toBe('a.yml:3: level: bad');
    expect(new ConfigError('a.yml', undefined, undefined, 'bad').message).toBe('a.yml: bad');
    expect(new ConfigError('a.yml', 0, '', 'bad').message).toBe('a.yml: bad');
    expect(new ConfigError('a.yml', 1, undefined, 'bad')).toMatchObject({
      name: 'ConfigError',
      message: 'a.yml:1: bad',
    });
  });
});

describe('bounds', () => {
  it('takes a file of exactly the byte limit and refuses one byte more, without a line', () => {
    const comment = (n: number) => `#${'x'.repeat(n - 2)}\n`;
    expect(config(comment(CONFIG_LIMITS.bytes)).level).toBe('baseline');
    expect(errorOf(comment(CONFIG_LIMITS.bytes + 1))).toEqual([
      undefined,
      undefined,
      'larger than 262144 bytes',
    ]);
  });

  it('takes a mapping of exactly the key limit and refuses one key more, at the mapping', () => {
    const keys = (n: number) => `checks:\n${Array.from({ length: n }, (_, i) => `  k${i}: off\n`).join('')}`;
    expect(Object.keys(resolveConfig([{ path: CONFIG_PATH, text: keys(1000) }]).checks)).toHaveLength(1000);
    expect(errorOf(keys(1001), {})).toEqual([2, undefined, 'a mapping with more than 1000 keys']);
  });

  it('takes exactly the ignore limit and refuses one entry more, at the ignore key', () => {
    const globs = (n: number) => `mode: enforce\nignore:\n${'  - a\n'.repeat(n)}`;
    expect(config(globs(10_000)).ignore).toHaveLength(10_000);
    expect(errorOf(globs(10_001))).toEqual([2, 'ignore', 'more than 10000 entries']);
  });

  it('names the first alias of an alias bomb', () => {
    const bomb = `mode: enforce\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    const [line, field, detail] = errorOf(bomb);
    expect([line, field]).toEqual([3, undefined]);
    expect(detail).toMatch(/^invalid YAML: Excessive alias count/);
  });

  it('a few aliases are read as the values they stand for', () => {
    expect(
      config('ignore: &globs [a/**, b/**]\nchecks:\n  readme: &sev warn\n  licence-file: *sev\n').checks,
    ).toEqual({
      readme: 'warn',
      'licence-file': 'warn',
    });
  });
});

describe('YAML errors', () => {
  it('gives the parser’s message, first line only, at its line', () => {
    expect(errorOf('mode: enforce\nlevel: [\n')).toEqual([
      3,
      undefined,
      'invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('refuses a key given twice, at the second, in any mapping', () => {
    expect(errorOf('level: standard\nmode: enforce\nlevel: exemplar\n')).toEqual([
      3,
      undefined,
      'invalid YAML: Map keys must be unique',
    ]);
    expect(errorOf('checks:\n  readme: off\n  readme: warn\n')).toEqual([
      3,
      undefined,
      'invalid YAML: Map keys must be unique',
    ]);
  });

  it('a number key and a string key are different keys', () => {
    expect(errorOf('1: a\n"1": b\n')).toEqual([1, '1', 'unknown field']);
  });
});

describe('values', () => {
  it.each([
    ['hello\n', [1, undefined, 'Invalid input: expected object, received string']],
    ['mode: strict\n', [1, 'mode', 'Invalid option: expected one of "enforce"|"advisory"']],
    [
      'mode: enforce\nlevel: high\n',
      [2, 'level', 'Invalid option: expected one of "baseline"|"standard"|"exemplar"'],
    ],
    ['maxFileBytes: 0\n', [1, 'maxFileBytes', 'Too small: expected number to be >0']],
    ['maxFileBytes: 1.5\n', [1, 'maxFileBytes', 'Invalid input: expected int, received number']],
    ['ignore:\n  - a/**\n  - ""\n', [3, 'ignore[1]', 'Too small: expected string to have >=1 characters']],
    ['exemptions: nope\n', [1, 'exemptions', 'Invalid input: expected array, received string']],
    ['exemptions:\n  -\n', [2, 'exemptions[0]', 'Invalid input: expected object, received null']],
    [
      `exemptions:\n  - check: ""\n${REASON}`,
      [2, 'exemptions[0].check', 'Too small: expected string to have >=1 characters'],
    ],
    [
      'exemptions:\n  - check: readme\n    reason: "   short   "\n',
      [3, 'exemptions[0].reason', 'a reason of at least 10 characters is required'],
    ],
    [
      `exemptions:\n  - check: readme\n${REASON}    path: ""\n`,
      [4, 'exemptions[0].path', 'Too small: expected string to have >=1 characters'],
    ],
    [
      `exemptions:\n  - check: readme\n${REASON}    expires: 2027-01-31xyz\n`,
      [4, 'exemptions[0].expires', 'must be a date as YYYY-MM-DD'],
    ],
    [
      `exemptions:\n  - check: readme\n${REASON}    expires: 2027-1-31\n`,
      [4, 'exemptions[0].expires', 'must be a date as YYYY-MM-DD'],
    ],
    [
      `exemptions:\n  - check: readme\n${REASON}    expires: x2027-01-31\n`,
      [4, 'exemptions[0].expires', 'must be a date as YYYY-MM-DD'],
    ],
    [
      `exemptions:\n  - check: readme\n${REASON}    expires: 20270131\n`,
      [4, 'exemptions[0].expires', 'Invalid input'],
    ],
    [
      'checks:\n  readme:\n    deep: 1\n',
      [3, 'checks.readme', 'Invalid option: expected one of "off"|"warn"|"fail"'],
    ],
  ] as const)('%j', (text, expected) => {
    expect(errorOf(text)).toEqual(expected);
  });

  it('a reason of exactly ten characters after trimming is enough', () => {
    expect(
      config('exemptions:\n  - check: readme\n    reason: "  abcdefghij  "\n').exemptions[0]?.reason,
    ).toBe('abcdefghij');
  });

  it('an expiry may carry a time after the date', () => {
    expect(
      config(`exemptions:\n  - check: readme\n${REASON}    expires: 2027-01-31T10:00:00Z\n`).exemptions,
    ).toEqual([
      {
        check: 'readme',
        reason: 'The README lives in the wiki for now.',
        expires: '2027-01-31T10:00:00Z',
        location: { path: CONFIG_PATH, startLine: 2 },
      },
    ]);
  });
});

describe('unknown check ids', () => {
  it.each([
    // Near enough: within two edits, or a quarter of the id's length for a long id.
    ['readm', 'unknown check id "readm" (did you mean "readme"?)'],
    ['raedme', 'unknown check id "raedme" (did you mean "readme"?)'],
    ['reXXme', 'unknown check id "reXXme" (did you mean "readme"?)'],
    ['reXXXe', 'unknown check id "reXXXe"'],
    ['dependncy-updtes', 'unknown check id "dependncy-updtes" (did you mean "dependency-updates"?)'],
    ['dependncy-updtXs', 'unknown check id "dependncy-updtXs" (did you mean "dependency-updates"?)'],
    ['XXXXndency-updates', 'unknown check id "XXXXndency-updates" (did you mean "dependency-updates"?)'],
    ['XXXXXdency-updates', 'unknown check id "XXXXXdency-updates"'],
    ['XXXurity-policy', 'unknown check id "XXXurity-policy" (did you mean "security-policy"?)'],
    ['XXXXrity-policy', 'unknown check id "XXXXrity-policy"'],
    ['security-polcy', 'unknown check id "security-polcy" (did you mean "security-policy"?)'],
    ['licence', 'unknown check id "licence"'],
    ['Readme', 'unknown check id "Readme" (did you mean "readme"?)'],
    ['xreadmex', 'unknown check id "xreadmex" (did you mean "readme"?)'],
  ])('%s', (id, detail) => {
    expect(errorOf(`checks:\n  ${id}: off\n`)).toEqual([2, `checks.${id}`, detail]);
  });

  it('of two equally near ids, the first known is meant', () => {
    expect(errorOf('checks:\n  ab: off\n', { knownChecks: ['aa', 'bb'] })).toEqual([
      2,
      'checks.ab',
      'unknown check id "ab" (did you mean "aa"?)',
    ]);
    expect(errorOf('checks:\n  ab: off\n', { knownChecks: ['bb', 'aa'] })).toEqual([
      2,
      'checks.ab',
      'unknown check id "ab" (did you mean "bb"?)',
    ]);
  });

  it('a prefix added or dropped counts in full', () => {
    expect(errorOf('checks:\n  readme: off\n', { knownChecks: ['my-readme'] })).toEqual([
      2,
      'checks.readme',
      'unknown check id "readme"',
    ]);
    expect(errorOf('checks:\n  x: off\n', { knownChecks: ['abc'] })).toEqual([
      2,
      'checks.x',
      'unknown check id "x"',
    ]);
    expect(errorOf('checks:\n  my-readme: off\n', { knownChecks: ['readme'] })).toEqual([
      2,
      'checks.my-readme',
      'unknown check id "my-readme"',
    ]);
  });

  it('no suggestion when nothing is known', () => {
    expect(errorOf('checks:\n  readme: off\n', { knownChecks: [] })).toEqual([
      2,
      'checks.readme',
      'unknown check id "readme"',
    ]);
  });

  it('names the line of the exemption’s check, past valid ones', () => {
    expect(
      errorOf(
        `exemptions:\n  - check: readme\n${REASON}  - check: licence-file\n${REASON}  - check: readmee\n${REASON}`,
      ),
    ).toEqual([6, 'exemptions[2].check', 'unknown check id "readmee" (did you mean "readme"?)']);
  });
});

describe('lines', () => {
  it('an invalid value is at its own line, an unknown field or check id at its key’s', () => {
    expect(errorOf('mode: enforce\nlevel:\n  high\n')).toEqual([
      3,
      'level',
      'Invalid option: expected one of "baseline"|"standard"|"exemplar"',
    ]);
    expect(errorOf('levels:\n  standard\n')).toEqual([1, 'levels', 'unknown field']);
    expect(errorOf('checks:\n  readmee:\n    off\n')).toEqual([
      2,
      'checks.readmee',
      'unknown check id "readmee" (did you mean "readme"?)',
    ]);
    expect(errorOf(`exemptions:\n  - check:\n      readmee\n${REASON}`)).toEqual([
      3,
      'exemptions[0].check',
      'unknown check id "readmee" (did you mean "readme"?)',
    ]);
  });
});

describe('parseConfig', () => {
  it('gives the line of each exemption', () => {
    expect(
      parseConfig(
        `mode: enforce\nexemptions:\n\n  - check: readme\n${REASON}  - check: licence-file\n${REASON}`,
        CONFIG_PATH,
      ).exemptionLines,
    ).toEqual([4, 6]);
    expect(parseConfig('exemptions: []\n', CONFIG_PATH).exemptionLines).toEqual([]);
    expect(parseConfig('mode: enforce\n', CONFIG_PATH).exemptionLines).toEqual([]);
  });

  it('an empty section is not set; an empty document is no settings', () => {
    expect(parseConfig('mode:\nlevel: standard\n', CONFIG_PATH).config).toEqual({ level: 'standard' });
    expect(parseConfig('', CONFIG_PATH).config).toEqual({});
    expect(parseConfig('---\n', CONFIG_PATH).config).toEqual({});
  });
});

describe('resolveConfig', () => {
  it('a later file overrides mode, level and maxFileBytes, appends ignores and exemptions', () => {
    const org = {
      path: 'acme/.github:.github/tcop.yml',
      text: `mode: advisory\nlevel: standard\nmaxFileBytes: 2048\nignore: [a/**]\nexemptions:\n  - check: readme\n${REASON}    path: docs/**\n`,
    };
    const own = {
      path: CONFIG_PATH,
      text: `mode: enforce\nlevel: exemplar\nmaxFileBytes: 4096\nignore: [b/**]\nexemptions:\n  - check: licence-file\n${REASON}    expires: 2027-01-31\n`,
    };
    expect(resolveConfig([org, own], KNOWN)).toEqual({
      mode: 'enforce',
      level: 'exemplar',
      maxFileBytes: 4096,
      ignore: ['a/**', 'b/**'],
      checks: {},
      exemptions: [
        {
          check: 'readme',
          reason: 'The README lives in the wiki for now.',
          path: 'docs/**',
          location: { path: org.path, startLine: 6 },
        },
        {
          check: 'licence-file',
          reason: 'The README lives in the wiki for now.',
          expires: '2027-01-31',
          location: { path: CONFIG_PATH, startLine: 6 },
        },
      ],
      sources: [org.path, CONFIG_PATH],
    });
  });

  it('a file that sets nothing keeps what came before', () => {
    const org = {
      path: 'org.yml',
      text: 'mode: advisory\nlevel: standard\nmaxFileBytes: 2048\nchecks:\n  readme: warn\n',
    };
    expect(resolveConfig([org, { path: CONFIG_PATH, text: '' }], KNOWN)).toEqual({
      mode: 'advisory',
      level: 'standard',
      maxFileBytes: 2048,
      ignore: [],
      checks: { readme: 'warn' },
      exemptions: [],
      sources: ['org.yml', CONFIG_PATH],
    });
  });

  it('never changes the defaults', () => {
    resolveConfig([
      {
        path: CONFIG_PATH,
        text: `ignore: [a/**]\nchecks:\n  readme: off\nexemptions:\n  - check: readme\n${REASON}`,
      },
    ]);
    expect(DEFAULT_CONFIG).toEqual({
      mode: 'enforce',
      level: 'baseline',
      ignore: [],
      checks: {},
      exemptions: [],
      maxFileBytes: 1024 * 1024,
      sources: [],
    });
    expect(resolveConfig([])).toEqual(DEFAULT_CONFIG);
  });
});
