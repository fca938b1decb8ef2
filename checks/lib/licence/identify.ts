import { bigramKeys, licenceCorpus, type LicenceCorpus, type LicenceTemplate } from './corpus.js';
import { currentExpression, currentId } from './current.js';
import { createRequire } from 'node:module';
import { groups } from '../groups.js';
import { idForName } from './declared.js';
import { parseExpression } from './expression.js';
import { licenceChanges, type ComparedText } from './modified.js';
import { licenceTokens } from './normalise.js';
import { spdxTagValues } from './spdx-tag.js';

/** How a licence was recognised in a text. */
export type IdentificationMethod =
  /** The text is one SPDX licence text, give or take formatting, titles and copyright lines. */
  | 'full-text'
  /** One SPDX licence text plus other material (third-party notices, a preamble). */
  | 'full-text-with-extra'
  /** Several full licence texts in one file. */
  | 'several-texts'
  /** Only a licence notice, such as Apache-2.0's "Licensed under the Apache License…" boilerplate. */
  | 'notice'
  /** An SPDX identifier or expression written in the text ("SPDX-License-Identifier: MIT"). */
  | 'identifier'
  /** R's "MIT + file LICENSE": DESCRIPTION names a CRAN template licence, the file fills in year and holder. */
  | 'cran-template';

/** One licence found in a text. */
export interface LicenceMatch {
  spdx: string;
  /** 0–100: how much of the text and the SPDX text agree. */
  confidence: number;
  /** SPDX ids with the same text, which the text alone cannot tell apart. */
  equivalents: readonly string[];
}

/** What a text licenses, or why it licenses nothing recognisable. */
export type LicenceIdentification =
  | {
      kind: 'licence';
      /** SPDX expression: 'MIT', 'MIT OR Apache-2.0'. */
      spdx: string;
      confidence: number;
      method: IdentificationMethod;
      licences: readonly LicenceMatch[];
      note?: string;
    }
  /**
   * A standard licence text with a clause added or taken out (Facebook's modified MPL, wrk's modified
   * Apache): a different licence, which must not be reported as the standard one.
   */
  | {
      kind: 'modified';
      closest: LicenceMatch;
      /** Word runs (normalised) added inside the licence. */
      added: readonly string[];
      /** Word runs of the standard text left out. */
      removed: readonly string[];
    }
  | {
      kind: 'not-a-licence';
      reason: 'proprietary' | 'empty' | 'copyright-only';
      phrase?: string;
      closest?: LicenceMatch;
    }
  | { kind: 'unrecognised'; closest?: LicenceMatch };

/** Dice at or above this is the same licence text, formatted differently (licensee uses 98). */
const FULL_TEXT_DICE = 0.9;
/** Share of an SPDX text that must be present for it to count as included in a longer file. */
const TEMPLATE_COVERAGE = 0.92;
/** Share of a short text that must come from one SPDX text for it to count as that licence's notice. */
const NOTICE_CONTAINMENT = 0.85;
/** Notices shorter than this (in bigrams) are too short to tell licences apart. */
const NOTICE_MIN_BIGRAMS = 25;
/** A whole SPDX text present in a file it makes most of counts as that licence, however short. */
const SHORT_TEXT_COVERAGE = 0.95;
const SHORT_TEXT_DICE = 0.7;
/** Templates this short appear inside many others; included-text detection ignores them alone. */
const INCLUDED_MIN_BIGRAMS = 40;
/** Below full-text similarity, a text this close to one licence, holding most of it, is that licence modified. */
const MODIFIED_DICE = 0.6;
const MODIFIED_COVERAGE = 0.6;

/** Words that say "you may not reuse this", when no licence text matched (GitHub: "no licence"). */
const PROPRIETARY =
  /\ball rights reserved\b|\bproprietary\b|\bconfidential\b|\bmay not be (?:copied|reproduced|distributed|used|modified)\b|\bwithout (?:the )?(?:prior |express )*written (?:permission|consent)\b|\bno licen[cs]e is (?:hereby )?granted\b|\bnot licen[cs]ed for\b/i;

/** A CC0 statement: "waive copyright … through the CC0 1.0 Universal public domain dedication", 'Creative Commons "No Rights Reserved" (CC0)'. */
const CC0_NAME = /\bCC0\b|\bCC-?Zero\b/i;
const CC0_DEDICATION =
  /\bwaive|\bdedicat|\bpublic domain\b|\bno rights reserved\b|\blicen[cs]ed under\b|\breleased under\b/i;

/** Nothing but copyright notices ("Copyright © 2016 by …", "All rights reserved"): no terms at all. */
const COPYRIGHT_NOTICE_LINE = /^\s*(?:copyright\b|\(c\)|©|all rights reserved\.?\s*$)/i;
const copyrightOnly = (text: string): boolean =>
  text.split('\n').every((line) => line.trim() === '' || COPYRIGHT_NOTICE_LINE.test(line));

const round1 = (x: number): number => Math.round(x * 1000) / 10;

/** Intersection sizes of `query` with every template, via the inverted index. */
function intersections(corpus: LicenceCorpus, query: readonly number[]): Int32Array {
  const counts = new Int32Array(corpus.templates.length);
  for (const b of query) {
    const list = corpus.postings.get(b);
    if (list === undefined) continue;
    for (const t of list) counts[t] = (counts[t] as number) + 1;
  }
  return counts;
}

/**
 * The id to report for a template: non-deprecated, then the shortest (GPL-2.0-only over
 * GPL-2.0-or-later), and a deprecated one only by its current form (wxWindows → LGPL-2.0-or-later WITH
 * WxWindows-exception-3.1). Equivalents never list a deprecated id.
 */
function preferred(
  template: LicenceTemplate,
  corpus: LicenceCorpus,
): { spdx: string; equivalents: string[] } {
  const ids = [template.spdx, ...template.equivalents];
  const rank = (id: string): number => (corpus.byId.get(id)?.deprecated ? 1 : 0);
  ids.sort((a, b) => rank(a) - rank(b) || a.length - b.length || a.localeCompare(b));
  const [first, ...rest] = ids as [string, ...string[]];
  const spdx = rank(first) === 1 ? currentId(first) : first;
  return { spdx, equivalents: rest.filter((id) => rank(id) === 0 && id !== spdx) };
}

function match(
  corpus: LicenceCorpus,
  template: LicenceTemplate,
  score: number,
  orLater = false,
): LicenceMatch {
  const ids = preferred(template, corpus);
  // A GPL-family notice that says "or (at your option) any later version" grants the -or-later licence.
  const later = orLater ? [ids.spdx, ...ids.equivalents].find((id) => id.endsWith('-or-later')) : undefined;
  if (later !== undefined) {
    return {
      spdx: later,
      equivalents: [ids.spdx, ...ids.equivalents].filter((id) => id !== later),
      confidence: round1(score),
    };
  }
  return { ...ids, confidence: round1(score) };
}

/**
 * The SPDX texts themselves, read only to confirm a modification: the prepared index holds their
 * normalised words, and an unmodified licence file never needs more.
 */
let spdxTexts: Record<string, { licenseText?: string } | undefined> | undefined;
function spdxText(id: string): string {
  spdxTexts ??= createRequire(import.meta.url)('spdx-license-list/full.js') as typeof spdxTexts;
  return spdxTexts?.[id]?.licenseText ?? '';
}

/** The file as the standard licence modified, when it adds or takes out a clause. */
function modification(
  corpus: LicenceCorpus,
  template: LicenceTemplate,
  dice: number,
  text: string,
  tokens: readonly string[],
): Extract<LicenceIdentification, { kind: 'modified' }> | undefined {
  // First without the lines that read as copyright notices on either side; a sentence that merely
  // begins "Copyright" (EUPL's "Copyright as stated in Article 6") is then put back before concluding.
  const quick: ComparedText = { tokens, withCopyrightLines: tokens };
  if (licenceChanges(quick, { tokens: template.tokens, withCopyrightLines: template.tokens }) === undefined)
    return undefined;
  const changes = licenceChanges(
    { tokens, withCopyrightLines: licenceTokens(text, true) },
    { tokens: template.tokens, withCopyrightLines: licenceTokens(spdxText(template.spdx), true) },
  );
  if (changes === undefined) return undefined;
  return { kind: 'modified', closest: match(corpus, template, dice), ...changes };
}

interface Scored {
  index: number;
  /** Bigrams shared with the template. */
  shared: number;
  dice: number;
  /** Share of the template in the text. */
  coverage: number;
  /** Share of the text in the template. */
  containment: number;
}

/** Scores against every template sharing a bigram; templates sharing almost nothing are left out. */
function score(corpus: LicenceCorpus, query: readonly number[]): Scored[] {
  const counts = intersections(corpus, query);
  const scored: Scored[] = [];
  for (let i = 0; i < counts.length; i++) {
    const shared = counts[i] as number;
    if (shared === 0) continue;
    const size = (corpus.templates[i] as LicenceTemplate).bigramCount;
    const coverage = shared / size;
    const containment = shared / query.length;
    if (coverage < 0.3 && containment < 0.3) continue;
    scored.push({ index: i, shared, dice: (2 * shared) / (query.length + size), coverage, containment });
  }
  return scored;
}

const best = <T>(items: readonly T[], by: (item: T) => number): T | undefined =>
  items.reduce<T | undefined>(
    (top, item) => (top === undefined || by(item) > by(top) ? item : top),
    undefined,
  );

/**
 * Licence expressions written in the text: "SPDX-License-Identifier: MIT", "MIT OR Apache-2.0".
 * A bare id counts only after "SPDX-License-Identifier:"; otherwise an operator must join two ids,
 * so that the word "MIT" in a sentence is not taken for a licence.
 */
export function expressionsInText(text: string): string[] {
  const found: string[] = [];
  for (const value of spdxTagValues(text)) {
    const parsed = parseExpression(value.startsWith('(') && value.endsWith(')') ? value.slice(1, -1) : value);
    if (parsed) found.push(currentExpression(parsed.expression) ?? parsed.expression);
  }
  // Runs start at a word or a `(`, never inside a word or a run of blanks, and blanks are matched by
  // one quantifier at a time: linear in the text.
  const id = String.raw`[A-Za-z0-9][A-Za-z0-9.+-]*`;
  const operand = String.raw`(?:\(\s*)?${id}(?:\s*\))?`;
  const run = new RegExp(String.raw`(?<![A-Za-z0-9.+-])${operand}(?:\s+(?:OR|AND|WITH)\s+${operand})+`, 'g');
  for (const m of text.matchAll(run)) {
    const parsed = parseExpression(m[0].replace(/[.,;:]$/, ''));
    const expression = parsed ? (currentExpression(parsed.expression) ?? parsed.expression) : undefined;
    if (expression !== undefined && !found.includes(expression)) found.push(expression);
  }
  return found;
}

/** Identifies the licence in one text against the SPDX licence list. Pure; a few ms for a long text. */
export function identifyLicence(text: string): LicenceIdentification {
  if (text.trim() === '') return { kind: 'not-a-licence', reason: 'empty' };
  const corpus = licenceCorpus();
  const tokens = licenceTokens(text);
  const query = bigramKeys(tokens, corpus.vocabulary, false);
  const scored = query.length === 0 ? [] : score(corpus, query);
  const top = best(scored, (s) => s.dice);
  const template = (s: Scored): LicenceTemplate => corpus.templates[s.index] as LicenceTemplate;
  // A full-text match that explains nearly the whole file leaves no room for a second licence text.
  const nothingElse =
    top !== undefined && top.dice >= FULL_TEXT_DICE && query.length - top.shared < INCLUDED_MIN_BIGRAMS;
  const included = nothingElse ? [] : includedTexts(corpus, query, scored);

  if (included.length > 1) {
    const written = expressionsInText(text)
      .map((e) => parseExpression(e))
      .find(
        (p) =>
          p &&
          sameSet(
            p.licences,
            included.map((m) => m.spdx),
          ),
      );
    // Several full texts in one file are usually a choice ("licensed under either of"), unless the file says otherwise.
    const choice = written
      ? written.hasChoice
      : /\beither\b|\bat your (?:option|choice)\b|\bdual[- ]licen[cs]ed\b/i.test(text);
    return {
      kind: 'licence',
      spdx: written?.expression ?? included.map((m) => m.spdx).join(choice ? ' OR ' : ' AND '),
      confidence: Math.min(...included.map((m) => m.confidence)),
      method: 'several-texts',
      licences: included,
    };
  }

  if (top && top.dice >= FULL_TEXT_DICE) {
    const modified = modification(corpus, template(top), top.dice, text, tokens);
    if (modified) return modified;
    const m = match(corpus, template(top), top.dice);
    return { kind: 'licence', spdx: m.spdx, confidence: m.confidence, method: 'full-text', licences: [m] };
  }

  // A short licence (a few sentences) with a title and a line of its own: all of it is there, and it is most of the file.
  const short = best(
    scored.filter((s) => s.coverage >= SHORT_TEXT_COVERAGE && s.dice >= SHORT_TEXT_DICE),
    (s) => s.dice,
  );
  const [only] = included.length > 0 ? included : short ? [match(corpus, template(short), short.dice)] : [];
  if (only) {
    return {
      kind: 'licence',
      spdx: only.spdx,
      confidence: only.confidence,
      method: 'full-text-with-extra',
      licences: [only],
      note: 'The file holds the licence text and other material.',
    };
  }

  if (top && top.dice >= MODIFIED_DICE && top.coverage >= MODIFIED_COVERAGE) {
    const modified = modification(corpus, template(top), top.dice, text, tokens);
    if (modified) return modified;
  }

  const notice = noticeOf(corpus, query, tokens, scored);
  if (notice) {
    const m = match(corpus, template(notice), notice.containment * 0.8, /\bany later version\b/i.test(text));
    return {
      kind: 'licence',
      spdx: m.spdx,
      confidence: m.confidence,
      method: 'notice',
      licences: [m],
      note: `Only a licence notice, not the full text of ${m.spdx}.`,
    };
  }

  const [written] = expressionsInText(text);
  if (written !== undefined) {
    const parsed = parseExpression(written);
    const licences = (parsed?.licences ?? []).map((spdx) => ({ spdx, confidence: 50, equivalents: [] }));
    return {
      kind: 'licence',
      spdx: written,
      confidence: 50,
      method: 'identifier',
      licences,
      note: 'The file names the licence but does not contain its text.',
    };
  }

  const dedication = CC0_DEDICATION.test(text) && CC0_NAME.test(text);
  if (dedication) {
    return {
      kind: 'licence',
      spdx: 'CC0-1.0',
      confidence: 40,
      method: 'identifier',
      licences: [{ spdx: 'CC0-1.0', confidence: 40, equivalents: [] }],
      note: 'The file dedicates the work under CC0 but does not contain the CC0-1.0 text.',
    };
  }

  const named = namedLicences(text);
  if (named !== undefined) {
    return {
      kind: 'licence',
      spdx: named.spdx,
      confidence: 40,
      method: 'identifier',
      licences: named.licences.map((spdx) => ({ spdx, confidence: 40, equivalents: [] })),
      note: 'The file names the licence but does not contain its text.',
    };
  }

  const closest = top ? match(corpus, template(top), top.dice) : undefined;
  const proprietary = PROPRIETARY.exec(text);
  if (proprietary)
    return {
      kind: 'not-a-licence',
      reason: 'proprietary',
      phrase: proprietary[0],
      ...(closest ? { closest } : {}),
    };
  if (tokens.length === 0 || copyrightOnly(text))
    return { kind: 'not-a-licence', reason: 'copyright-only', ...(closest ? { closest } : {}) };
  return { kind: 'unrecognised', ...(closest ? { closest } : {}) };
}

/**
 * The licence whose text holds a short notice. Several SPDX texts quote the same notice (FSL-1.1-ALv2
 * quotes Apache-2.0's), so among near-equal candidates the OSI-approved, non-deprecated one wins.
 */
function noticeOf(
  corpus: LicenceCorpus,
  query: readonly number[],
  queryTokens: readonly string[],
  scored: readonly Scored[],
): Scored | undefined {
  if (query.length < NOTICE_MIN_BIGRAMS) return undefined;
  const candidates = scored.filter((s) => s.containment >= NOTICE_CONTAINMENT && s.coverage < 0.5);
  const topContainment = Math.max(0, ...candidates.map((s) => s.containment));
  const rank = (s: Scored): number => {
    const t = corpus.templates[s.index] as LicenceTemplate;
    return (t.osiApproved ? 2 : 0) + (t.deprecated ? 0 : 1) + s.dice;
  };
  const near = candidates.filter((s) => s.containment >= topContainment - 0.005);
  // Bigram sets ignore word order: AGPL-3.0 holds every bigram of the GPL-3.0 notice, but not its 5-word runs.
  const queryRuns = shingles(queryTokens, 5);
  const inOrder = (s: Scored): number => {
    const runs = templateShingles(corpus.templates[s.index] as LicenceTemplate);
    let n = 0;
    for (const r of queryRuns) if (runs.has(r)) n++;
    return n / Math.max(1, queryRuns.size);
  };
  const bestInOrder = Math.max(0, ...near.map(inOrder));
  return best(
    near.filter((s) => inOrder(s) >= bestInOrder - 0.005),
    rank,
  );
}

function shingles(tokens: readonly string[], n: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + n <= tokens.length; i++) out.add(tokens.slice(i, i + n).join(' '));
  if (out.size === 0 && tokens.length > 0) out.add(tokens.join(' '));
  return out;
}

const shingleCache = new WeakMap<LicenceTemplate, Set<string>>();
function templateShingles(t: LicenceTemplate): Set<string> {
  let runs = shingleCache.get(t);
  if (!runs) shingleCache.set(t, (runs = shingles(t.tokens, 5)));
  return runs;
}

/**
 * "released under the MIT License", "available under the terms of the Open Government Licence v3.0".
 * A dot inside a version (EUPL-1.2, LGPL v2.1) is part of the name; one before a space or the end
 * closes the sentence. Bounded: at most 80 characters from each "under".
 */
const NAMED_LICENCE =
  /\b(?:released|licen[cs]ed|available|distributed|published)\s+under\s+(?:the\s+)?(?:terms\s+of\s+(?:the\s+)?)?(?<name>(?:[^.;:\n()]|\.(?=\d)){2,80}?)(?=\s*(?:[;:\n(,]|\.(?!\d)|$))/gi;

/** "…version 2, or (at your option) any later version", "GPL-2.0+", "v3 or later" just after a name. */
const OR_LATER = /^\s*(?:\+|,?\s*or\s+(?:\(at\s+your\s+option\)\s+)?(?:any\s+)?later\b)/i;

/** "either of", "either of the following licences": the names follow as a list. */
const EITHER_OF = /^either(?:\s+of)?(?:\s+the)?(?:\s+following)?(?:\s+licen[cs]es)?$/i;
/** A list item: "* Apache License, Version 2.0 (LICENSE-APACHE or https://…)". */
const LIST_ITEM = /^[ \t]*(?:[*+-]|\d{1,2}[.)])[ \t]+(?<name>[^\n(]{2,80})/;

/**
 * The licence names one statement gives: the name after "under" when it is one, else its parts
 * ("MIT or Apache 2.0", "MIT and the OGL"), else, after "under either of", the list that follows.
 */
function licenceNames(name: string, following: string): string[] {
  if (idForName(name) !== undefined) return [name];
  if (EITHER_OF.test(name.trim())) {
    const names: string[] = [];
    for (const line of following.split('\n').slice(1)) {
      // Blank lines before and between the items (a loose markdown list); the first other line ends it.
      if (line.trim() === '') continue;
      const item = LIST_ITEM.exec(line);
      if (!item) break;
      names.push(groups(item, 'name').name.replace(/[\s,;:]+$/, ''));
    }
    return names;
  }
  return name
    .replace(/^either\s+/i, '')
    .split(/\s+(?:or|and)\s+|\s*[,/]\s*/i)
    .map((part) => part.replace(/^the\s+/i, ''));
}

/** Licences a statement names in words, when the file holds no licence text. */
function namedLicences(text: string): { spdx: string; licences: string[] } | undefined {
  const licences: string[] = [];
  // "under MIT or Apache 2.0", "under MIT/Apache-2.0" offers a choice in its own words.
  let offered = false;
  for (const m of text.matchAll(NAMED_LICENCE)) {
    const end = (m.index ?? 0) + m[0].length;
    const after = text.slice(end, end + 60);
    const { name: statement } = groups(m, 'name');
    const names = licenceNames(statement, text.slice(end, end + 600));
    if (names.length > 1 && /\sor\s|\//i.test(statement)) offered = true;
    for (const name of names) {
      const id = idForName(name, OR_LATER.test(after));
      if (id !== undefined && !licences.includes(id)) licences.push(id);
    }
  }
  if (licences.length === 0) return undefined;
  // "Code under MIT, documentation under the OGL" is both at once; "either … or" is a choice.
  const choice = offered || /\beither\b|\bat your (?:option|choice)\b/i.test(text);
  return { spdx: licences.join(choice ? ' OR ' : ' AND '), licences };
}

/**
 * SPDX texts wholly present in the text (coverage of the template), chosen greedily: each next one
 * must explain a good part of what the ones before leave, so that BSD-2-Clause is not also found
 * inside BSD-3-Clause.
 */
function includedTexts(
  corpus: LicenceCorpus,
  query: readonly number[],
  scored: readonly Scored[],
): LicenceMatch[] {
  const found: LicenceMatch[] = [];
  const present = scored.filter(
    (s) =>
      s.coverage >= TEMPLATE_COVERAGE &&
      (corpus.templates[s.index] as LicenceTemplate).bigramCount >= INCLUDED_MIN_BIGRAMS,
  );
  const explained = new Set<number>();
  const picked = new Set<number>();
  for (let round = 0; round < 4; round++) {
    let pick: { s: Scored; fresh: number } | undefined;
    for (const s of present) {
      const t = corpus.templates[s.index] as LicenceTemplate;
      if (picked.has(s.index) || found.some((m) => m.spdx === t.spdx || m.equivalents.includes(t.spdx)))
        continue;
      let fresh = t.bigrams.length;
      if (round > 0) for (const b of t.bigrams) if (explained.has(b)) fresh--;
      if (round > 0 && fresh < 0.3 * t.bigrams.length) continue;
      // The most completely present text first; among equals, the one that explains most.
      const better =
        !pick ||
        s.coverage > pick.s.coverage + 0.005 ||
        (s.coverage > pick.s.coverage - 0.005 && fresh > pick.fresh);
      if (better) pick = { s, fresh };
    }
    if (!pick) break;
    const t = corpus.templates[pick.s.index] as LicenceTemplate;
    picked.add(pick.s.index);
    found.push(match(corpus, t, pick.s.coverage));
    for (const b of t.bigrams) explained.add(b);
    let left = 0;
    for (const b of query) if (!explained.has(b)) left++;
    if (left < INCLUDED_MIN_BIGRAMS) break;
  }
  return found;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const norm = (xs: readonly string[]): string =>
    [...new Set(xs.map((x) => x.toLowerCase()))].sort().join(' ');
  return norm(a) === norm(b);
}
