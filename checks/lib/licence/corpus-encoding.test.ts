import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { licenceCorpus, type LicenceCorpus } from './corpus.js';
import { decodeCorpus, encodeCorpus, memorySource } from './corpus-encoding.js';
import { loadCorpusFile } from '../../../src/engine/licence-index-file.js';

/**
 * The CLI identifies licences with the index prepared at build time: it must be the corpus the
 * sources build from the SPDX texts, field for field, or identification would differ between them.
 */
describe('prepared licence index', () => {
  // The corpus the sources build from the SPDX texts, kept for the process (corpus-build.test.ts builds
  // one afresh), encoded once per run of this file inside its first test: a mutation run then sees
  // each change to the encoder, and pays for neither a build nor an encoding while collecting.
  let prepared: { built: LicenceCorpus; bytes: Uint8Array } | undefined;
  const index = (): { built: LicenceCorpus; bytes: Uint8Array } =>
    (prepared ??= { built: licenceCorpus(), bytes: encodeCorpus(licenceCorpus()) });

  it('decodes to exactly the corpus built from the SPDX texts', () => {
    const { built, bytes } = index();
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
    expect(loaded.vocabulary.size).toBe(built.vocabulary.size);
    for (const [word, id] of built.vocabulary) expect(loaded.vocabulary.get(word)).toBe(id);
    for (const word of ['', 'zzzzzzzz', 'licence-not-a-word', '\u00e9t\u00e9'])
      if (built.vocabulary.get(word) === undefined) expect(loaded.vocabulary.get(word)).toBeUndefined();
    expect([...loaded.byId.keys()]).toEqual([...built.byId.keys()]);
    const keys = new Set(built.templates.flatMap((t) => [...t.bigrams]));
    for (const key of keys) expect([...loaded.postings.get(key)!]).toEqual([...built.postings.get(key)!]);
    // A bigram no template holds has no postings, below, between and above the stored keys.
    for (const key of [0, 1, 2 ** 30 - 1, Math.max(...keys) + 1])
      if (!keys.has(key)) expect(loaded.postings.get(key)).toBeUndefined();
  });

  it("reads the templates' words only when a comparison first looks at them", () => {
    const { built, bytes } = index();
    const reads: [number, number][] = [];
    const memory = memorySource(bytes);
    const loaded = decodeCorpus({
      size: memory.size,
      read: (offset, length) => {
        reads.push([offset, length]);
        return memory.read(offset, length);
      },
    });
    const eagerEnd = Math.max(...reads.map(([o, l]) => o + l));
    const tokenBytes = built.templates.reduce((n, t) => n + 2 * t.tokens.length, 0);
    expect(eagerEnd).toBe(bytes.length - tokenBytes);
    reads.length = 0;
    const t = loaded.templates[3]!;
    expect(t.bigramCount).toBe(built.templates[3]!.bigrams.length);
    expect(reads).toEqual([]);
    expect([...t.bigrams]).toEqual([...built.templates[3]!.bigrams]);
    expect(t.tokens).toEqual(built.templates[3]!.tokens);
    const before = built.templates.slice(0, 3).reduce((n, b) => n + 2 * b.tokens.length, 0);
    expect(reads).toEqual([[eagerEnd + before, 2 * built.templates[3]!.tokens.length]]);
  });

  it('loads from the file the build writes, and says when there is none', () => {
    const { built, bytes } = index();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tcop-licence-index-'));
    try {
      const file = path.join(dir, 'licence-index.bin');
      writeFileSync(file, bytes);
      const loaded = loadCorpusFile(pathToFileURL(file))!;
      expect(loaded.templates.map((t) => t.spdx)).toEqual(built.templates.map((t) => t.spdx));
      expect(loaded.templates.at(-1)!.tokens).toEqual(built.templates.at(-1)!.tokens);
      expect(loadCorpusFile(pathToFileURL(path.join(dir, 'missing.bin')))).toBeUndefined();
      writeFileSync(file, bytes.subarray(0, 100));
      expect(() => loadCorpusFile(pathToFileURL(file))).toThrow(/truncated or corrupt/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('decodes from a buffer that does not start on a 4-byte boundary', () => {
    const { built, bytes } = index();
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(decodeCorpus(shifted.subarray(1)).templates.length).toBe(built.templates.length);
  });

  it('refuses a truncated index or one of another format', () => {
    const { bytes } = index();
    expect(() => decodeCorpus(bytes.subarray(0, bytes.length - 4))).toThrow(/truncated or corrupt/);
    expect(() => decodeCorpus(new Uint8Array(16))).toThrow(/not a prepared index/);
  });
});
