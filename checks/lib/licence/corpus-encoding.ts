import {
  bigramsOfIds,
  type LicenceCorpus,
  type LicenceTemplate,
  type PostingList,
  type Vocabulary,
} from './corpus.js';

/**
 * The licence corpus as one compact binary file, prepared at build time so that the CLI loads it in a
 * few milliseconds instead of normalising 727 SPDX texts on every run:
 *
 *   "TCLI" · u32 format version · u32 header bytes · u32 bytes read at load · u32 file bytes
 *   header (UTF-8 JSON, padded to 4 bytes)
 *   the vocabulary: its words in id order, joined by "\n" (UTF-8, padded) · word ids in the words'
 *   sorted order (u16, padded)
 *   posting lists: sorted bigram keys (u32) · byte offsets of each key's list (u32, one more) · the
 *   lists, each its ascending template indexes as varint gaps (padded)
 *   ---- read at load up to here ----
 *   word ids of every template (u16, concatenated)
 *
 * Only what every identification needs is read at load: the words of a template are read from the
 * file, and its bigram keys derived from them, the first time a comparison looks at that template (a
 * few templates per licence file). The header holds the templates' SPDX facts and their lengths, and
 * the vocabulary's size. Everything decodes to the same LicenceCorpus the build from the texts gives (test:
 * checks/lib/licence/corpus-encoding.test.ts).
 */

const MAGIC = 0x494c4354; // "TCLI", little-endian
const VERSION = 3;
const PREFIX_BYTES = 20;

interface Header {
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
  words: { count: number; bytes: number };
  postings: { count: number; bytes: number };
}

/** Where the bytes of the index come from: all of it in memory, or positional reads of the file. */
export interface IndexSource {
  /** `length` bytes from `offset`; any byte alignment. */
  read(offset: number, length: number): Uint8Array;
  readonly size: number;
}

const pad4 = (n: number): number => (n + 3) & ~3;

export function encodeCorpus(corpus: LicenceCorpus): Uint8Array {
  const words = [...corpus.vocabulary].map(([word]) => word);
  if ([...corpus.vocabulary].some(([w, id], i) => id !== i || w.includes('\n')))
    throw new Error('vocabulary ids are not positions, or a word holds a newline');
  if (corpus.templates.length > 0xffff || words.length > 0xffff)
    throw new Error('licence index: too many templates or words for u16 ids');
  const order = words.map((_, i) => i).sort((a, b) => compare(words[a] as string, words[b] as string));
  const wordBytes = new TextEncoder().encode(words.join('\n'));

  const postingKeys = [...collectPostings(corpus).keys()].sort((a, b) => a - b);
  const lists = postingKeys.map((k) => gaps(corpus.postings.get(k) as PostingList));
  const postingBytes = lists.reduce((n, l) => n + l.length, 0);

  const header: Header = {
    templates: corpus.templates.map((t) => ({
      spdx: t.spdx,
      name: t.name,
      osi: t.osiApproved,
      deprecated: t.deprecated,
      equivalents: [...t.equivalents],
      withoutAppendix: t.withoutAppendix,
      tokens: t.tokens.length,
      bigrams: t.bigramCount,
    })),
    words: { count: words.length, bytes: wordBytes.length },
    postings: { count: postingKeys.length, bytes: postingBytes },
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const tokenCount = header.templates.reduce((n, t) => n + t.tokens, 0);
  const eager = eagerLayout(json.length, header);
  const size = eager.end + 2 * tokenCount;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, json.length, true);
  view.setUint32(12, eager.end, true);
  view.setUint32(16, size, true);
  bytes.set(json, PREFIX_BYTES);
  bytes.set(wordBytes, eager.words);
  order.forEach((id, i) => view.setUint16(eager.order + 2 * i, id, true));
  let offset = eager.keys;
  for (const k of postingKeys) {
    view.setUint32(offset, k, true);
    offset += 4;
  }
  let at = 0;
  for (const l of [...lists, undefined]) {
    view.setUint32(offset, at, true);
    offset += 4;
    at += l?.length ?? 0;
  }
  offset = eager.lists;
  for (const l of lists) {
    bytes.set(l, offset);
    offset += l.length;
  }
  offset = eager.end;
  for (const t of corpus.templates)
    for (const word of t.tokens) {
      view.setUint16(offset, corpus.vocabulary.get(word) as number, true);
      offset += 2;
    }
  return bytes;
}

/** Byte offsets of the sections read at load, from the header's sizes. */
function eagerLayout(
  jsonLength: number,
  header: Pick<Header, 'words' | 'postings'>,
): { words: number; order: number; keys: number; starts: number; lists: number; end: number } {
  const words = pad4(PREFIX_BYTES + jsonLength);
  const order = pad4(words + header.words.bytes);
  const keys = pad4(order + 2 * header.words.count);
  const starts = keys + 4 * header.postings.count;
  const lists = starts + 4 * (header.postings.count + 1);
  return { words, order, keys, starts, lists, end: pad4(lists + header.postings.bytes) };
}

/** The order words are sorted in for lookup: UTF-16 code units, as `<` compares strings. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** An ascending list as varints: the first index, then each gap less one. */
function gaps(list: PostingList): Uint8Array {
  const out: number[] = [];
  let previous = -1;
  for (const index of list) {
    let v = index - previous - 1;
    if (v < 0) throw new Error('licence index: a posting list is not ascending');
    previous = index;
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.push(v);
  }
  return Uint8Array.from(out);
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

/** An index held in memory whole (tests, or a caller that read the file itself). */
export function memorySource(bytes: Uint8Array): IndexSource {
  return { size: bytes.byteLength, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

/** Typed-array views need aligned offsets; a Buffer from the pool, or a subarray, may start anywhere. */
function aligned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
}

export function decodeCorpus(input: Uint8Array | IndexSource): LicenceCorpus {
  const source = input instanceof Uint8Array ? memorySource(input) : input;
  const corrupt = (): never => {
    throw new Error('licence index: truncated or corrupt (rebuild with npm run build)');
  };
  const prefix = source.size >= PREFIX_BYTES ? aligned(source.read(0, PREFIX_BYTES)) : new Uint8Array(0);
  const head = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  if (
    prefix.byteLength < PREFIX_BYTES ||
    head.getUint32(0, true) !== MAGIC ||
    head.getUint32(4, true) !== VERSION
  )
    throw new Error('licence index: not a prepared index of this version (rebuild with npm run build)');
  const jsonLength = head.getUint32(8, true);
  const eagerEnd = head.getUint32(12, true);
  if (head.getUint32(16, true) !== source.size || eagerEnd > source.size) corrupt();
  const bytes = aligned(source.read(0, eagerEnd));
  const buffer = bytes.buffer;
  const base = bytes.byteOffset;
  const header = JSON.parse(Buffer.from(buffer, base + PREFIX_BYTES, jsonLength).toString('utf8')) as Header;
  const layout = eagerLayout(jsonLength, header);
  const tokenCount = header.templates.reduce((n, t) => n + t.tokens, 0);
  if (layout.end !== eagerEnd || eagerEnd + 2 * tokenCount !== source.size) corrupt();

  const words = Buffer.from(buffer, base + layout.words, header.words.bytes)
    .toString('utf8')
    .split('\n');
  if (words.length !== header.words.count) corrupt();
  const order = new Uint16Array(buffer, base + layout.order, header.words.count);
  const keys = new Uint32Array(buffer, base + layout.keys, header.postings.count);
  const starts = new Uint32Array(buffer, base + layout.starts, header.postings.count + 1);
  const lists = new Uint8Array(buffer, base + layout.lists, header.postings.bytes);

  let tokenAt = eagerEnd;
  const templates: LicenceTemplate[] = header.templates.map((t) => {
    const at = tokenAt;
    tokenAt += 2 * t.tokens;
    let ids: Uint16Array | undefined;
    const wordIds = (): Uint16Array => {
      if (!ids) {
        ids = new Uint16Array(t.tokens);
        new Uint8Array(ids.buffer).set(source.read(at, 2 * t.tokens));
      }
      return ids;
    };
    let tokens: string[] | undefined;
    let bigrams: number[] | undefined;
    const template = {
      spdx: t.spdx,
      name: t.name,
      osiApproved: t.osi,
      deprecated: t.deprecated,
      bigramCount: t.bigrams,
      equivalents: t.equivalents,
      withoutAppendix: t.withoutAppendix,
    } as Omit<LicenceTemplate, 'tokens' | 'bigrams'> as LicenceTemplate;
    // Read from the file, and spelled out, the first time a comparison looks at this template.
    Object.defineProperty(template, 'bigrams', {
      enumerable: true,
      get: () => (bigrams ??= bigramsOfIds(wordIds())),
    });
    Object.defineProperty(template, 'tokens', {
      enumerable: true,
      get: () => (tokens ??= Array.from(wordIds(), (id) => words[id] as string)),
    });
    return template;
  });
  return {
    templates,
    byId: new Map(templates.filter((t) => !t.withoutAppendix).map((t) => [t.spdx, t])),
    postings: {
      get(bigram: number): PostingList | undefined {
        let lo = 0;
        let hi = keys.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >>> 1;
          const k = keys[mid] as number;
          if (k < bigram) lo = mid + 1;
          else if (k > bigram) hi = mid - 1;
          else return readGaps(lists, starts[mid] as number, starts[mid + 1] as number);
        }
        return undefined;
      },
    },
    vocabulary: sortedVocabulary(words, order),
  };
}

/** The template indexes of one posting list. */
function readGaps(lists: Uint8Array, start: number, end: number): number[] {
  const out: number[] = [];
  let previous = -1;
  let value = 0;
  let shift = 0;
  for (let i = start; i < end; i++) {
    const byte = lists[i] as number;
    value |= (byte & 0x7f) << shift;
    if (byte & 0x80) shift += 7;
    else {
      previous += value + 1;
      out.push(previous);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** Word lookup by binary search over the words' sorted order: no Map of 10,000 words to build. */
function sortedVocabulary(words: readonly string[], order: Uint16Array): Vocabulary {
  return {
    size: words.length,
    get(word: string): number | undefined {
      let lo = 0;
      let hi = order.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const id = order[mid] as number;
        const w = words[id] as string;
        if (w < word) lo = mid + 1;
        else if (w > word) hi = mid - 1;
        else return id;
      }
      return undefined;
    },
    *[Symbol.iterator](): Iterator<[string, number]> {
      for (let id = 0; id < words.length; id++) yield [words[id] as string, id];
    },
  };
}
