/**
 * Worst-case inputs for the regular expressions that read repository text: each is the attack string
 * that made a pattern backtrack quadratically (a run of one character that the pattern can split in
 * many ways, or a run of openings without a close), at 1 MB, the default size cap. A quadratic
 * pattern needs hours on these; the tests assert the exact result.
 */
import { describe, expect, it } from 'vitest';
import { expressionsInText } from '../../checks/lib/licence/identify.js';
import { licenceTokens } from '../../checks/lib/licence/normalise.js';
import { spdxTagValues } from '../../checks/lib/licence/spdx-tag.js';
import { findDotenvSecrets, nhsApiKey } from '../../checks/lib/secrets/own-rules.js';
import readme, { proseWords } from '../../checks/readme.js';
import licenceFile from '../../checks/licence-file.js';
import { memorySnapshot } from '../../src/snapshot/memory.js';

const MB = 1_000_000;
const run = (n: number, ch: string): string => ch.repeat(n);

describe('licence normaliser', () => {
  it('reads a LICENSE of 1 MB of spaces before a word once', () => {
    expect(licenceTokens(run(MB, ' ') + 'x')).toEqual(['x']);
  });

  it('drops a copyright line padded with 1 MB of blanks', () => {
    expect(licenceTokens('Copyright ' + run(MB, ' ') + 'Acme\nfree')).toEqual(['free']);
    expect(licenceTokens('Copyright' + run(MB, '\t') + '\nfree')).toEqual(['copyright', 'free']);
  });

  it('reads a line of 1 MB of brackets and link openings', () => {
    expect(licenceTokens(run(MB, '['))).toEqual([]);
    expect(licenceTokens(run(MB / 4, '[](('))).toEqual([]);
  });

  it('a LICENSE of a copyright line padded with 1 MB of spaces is a copyright notice only', async () => {
    const snapshot = memorySnapshot({ files: { LICENSE: 'Copyright ' + run(MB, ' ') + 'x\n' } });
    const findings = await licenceFile.run(snapshot);
    expect(findings.map((f) => [f.status, f.messageId])).toEqual([['fail', 'copyrightOnly']]);
  });
});

describe('licence expressions in text', () => {
  it('an id followed by 1 MB of blanks is no expression', () => {
    expect(expressionsInText('MIT' + run(MB, ' ') + 'x')).toEqual([]);
    expect(expressionsInText(run(MB, ' ') + 'MIT OR Apache-2.0')).toEqual(['MIT OR Apache-2.0']);
  });

  it('a 1 MB word is read once', () => {
    expect(expressionsInText(run(MB, 'a'))).toEqual([]);
  });

  it('40,000 SPDX tags on one line are read once', () => {
    const line = run(40_000, 'SPDX-License-Identifier: ');
    expect(spdxTagValues(line).map((v) => v.length)).toEqual([
      line.length - 'SPDX-License-Identifier: '.length - 1,
    ]);
    expect(spdxTagValues(line + '*')).toEqual([]);
    expect(spdxTagValues('SPDX-License-Identifier: MIT' + run(MB, ' ') + '!')).toEqual(
      ['MIT' + run(MB, ' ') + '!'].map((s) => s.trim()),
    );
  });
});

describe('README prose', () => {
  it.each([
    ['<', run(MB, '<')],
    ['[', run(MB, '[')],
    ['<!--', run(MB / 4, '<!--')],
    ['[](', run(MB / 3, '[](')],
  ])('a README of 1 MB of %s has no description', async (_name, text) => {
    expect(proseWords(text)).toBe(0);
    const findings = await readme.run(memorySnapshot({ files: { 'README.md': text } }));
    expect(findings.map((f) => [f.status, f.messageId, f.data?.words])).toEqual([
      ['fail', 'noDescription', 0],
    ]);
  });

  it('an unclosed comment after prose keeps the prose', () => {
    expect(proseWords('Audits repositories for open standards. <!--' + run(MB, ' '))).toBe(5);
  });
});

describe('secret rules', () => {
  it('a dotenv value padded with 1 MB of spaces before its comment is found', () => {
    const text = 'API_TOKEN=s3cr3tV4lue9' + run(MB, ' ') + '# rotated monthly\n';
    expect(findDotenvSecrets(text).map((m) => [m.rule, m.secret, m.start])).toEqual([
      ['dotenv-value', 's3cr3tV4lue9', 10],
    ]);
  });

  it('1 MB of "nhs" is no NHS API key', () => {
    expect(nhsApiKey.find(run(MB / 3, 'nhs'))).toEqual([]);
    expect(nhsApiKey.find(run(MB / 3, 'NHS') + 'API_KEY=' + 'a1'.repeat(16))).toEqual([]);
  });
});
