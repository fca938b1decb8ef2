import spdxDeprecated from 'spdx-license-ids/deprecated.json' with { type: 'json' };
import spdxFull from 'spdx-license-list/full.js';
import { licenceTokens } from './normalise.js';

/** One SPDX licence text, normalised into a set of word bigrams. */
export interface LicenceTemplate {
  /** SPDX licenseId, e.g. 'Apache-2.0'. */
  spdx: string;
  name: string;
  osiApproved: boolean;
  deprecated: boolean;
  /** Unique word-bigram keys of the normalised text. */
  bigrams: readonly number[];
  /** The normalised words, for the order-sensitive comparison of short notices. */
  tokens: readonly string[];
  /** SPDX ids whose normalised text is identical (GPL-2.0-only and GPL-2.0-or-later). */
  equivalents: readonly string[];
  /** The text without its "how to apply" appendix, which SPDX marks optional and many files leave out. */
  withoutAppendix: boolean;
}

/** The SPDX corpus, indexed for fast similarity: bigram → templates that contain it. */
export interface LicenceCorpus {
  templates: readonly LicenceTemplate[];
  byId: ReadonlyMap<string, LicenceTemplate>;
  /** Lower-cased SPDX id → id as SPDX spells it. */
  idsByLowerCase: ReadonlyMap<string, string>;
  postings: ReadonlyMap<number, Int32Array>;
  vocabulary: Map<string, number>;
}

/**
 * Word ids stay below 2^15, so a bigram key (a · 2^15 + b) stays below 2^30: a small integer for V8,
 * which keeps the posting-list Map fast. The SPDX texts use about 10,000 distinct words.
 */
const WORD_SPACE = 2 ** 15;

/**
 * Unique bigram keys of a token list. Words outside the vocabulary get fresh ids that no template
 * holds (all sharing the last id if a text had more than 20,000 new words, which only costs precision
 * on texts that are no licence).
 */
export function bigramKeys(
  tokens: readonly string[],
  vocabulary: Map<string, number>,
  grow: boolean,
): number[] {
  const ids = new Array<number>(tokens.length);
  const local = new Map<string, number>();
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i] as string;
    let id = vocabulary.get(word);
    if (id === undefined) {
      if (grow) {
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
  const keys = new Set<number>();
  // A one-word text still has a key, so that it can match one-word templates.
  if (ids.length === 1) keys.add((ids[0] as number) * WORD_SPACE);
  for (let i = 1; i < ids.length; i++) keys.add((ids[i - 1] as number) * WORD_SPACE + (ids[i] as number));
  return [...keys];
}

const END_OF_TERMS = ['end', 'of', 'terms', 'and', 'conditions'];

/**
 * Where the optional appendix ("How to apply these terms", Apache-2.0's boilerplate) begins: after
 * "END OF TERMS AND CONDITIONS", when enough follows to matter. Undefined when the text has none.
 */
function appendixStart(tokens: readonly string[]): number | undefined {
  for (let i = tokens.length - END_OF_TERMS.length; i >= 0; i--) {
    if (END_OF_TERMS.every((w, k) => tokens[i + k] === w)) {
      const end = i + END_OF_TERMS.length;
      return tokens.length - end >= 20 ? end : undefined;
    }
  }
  return undefined;
}

function buildCorpus(): LicenceCorpus {
  const deprecated = new Set<string>(spdxDeprecated);
  const vocabulary = new Map<string, number>();
  const byText = new Map<string, string[]>();
  const raw: {
    spdx: string;
    name: string;
    osiApproved: boolean;
    bigrams: number[];
    tokens: string[];
    key: string;
    withoutAppendix: boolean;
  }[] = [];
  for (const [spdx, entry] of Object.entries(spdxFull)) {
    if (!entry.licenseText) continue;
    const tokens = licenceTokens(entry.licenseText);
    if (tokens.length === 0) continue;
    const key = tokens.join(' ');
    byText.set(key, [...(byText.get(key) ?? []), spdx]);
    const common = { spdx, name: entry.name, osiApproved: entry.osiApproved, key };
    raw.push({ ...common, bigrams: bigramKeys(tokens, vocabulary, true), tokens, withoutAppendix: false });
    const end = appendixStart(tokens);
    if (end !== undefined) {
      const body = tokens.slice(0, end);
      raw.push({
        ...common,
        bigrams: bigramKeys(body, vocabulary, true),
        tokens: body,
        withoutAppendix: true,
      });
    }
  }
  const templates: LicenceTemplate[] = raw.map((r) => ({
    spdx: r.spdx,
    name: r.name,
    osiApproved: r.osiApproved,
    // The GNU '+' ids (GPL-2.0+) are deprecated too, though spdx-license-ids lists them as current.
    deprecated: deprecated.has(r.spdx) || r.spdx.endsWith('+'),
    bigrams: r.bigrams,
    tokens: r.tokens,
    equivalents: (byText.get(r.key) ?? []).filter((id) => id !== r.spdx),
    withoutAppendix: r.withoutAppendix,
  }));
  const lists = new Map<number, number[]>();
  templates.forEach((t, index) => {
    for (const b of t.bigrams) {
      const list = lists.get(b);
      if (list) list.push(index);
      else lists.set(b, [index]);
    }
  });
  const postings = new Map<number, Int32Array>();
  for (const [b, list] of lists) postings.set(b, Int32Array.from(list));
  const idsByLowerCase = new Map<string, string>();
  for (const id of Object.keys(spdxFull)) idsByLowerCase.set(id.toLowerCase(), id);
  return {
    templates,
    byId: new Map(templates.filter((t) => !t.withoutAppendix).map((t) => [t.spdx, t])),
    idsByLowerCase,
    postings,
    vocabulary,
  };
}

let corpus: LicenceCorpus | undefined;

/** The SPDX corpus, built on first use (about a third of a second) and kept for the process. */
export function licenceCorpus(): LicenceCorpus {
  corpus ??= buildCorpus();
  return corpus;
}

/** SPDX licence list facts for an id (any case), or undefined for an id SPDX does not list. */
export function spdxLicence(
  id: string,
): { spdx: string; name: string; osiApproved: boolean; deprecated: boolean } | undefined {
  const spdx =
    (Object.hasOwn(spdxFull, id) ? id : undefined) ?? licenceCorpus().idsByLowerCase.get(id.toLowerCase());
  if (spdx === undefined) return undefined;
  const entry = spdxFull[spdx];
  if (!entry) return undefined;
  return {
    spdx,
    name: entry.name,
    osiApproved: entry.osiApproved,
    deprecated: (spdxDeprecated as string[]).includes(spdx) || spdx.endsWith('+'),
  };
}
