import { describe, expect, it } from 'vitest';
import { buildCorpus } from './corpus-build.js';
import { decodeCorpus, encodeCorpus } from './corpus-encoding.js';

/**
 * The CLI identifies licences with the index prepared at build time: it must be the corpus the
 * sources build from the SPDX texts, field for field, or identification would differ between them.
 */
describe('prepared licence index', () => {
  const built = buildCorpus();
  const bytes = encodeCorpus(built);

  it('decodes to exactly the corpus built from the SPDX texts', () => {
    const loaded = decodeCorpus(bytes);
    expect(loaded.templates.length).toBe(built.templates.length);
    loaded.templates.forEach((t, i) => {
      const b = built.templates[i]!;
      expect({ ...t, bigrams: [...t.bigrams], tokens: [...t.tokens] }).toEqual({
        ...b,
        bigrams: [...b.bigrams],
        tokens: [...b.tokens],
      });
    });
    expect([...loaded.vocabulary]).toEqual([...built.vocabulary]);
    expect([...loaded.byId.keys()]).toEqual([...built.byId.keys()]);
    expect([...loaded.idsByLowerCase]).toEqual([...built.idsByLowerCase]);
    const keys = new Set(built.templates.flatMap((t) => [...t.bigrams]));
    for (const key of keys) expect([...loaded.postings.get(key)!]).toEqual([...built.postings.get(key)!]);
    // A bigram no template holds has no postings, below, between and above the stored keys.
    for (const key of [0, 1, 2 ** 30 - 1, Math.max(...keys) + 1])
      if (!keys.has(key)) expect(loaded.postings.get(key)).toBeUndefined();
  });

  it('decodes from a buffer that does not start on a 4-byte boundary', () => {
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(decodeCorpus(shifted.subarray(1)).templates.length).toBe(built.templates.length);
  });

  it('refuses a truncated index or one of another format', () => {
    expect(() => decodeCorpus(bytes.subarray(0, bytes.length - 4))).toThrow(/truncated or corrupt/);
    expect(() => decodeCorpus(new Uint8Array(16))).toThrow(/not a prepared index/);
  });
});
