import { describe, expect, it } from 'vitest';
import { FileBudget, BudgetExceeded } from '../../../src/engine/file-budget.js';
import { findDotenvSecrets } from './own-rules.js';
import { isTextName } from './paths.js';
import { scanText } from './scan.js';

/** Names that promise text, dotenv values that are only addresses, and the budget a scan spends. */

describe('isTextName', () => {
  it.each([
    ['src/a.ts', true],
    ['config/app.YAML', true],
    ['deploy/x.env', true],
    ['x.npmrc', true],
    ['.env', true],
    ['.env.local', true],
    ['.npmrc', true],
    ['home/.netrc', true],
    ['.pgpass', true],
    ['.pypirc', true],
    ['.pypirc.bak', true],
    ['.pgpass.a', true],
    ['.netrc.old-1', true],
    ['a.pypirc', false],
    ['.pypircx', false],
    ['.envrc', false],
    ['.netrc.!', false],
    ['README', false],
    ['logo.png', false],
  ])('%s → %s', (path, text) => {
    expect(isTextName(path)).toBe(text);
  });
});

describe('a dotenv value that is only an address', () => {
  const values = (text: string): string[] => findDotenvSecrets(text).map((m) => m.secret);

  it('is not a secret unless a long run in it mixes letters and digits', () => {
    expect(values('API_TOKEN=https://api.acme-corp.net/v1/authorize-endpoint\n')).toEqual([]);
    expect(values('API_TOKEN=https://api.acme-corp.net/v1/12345678901234567890\n')).toEqual([]);
    expect(values('API_TOKEN=https://api.acme-corp.net:8443/v1/\n')).toEqual([]);
    expect(values('API_TOKEN=https://api.acme-corp.net/hook/a1B2c3D4e5F6g7H8\n')).toEqual([
      'https://api.acme-corp.net/hook/a1B2c3D4e5F6g7H8',
    ]);
    expect(values('API_TOKEN=https://api.acme-corp.net/hook/a1B2c3D4e5F6g7H\n')).toEqual([]);
  });
});

describe('the budget of a scan', () => {
  it('each pass over the text counts its length', async () => {
    const text = 'API_TOKEN=Kq2Zx9Lm4\n';
    // A dotenv file without any prefilter literal: one pass, the dotenv rule's.
    const enough = new FileBudget('.env', { steps: text.length, ms: 1000 }, () => 0);
    expect((await scanText('.env', text, enough)).map((m) => m.rule)).toEqual(['dotenv-value']);
    const short = new FileBudget('.env', { steps: text.length - 1, ms: 1000 }, () => 0);
    await expect(scanText('.env', text, short)).rejects.toThrow(BudgetExceeded);
  });
});
