import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FILLED_CHARS, boundedValue, fillMessage } from '../../src/engine/check.js';
import { main } from '../../src/cli/main.js';

const TOKEN = 'ghp_1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVwXyZ12';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

async function jsonReport(files: Record<string, string>) {
  const root = mkdtempSync(path.join(tmpdir(), 'tcop-quoted-'));
  dirs.push(root);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  let stdout = '';
  await main([root, '--format', 'json'], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: () => true },
    env: {},
  });
  return JSON.parse(stdout) as { findings: { check: string; message: string }[] };
}

describe('repository values quoted in messages are masked and bounded', () => {
  it(`a 500 KB licence field is quoted in at most ${MAX_FILLED_CHARS} characters`, async () => {
    const report = await jsonReport({
      'package.json': JSON.stringify({ name: 'x', license: 'x'.repeat(500_000) }),
    });
    const quoting = report.findings.filter((f) => f.message.includes('xxxx'));
    expect(quoting.length).toBeGreaterThan(0);
    for (const f of quoting) {
      expect(f.message).toContain(`${'x'.repeat(MAX_FILLED_CHARS)}… (500000 characters)`);
      expect(f.message.length).toBeLessThan(MAX_FILLED_CHARS + 200);
    }
  });

  it('a token in a licence field is masked in every message that quotes it', async () => {
    const report = await jsonReport({
      'package.json': JSON.stringify({ name: 'x', license: `MIT ${TOKEN}` }),
    });
    expect(report.findings.map((f) => f.message).join('\n')).not.toContain(TOKEN.slice(4));
    expect(report.findings.some((f) => f.message.includes('ghp_••••••••'))).toBe(true);
  });

  it('a JSON parse error quoting a token masks it', () => {
    let detail = '';
    try {
      JSON.parse(`{"token": "${TOKEN}" oops}`);
    } catch (error) {
      detail = (error as Error).message;
    }
    expect(
      fillMessage('{{path}} is not valid JSON: {{detail}}', { path: 'package.json', detail }).text,
    ).not.toContain(TOKEN.slice(4));
  });

  it('keeps commit ids, words and short values as they are', () => {
    const sha = '9f2c4e1b7a3d5f60817293a4b5c6d7e8f9012345';
    expect(boundedValue(sha)).toBe(sha);
    expect(boundedValue('eslint-plugin-something-quite-long')).toBe('eslint-plugin-something-quite-long');
    expect(boundedValue('MIT')).toBe('MIT');
  });

  // Real file names: the location shows them in full, so masking them in the message hid nothing and garbled it.
  it('keeps file names made of words, numbers and short tags, and still masks a token inside a path', () => {
    for (const name of [
      'input/images-source/20230807_Provenance_Pictures_Claims.pptx',
      'db/files/datasets/20191216_NCRAS_ODR_data_dictionary_v4.0_PROMS.xlsx',
      'tests/jwt-test-keys/sdc-sds-supplementary_data-encryption-private-v1.pem',
      'cmd/create-s3-replication-job/main.go',
      'input/images-source/AssessmentDiagrams_USCore_C-CDA_USCDIv3-generic.pptx',
    ])
      expect(boundedValue(name)).toBe(name);
    expect(boundedValue(`config/${TOKEN}.json`)).toBe(`config/ghp_${'•'.repeat(8)}.json`);
    expect(boundedValue('sk_live_4eC39HqLyjWDarjtT1zdp7dc')).toBe(`sk_l${'•'.repeat(8)}`);
  });

  it('reads a bounded prefix of any value: the work does not grow with its size', () => {
    const huge = 'a1'.repeat(4 << 20);
    const shown = boundedValue(huge);
    expect(shown).toBe(`a1a1${'•'.repeat(8)}… (${huge.length} characters)`);
  });
});
