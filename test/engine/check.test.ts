import { describe, expect, it } from 'vitest';
import { MAX_FILLED_CHARS, boundedValue, fillMessage, renderMessage } from '../../src/engine/check.js';

/** How a value from the repository is shown in a message: bounded, token-like runs masked, exactly. */

const MASK = '••••••••';
/** Letters and digits mixed: how a secret's random part looks. */
const randomRun = (n: number): string =>
  Array.from({ length: n }, (_, i) => 'a1B2c3D4e5F6g7H8'[i % 16]).join('');

describe('boundedValue', () => {
  it('shows a short value as it is, up to exactly the limit', () => {
    expect(MAX_FILLED_CHARS).toBe(200);
    expect(boundedValue('')).toBe('');
    expect(boundedValue('x'.repeat(200))).toBe('x'.repeat(200));
    expect(boundedValue('x'.repeat(201))).toBe(`${'x'.repeat(200)}… (201 characters)`);
    expect(boundedValue('x y'.repeat(400))).toBe(`${'x y'.repeat(67).slice(0, 200)}… (1200 characters)`);
  });

  it('masks all but the first four characters of a token-like run of 24 or more', () => {
    expect(boundedValue(`key ${randomRun(24)} end`)).toBe(`key a1B2${MASK} end`);
    expect(boundedValue(`key ${randomRun(23)} end`)).toBe(`key ${randomRun(23)} end`);
    expect(boundedValue(`a=${randomRun(30)}+${randomRun(30)}`)).toBe(`a=a1${MASK}`);
  });

  it('a run of letters only or digits only is not a token', () => {
    expect(boundedValue('abcdefghijklmnopqrstuvwxyzab')).toBe('abcdefghijklmnopqrstuvwxyzab');
    expect(boundedValue('1234567890123456789012345')).toBe('1234567890123456789012345');
  });

  it('commit ids stay; other hex runs do not', () => {
    const sha1 = 'a1b2c3d4e5'.repeat(4);
    const sha256 = 'a1b2c3d4e5f6a7b8'.repeat(4);
    expect(boundedValue(sha1)).toBe(sha1);
    expect(boundedValue(sha256)).toBe(sha256);
    expect(boundedValue(`${sha1}0`)).toBe(`a1b2${MASK}`);
    expect(boundedValue(sha1.toUpperCase())).toBe(`A1B2${MASK}`);
  });

  it('a name made of words and short tags stays; one part of 16 mixed characters is a token', () => {
    expect(boundedValue('sdc-rrm-authentication-signing-private-v1')).toBe(
      'sdc-rrm-authentication-signing-private-v1',
    );
    expect(boundedValue('20230807_Provenance_Pictures_Claims')).toBe('20230807_Provenance_Pictures_Claims');
    expect(boundedValue(`release-${randomRun(16)}-final`)).toBe(`rele${MASK}`);
    expect(boundedValue(`release-${randomRun(15)}-final`)).toBe(`release-${randomRun(15)}-final`);
    expect(boundedValue(`release_${'abcdefghijklmnop'}_2`)).toBe('release_abcdefghijklmnop_2');
  });

  it('masks before it bounds, and counts the characters of the value as given', () => {
    const token = randomRun(800);
    expect(boundedValue(token)).toBe(`a1B2${MASK}`);
    expect(boundedValue(`${token}x`)).toBe(`a1B2${MASK}… (801 characters)`);
  });

  it('never splits a surrogate pair', () => {
    const value = `${'a'.repeat(199)}😀${'b'.repeat(10)}`;
    expect(boundedValue(value)).toBe(`${'a'.repeat(199)}… (211 characters)`);
    const pair = `${'a'.repeat(198)}😀${'b'.repeat(10)}`;
    expect(boundedValue(pair)).toBe(`${'a'.repeat(198)}😀… (210 characters)`);
    // Clipped to a short prefix that ends in half a pair: the half is dropped.
    const clipped = `${randomRun(799)}😀${'c'.repeat(10)}`;
    expect(boundedValue(clipped)).toBe(`a1B2${MASK}… (811 characters)`);
  });
});

describe('fillMessage', () => {
  it('fills each placeholder and records where each string value went', () => {
    expect(
      fillMessage('File {{ path }} line {{line}}: {{name}}{{name}}.', { path: 'a.md', line: 3, name: 'x' }),
    ).toEqual({
      text: 'File a.md line 3: xx.',
      filled: [
        [5, 9],
        [18, 19],
        [19, 20],
      ],
    });
  });

  it('an empty string value fills nothing and leaves no range', () => {
    expect(fillMessage('[{{a}}]', { a: '' })).toEqual({ text: '[]', filled: [] });
  });

  it('a value is bounded and masked, and its range is of what is shown', () => {
    const shown = `${'x'.repeat(200)}… (300 characters)`;
    expect(fillMessage('Got {{v}}!', { v: 'x'.repeat(300) })).toEqual({
      text: `Got ${shown}!`,
      filled: [[4, 4 + shown.length]],
    });
  });

  it('keeps a placeholder it has no own value for, and reads no data when given none', () => {
    expect(fillMessage('{{a}} {{ b }} {{constructor}}', { a: 1 })).toEqual({
      text: '1 {{ b }} {{constructor}}',
      filled: [],
    });
    expect(fillMessage('plain {{x}}')).toEqual({ text: 'plain {{x}}', filled: [] });
    expect(renderMessage('{{x}}')).toBe('{{x}}');
    expect(fillMessage('{{x-y}} {x}', { x: 'no' })).toEqual({ text: '{{x-y}} {x}', filled: [] });
  });
});
