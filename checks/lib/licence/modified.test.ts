import { describe, expect, it } from 'vitest';
import { licenceChanges, type ComparedText } from './modified.js';

/** Words w0 … w(n-1): a standard text no run of which repeats. */
const words = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `w${from + i}`);
const plain = (tokens: readonly string[]): ComparedText => ({ tokens, withCopyrightLines: tokens });
const STANDARD = words(40);
/** Ten words that say something binding. */
const CLAUSE = 'you must pay a fee to the foundation for commercial use'.split(' ').slice(0, 10);

describe('licenceChanges', () => {
  it('finds none in the standard text, with a title before it or a note after it', () => {
    expect(licenceChanges(plain(STANDARD), plain(STANDARD))).toBeUndefined();
    expect(licenceChanges(plain([...CLAUSE, ...STANDARD, ...CLAUSE]), plain(STANDARD))).toBeUndefined();
  });

  it('finds a binding clause of ten words added inside the licence', () => {
    const file = [...STANDARD.slice(0, 20), ...CLAUSE, ...STANDARD.slice(20)];
    expect(licenceChanges(plain(file), plain(STANDARD))).toEqual({ added: [CLAUSE.join(' ')], removed: [] });
  });

  it('not one of nine words, nor ten words that bind nothing', () => {
    const nine = [...STANDARD.slice(0, 20), ...CLAUSE.slice(0, 9), ...STANDARD.slice(20)];
    const idle = [...STANDARD.slice(0, 20), ...words(10, 100), ...STANDARD.slice(20)];
    expect(licenceChanges(plain(nine), plain(STANDARD))).toBeUndefined();
    expect(licenceChanges(plain(idle), plain(STANDARD))).toBeUndefined();
  });

  it('finds two added clauses apart, each on its own', () => {
    const other = 'the licensee shall cite the authors in any published work'.split(' ');
    const file = [
      ...STANDARD.slice(0, 10),
      ...CLAUSE,
      ...STANDARD.slice(10, 30),
      ...other,
      ...STANDARD.slice(30),
    ];
    expect(licenceChanges(plain(file), plain(STANDARD))).toEqual({
      added: [CLAUSE.join(' '), other.join(' ')],
      removed: [],
    });
  });

  it('finds ten words of the licence left out, not nine', () => {
    const ten = [...STANDARD.slice(0, 15), ...STANDARD.slice(25)];
    const nine = [...STANDARD.slice(0, 15), ...STANDARD.slice(24)];
    expect(licenceChanges(plain(ten), plain(STANDARD))).toEqual({
      added: [],
      removed: [STANDARD.slice(15, 25).join(' ')],
    });
    expect(licenceChanges(plain(nine), plain(STANDARD))).toBeUndefined();
  });

  it('counts as shared only runs of five words in order', () => {
    // Every fourth word of the standard text kept in place, the rest swapped in pairs: no five-word run is shared.
    const shuffled = STANDARD.map((_, i) => STANDARD[i % 2 === 0 ? i + 1 : i - 1] as string);
    const file = [...STANDARD.slice(0, 10), ...shuffled.slice(10, 30), ...STANDARD.slice(30)];
    expect(licenceChanges(plain(file), plain(STANDARD))?.removed).toEqual([STANDARD.slice(10, 30).join(' ')]);
  });

  it('reads a run of five words in order as shared, not one of four', () => {
    /** The standard text from word 10 to 30 in pieces of `n` words, each followed by a word of its own. */
    const pieces = (n: number): string[] =>
      STANDARD.slice(10, 30).flatMap((w, i) => (i % n === n - 1 || i === 19 ? [w, `x${i}`] : [w]));
    const file = (n: number): ComparedText =>
      plain([...STANDARD.slice(0, 10), ...pieces(n), ...STANDARD.slice(30)]);
    expect(licenceChanges(file(5), plain(STANDARD))).toBeUndefined();
    expect(licenceChanges(file(4), plain(STANDARD))?.removed).toEqual([STANDARD.slice(14, 30).join(' ')]);
  });

  it('ignores a clause after "end of terms and conditions", the appendix', () => {
    const end = 'end of terms and conditions'.split(' ');
    const standard = [...STANDARD, ...end, ...words(20, 200)];
    const file = [...STANDARD, ...end, ...words(10, 200), ...CLAUSE, ...words(10, 210)];
    expect(licenceChanges(plain(file), plain(standard))).toBeUndefined();
    const inside = [...STANDARD.slice(0, 20), ...CLAUSE, ...STANDARD.slice(20), ...end, ...words(20, 200)];
    expect(licenceChanges(plain(inside), plain(standard))).toEqual({
      added: [CLAUSE.join(' ')],
      removed: [],
    });
  });

  it('reads a sentence that only begins with "Copyright" on either side as shared', () => {
    const sentence = ['copyright', 'shall', ...words(11, 300)];
    const withSentence = [...STANDARD.slice(0, 20), ...sentence, ...STANDARD.slice(20)];
    const file: ComparedText = { tokens: STANDARD, withCopyrightLines: withSentence };
    const standard: ComparedText = { tokens: withSentence, withCopyrightLines: withSentence };
    expect(licenceChanges(file, standard)).toBeUndefined();
    expect(
      licenceChanges(plain(withSentence), { tokens: STANDARD, withCopyrightLines: withSentence }),
    ).toBeUndefined();
  });
});
