import spdxDeprecated from 'spdx-license-ids/deprecated.json' with { type: 'json' };
import { SPDX_LIST as spdxList } from './spdx-list.js';
import { loadCorpus } from './corpus-load.js';

/** One SPDX licence text, normalised into a set of word bigrams. */
export interface LicenceTemplate {
  /** SPDX licenseId, e.g. 'Apache-2.0'. */
  spdx: string;
  name: string;
  osiApproved: boolean;
  deprecated: boolean;
  /** Unique word-bigram keys of the normalised text. */
  bigrams: LicenceKeys;
  /** How many: `bigrams.length`, known without spelling the keys out. */
  bigramCount: number;
  /** The normalised words, for the order-sensitive comparison of short notices. */
  tokens: readonly string[];
  /** SPDX ids whose normalised text is identical (GPL-2.0-only and GPL-2.0-or-later). */
  equivalents: readonly string[];
  /**
   * A part of the SPDX text that files hold on its own: the text without its "how to apply" appendix
   * (optional, and often left out), LGPL-3.0's additional permissions without the GPL-3.0 text they
   * build on (COPYING.LESSER beside COPYING), or a Creative Commons licence without CC's notices about itself.
   */
  withoutAppendix: boolean;
}

/** Bigram keys: an array when built, a view on the prepared index when loaded. */
export type LicenceKeys = ArrayLike<number> & Iterable<number>;

/** The SPDX corpus, indexed for fast similarity: bigram → templates that contain it. */
export interface LicenceCorpus {
  templates: readonly LicenceTemplate[];
  byId: ReadonlyMap<string, LicenceTemplate>;
  postings: { get(bigram: number): PostingList | undefined };
  vocabulary: Vocabulary;
}

/** Word → id: a Map when built, a sorted lookup on the prepared index when loaded. */
export interface Vocabulary extends Iterable<[string, number]> {
  get(word: string): number | undefined;
  readonly size: number;
}

/** Indexes into `templates` of the templates that hold a bigram, ascending. */
export type PostingList = ArrayLike<number> & Iterable<number>;

/**
 * Word ids stay below 2^15, so a bigram key (a · 2^15 + b) stays below 2^30: a small integer for V8,
 * which keeps the posting-list Map fast. The SPDX texts use about 10,000 distinct words.
 */
export const WORD_SPACE = 2 ** 15;

/**
 * Unique bigram keys of a token list. Words outside the vocabulary get fresh ids that no template
 * holds (all sharing the last id if a text had more than 20,000 new words, which only costs precision
 * on texts that are no licence).
 */
export function bigramKeys(tokens: readonly string[], vocabulary: Vocabulary, grow: false): number[];
export function bigramKeys(tokens: readonly string[], vocabulary: Map<string, number>, grow: true): number[];
export function bigramKeys(
  tokens: readonly string[],
  vocabulary: Vocabulary | Map<string, number>,
  grow: boolean,
): number[] {
  const ids = new Array<number>(tokens.length);
  const local = new Map<string, number>();
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i] as string;
    let id = vocabulary.get(word);
    if (id === undefined) {
      if (grow && vocabulary instanceof Map) {
        id = vocabulary.size;
        if (id >= WORD_SPACE) throw new Error('licence vocabulary outgrew its key space');
        vocabulary.set(word, id);
      } else {
        id = local.get(word);
        if (id === undefined) local.set(word, (id = Math.min(vocabulary.size + local.size, WORD_SPACE - 1)));
      }
    }
    ids[i] = id;
  }
  return bigramsOfIds(ids);
}

/** Unique bigram keys of a list of word ids, in the order they first occur. */
export function bigramsOfIds(ids: ArrayLike<number>): number[] {
  const keys = new Set<number>();
  // A one-word text still has a key, so that it can match one-word templates.
  if (ids.length === 1) keys.add((ids[0] as number) * WORD_SPACE);
  for (let i = 1; i < ids.length; i++) keys.add((ids[i - 1] as number) * WORD_SPACE + (ids[i] as number));
  return [...keys];
}

let corpus: LicenceCorpus | undefined;

/**
 * The SPDX corpus, made on first use and kept for the process: built from spdx-license-list's texts
 * when running from the sources, loaded from the index scripts/build.mjs prepared in the build.
 */
export function licenceCorpus(): LicenceCorpus {
  corpus ??= loadCorpus();
  return corpus;
}

let idsByLowerCase: Map<string, string> | undefined;

/** SPDX licence list facts for an id (any case), or undefined for an id SPDX does not list. */
export function spdxLicence(
  id: string,
): { spdx: string; name: string; osiApproved: boolean; deprecated: boolean } | undefined {
  // The SPDX list without its texts: a declared id never needs the licence corpus.
  idsByLowerCase ??= new Map(Object.keys(spdxList).map((k) => [k.toLowerCase(), k]));
  const spdx = (Object.hasOwn(spdxList, id) ? id : undefined) ?? idsByLowerCase.get(id.toLowerCase());
  if (spdx === undefined) return undefined;
  const entry = spdxList[spdx];
  if (!entry) return undefined;
  return {
    spdx,
    name: entry.name,
    osiApproved: entry.osiApproved,
    deprecated: (spdxDeprecated as string[]).includes(spdx) || spdx.endsWith('+'),
  };
}
