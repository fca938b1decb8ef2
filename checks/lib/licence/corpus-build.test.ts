import { describe, expect, it } from 'vitest';
import { buildCorpus } from './corpus-build.js';
import { WORD_SPACE } from './corpus.js';

/**
 * The corpus as built from the SPDX texts, afresh: licenceCorpus() keeps one for the process, so only a
 * test that builds its own sees a change to the build. About two seconds: listed last in a mutation run.
 */
describe('buildCorpus', () => {
  let built: ReturnType<typeof buildCorpus> | undefined;
  /** Built once per run of this file, inside its first test. */
  const fresh = (): ReturnType<typeof buildCorpus> => (built ??= buildCorpus());

  it('holds every SPDX text, and the parts that files hold on their own', () => {
    const corpus = fresh();
    expect(corpus.templates.length).toBe(768);
    expect(corpus.byId.size).toBe(727);
    expect(corpus.templates.filter((t) => t.withoutAppendix).length).toBe(41);
    expect(corpus.vocabulary.size).toBe(9727);
    const parts = (id: string) =>
      corpus.templates
        .filter((t) => t.spdx === id)
        .map((t) => ({
          withoutAppendix: t.withoutAppendix,
          words: t.tokens.length,
          bigrams: t.bigramCount,
          first: t.tokens.slice(0, 6).join(' '),
          last: t.tokens.slice(-5).join(' '),
        }));
    expect(parts('Apache-2.0')).toEqual([
      {
        withoutAppendix: false,
        words: 1543,
        bigrams: 1093,
        first: 'apache license version 2 0 january',
        last: 'and limitations under the license',
      },
      {
        withoutAppendix: true,
        words: 1372,
        bigrams: 995,
        first: 'apache license version 2 0 january',
        last: 'end of terms and conditions',
      },
    ]);
    // LGPL-3.0: the whole text, without its appendix, and its additional permissions alone.
    expect(parts('LGPL-3.0-only')).toEqual([
      {
        withoutAppendix: false,
        words: 6797,
        bigrams: 3908,
        first: 'gnu lesser general public license version',
        last: 'license but first please read',
      },
      {
        withoutAppendix: true,
        words: 6396,
        bigrams: 3679,
        first: 'gnu lesser general public license version',
        last: 'end of terms and conditions',
      },
      {
        withoutAppendix: true,
        words: 1209,
        bigrams: 718,
        first: 'gnu lesser general public license version',
        last: 'that version for the library',
      },
    ]);
    // A Creative Commons licence without CC's notices before and after it.
    expect(parts('CC-BY-4.0')).toEqual([
      {
        withoutAppendix: false,
        words: 2535,
        bigrams: 1533,
        first: 'creative commons attribution 4 0 international',
        last: 'be contacted at creativecommons org',
      },
      {
        withoutAppendix: true,
        words: 1998,
        bigrams: 1211,
        first: 'creative commons attribution 4 0 international',
        last: 'of any jurisdiction or authority',
      },
    ]);
    expect(parts('MIT')).toEqual([
      {
        withoutAppendix: false,
        words: 165,
        bigrams: 151,
        first: 'mit license permission is hereby granted',
        last: 'other dealings in the software',
      },
    ]);
    expect(parts('CC0-1.0').length).toBe(1);
  });

  it('records the facts of each id, the ids that share a text, and the index of its bigrams', () => {
    const corpus = fresh();
    expect(corpus.byId.get('GPL-2.0-only')).toMatchObject({
      name: 'GNU General Public License v2.0 only',
      osiApproved: true,
      deprecated: false,
      withoutAppendix: false,
      equivalents: ['GPL-2.0', 'GPL-2.0-or-later'],
    });
    expect(corpus.byId.get('GPL-2.0+')).toMatchObject({ deprecated: true, equivalents: [] });
    expect(corpus.byId.get('GPL-2.0')).toMatchObject({ deprecated: true });
    expect(corpus.byId.get('OGL-UK-3.0')).toMatchObject({
      osiApproved: false,
      deprecated: false,
      equivalents: [],
    });
    expect(corpus.byId.get('Apache-2.0')?.withoutAppendix).toBe(false);
    corpus.templates.forEach((t, index) => {
      expect(t.bigramCount).toBe(t.bigrams.length);
      expect(new Set(t.bigrams).size).toBe(t.bigrams.length);
      for (const b of [t.bigrams[0], t.bigrams[t.bigrams.length - 1]])
        expect([...(corpus.postings.get(b as number) ?? [])]).toContain(index);
    });
    const mit = corpus.byId.get('MIT')!;
    const first = mit.bigrams[0] as number;
    const ids = (word: string) => corpus.vocabulary.get(word) as number;
    expect(first).toBe(ids('mit') * WORD_SPACE + ids('license'));
    const list = [...corpus.postings.get(first)!];
    expect(list).toEqual([...list].sort((a, b) => a - b));
    expect(list.every((i) => [...corpus.templates[i]!.bigrams].includes(first))).toBe(true);
    expect(list.length).toBe(corpus.templates.filter((t) => [...t.bigrams].includes(first)).length);
  });
});
