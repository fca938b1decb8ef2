import type { LicenceCorpus, LicenceTemplate, PostingList } from './corpus.js';

/**
 * The licence corpus as one compact binary file, prepared at build time so that the CLI loads it in a
 * few milliseconds instead of normalising 727 SPDX texts on every run:
 *
 *   "TCLI" · u32 format version · u32 header bytes · header (UTF-8 JSON, padded to 4 bytes)
 *   bigram keys of every template (u32, concatenated) · word ids of every template (u16, concatenated)
 *   posting lists: sorted bigram keys (u32) · offsets into the template list (u32, one more) ·
 *   template indexes (u16, padded to 4 bytes: the corpus has fewer than 65,536 templates)
 *
 * The header holds the vocabulary (word ids are positions), the templates' SPDX facts and their
 * lengths, and the SPDX ids. Everything decodes to the same LicenceCorpus the build from the texts
 * gives (test: checks/lib/licence/corpus-encoding.test.ts).
 */

const MAGIC = 0x494c4354; // "TCLI", little-endian
const VERSION = 2;

interface Header {
  words: string[];
  ids: string[];
  templates: {
    spdx: string;
    name: string;
    osi: boolean;
    deprecated: boolean;
    equivalents: string[];
    withoutAppendix: boolean;
    tokens: number;
    bigrams: number;
  }[];
  postings: number;
  postingEntries: number;
}

const pad4 = (n: number): number => (n + 3) & ~3;

export function encodeCorpus(corpus: LicenceCorpus): Uint8Array {
  const words = [...corpus.vocabulary.keys()];
  if (words.some((w, i) => corpus.vocabulary.get(w) !== i))
    throw new Error('vocabulary ids are not positions');
  const postingKeys = [...collectPostings(corpus).keys()].sort((a, b) => a - b);
  const lists = postingKeys.map((k) => corpus.postings.get(k) as PostingList);
  const header: Header = {
    words,
    ids: [...corpus.idsByLowerCase.values()],
    templates: corpus.templates.map((t) => ({
      spdx: t.spdx,
      name: t.name,
      osi: t.osiApproved,
      deprecated: t.deprecated,
      equivalents: [...t.equivalents],
      withoutAppendix: t.withoutAppendix,
      tokens: t.tokens.length,
      bigrams: t.bigrams.length,
    })),
    postings: postingKeys.length,
    postingEntries: lists.reduce((n, l) => n + l.length, 0),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const bigramCount = header.templates.reduce((n, t) => n + t.bigrams, 0);
  const tokenCount = header.templates.reduce((n, t) => n + t.tokens, 0);
  const size =
    12 +
    pad4(json.length) +
    4 * bigramCount +
    pad4(2 * tokenCount) +
    4 * postingKeys.length +
    4 * (postingKeys.length + 1) +
    pad4(2 * header.postingEntries);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, json.length, true);
  bytes.set(json, 12);
  let offset = 12 + pad4(json.length);
  for (const t of corpus.templates)
    for (const b of t.bigrams) {
      view.setUint32(offset, b, true);
      offset += 4;
    }
  for (const t of corpus.templates)
    for (const word of t.tokens) {
      view.setUint16(offset, corpus.vocabulary.get(word) as number, true);
      offset += 2;
    }
  offset = pad4(offset);
  for (const k of postingKeys) {
    view.setUint32(offset, k, true);
    offset += 4;
  }
  let entry = 0;
  for (const l of [...lists, undefined]) {
    view.setUint32(offset, entry, true);
    offset += 4;
    entry += l?.length ?? 0;
  }
  if (corpus.templates.length > 0xffff) throw new Error('licence index: too many templates for u16 postings');
  for (const l of lists)
    for (const index of l) {
      view.setUint16(offset, index, true);
      offset += 2;
    }
  return bytes;
}

/** Every bigram with a posting list (the corpus built from texts holds them in a Map). */
function collectPostings(corpus: LicenceCorpus): Map<number, PostingList> {
  const out = new Map<number, PostingList>();
  for (const t of corpus.templates)
    for (const b of t.bigrams) {
      const list = corpus.postings.get(b);
      if (list) out.set(b, list);
    }
  return out;
}

/** Typed-array views need aligned offsets; a Buffer from the pool may start anywhere. */
function aligned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
}

export function decodeCorpus(input: Uint8Array): LicenceCorpus {
  const bytes = aligned(input);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== VERSION)
    throw new Error('licence index: not a prepared index of this version (rebuild with npm run build)');
  const jsonLength = view.getUint32(8, true);
  const header = JSON.parse(
    Buffer.from(bytes.buffer, bytes.byteOffset + 12, jsonLength).toString('utf8'),
  ) as Header;
  const base = bytes.byteOffset;
  let offset = 12 + pad4(jsonLength);
  const bigramCount = header.templates.reduce((n, t) => n + t.bigrams, 0);
  const tokenCount = header.templates.reduce((n, t) => n + t.tokens, 0);
  const allBigrams = new Uint32Array(bytes.buffer, base + offset, bigramCount);
  offset += 4 * bigramCount;
  const allTokens = new Uint16Array(bytes.buffer, base + offset, tokenCount);
  offset = pad4(offset + 2 * tokenCount);
  const keys = new Uint32Array(bytes.buffer, base + offset, header.postings);
  offset += 4 * header.postings;
  const starts = new Uint32Array(bytes.buffer, base + offset, header.postings + 1);
  offset += 4 * (header.postings + 1);
  const entries = new Uint16Array(bytes.buffer, base + offset, header.postingEntries);
  if (offset + pad4(2 * header.postingEntries) !== bytes.byteLength)
    throw new Error('licence index: truncated or corrupt (rebuild with npm run build)');

  const words = header.words;
  let bigramAt = 0;
  let tokenAt = 0;
  const templates: LicenceTemplate[] = header.templates.map((t) => {
    const ids = allTokens.subarray(tokenAt, tokenAt + t.tokens);
    const template = {
      spdx: t.spdx,
      name: t.name,
      osiApproved: t.osi,
      deprecated: t.deprecated,
      bigrams: allBigrams.subarray(bigramAt, bigramAt + t.bigrams),
      equivalents: t.equivalents,
      withoutAppendix: t.withoutAppendix,
    } as Omit<LicenceTemplate, 'tokens'> as LicenceTemplate;
    // The words are only read for short notices: spelled out on first use.
    let tokens: string[] | undefined;
    Object.defineProperty(template, 'tokens', {
      enumerable: true,
      get: () => (tokens ??= Array.from(ids, (id) => words[id] as string)),
    });
    bigramAt += t.bigrams;
    tokenAt += t.tokens;
    return template;
  });
  const vocabulary = new Map<string, number>();
  words.forEach((w, i) => vocabulary.set(w, i));
  return {
    templates,
    byId: new Map(templates.filter((t) => !t.withoutAppendix).map((t) => [t.spdx, t])),
    idsByLowerCase: new Map(header.ids.map((id) => [id.toLowerCase(), id])),
    postings: {
      get(bigram: number): PostingList | undefined {
        let lo = 0;
        let hi = keys.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >>> 1;
          const k = keys[mid] as number;
          if (k < bigram) lo = mid + 1;
          else if (k > bigram) hi = mid - 1;
          else return entries.subarray(starts[mid] as number, starts[mid + 1] as number);
        }
        return undefined;
      },
    },
    vocabulary,
  };
}
