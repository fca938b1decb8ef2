import { describe, expect, it } from 'vitest';
import { SecretFactory } from '../../../test/support/fake-secrets.js';
import { scanText } from './scan.js';

/** Which of two matches is kept when they touch, start together, or come from both passes. */

const fake = new SecretFactory(47);
const found = async (path: string, text: string): Promise<Array<[string, number, number]>> =>
  (await scanText(path, text)).map((m) => [m.rule, m.line, m.column]);

describe('dedupe', () => {
  it('two keys that touch are two keys: a span ending where the next starts does not overlap it', async () => {
    const first = fake.pemKey('sec1').trim();
    const second = fake.pemKey('sec1').trim();
    const lastLine = first.split('\n').at(-1) ?? '';

    expect(await found('keys/both.pem', `${first}${second}\n`)).toEqual([
      ['private-key', 1, 1],
      ['private-key', first.split('\n').length, lastLine.length + 1],
    ]);
  });

  it('of two generic matches that start together, the longer is kept', async () => {
    // url-credentials ends at the path's start; the dotenv value runs on to the line's end.
    const text = `API_TOKEN=https://deploy:${fake.password()}@db.acme-corp.net/app\n`;

    expect(await found('.env', text)).toEqual([['dotenv-value', 1, 11]]);
  });
});
