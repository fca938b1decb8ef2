/**
 * Licence text normalisation after the SPDX Matching Guidelines
 * (https://spdx.github.io/spdx-spec/v2.3/license-matching-guidelines-and-templates/): case,
 * whitespace, punctuation, bullets and numbering, quotes, copyright notices, markdown, varietal
 * spelling ("licence"/"license") and http/https are not significant. The same function runs on the
 * SPDX texts and on a repository's file, so any mapping only has to be deterministic.
 */

/**
 * Varietal spellings (SPDX matching guidelines, "varietal word spelling"; equivalentwords.txt in
 * spdx/license-list-XML), each
 * mapped to one form. Generic -ise/-ize and -our/-or endings are handled by rules below.
 */
const EQUIVALENT_WORDS: ReadonlyMap<string, string> = new Map([
  ['licence', 'license'],
  ['licences', 'licenses'],
  ['licenced', 'licensed'],
  ['licencee', 'licensee'],
  ['licencees', 'licensees'],
  ['licencing', 'licensing'],
  ['licencor', 'licensor'],
  ['licencors', 'licensors'],
  ['sublicence', 'sublicense'],
  ['sublicences', 'sublicenses'],
  ['acknowledgement', 'acknowledgment'],
  ['acknowledgements', 'acknowledgments'],
  ['analogue', 'analog'],
  ['cancelled', 'canceled'],
  ['catalogue', 'catalog'],
  ['centre', 'center'],
  ['cheque', 'check'],
  ['fulfil', 'fulfill'],
  ['fulfilment', 'fulfillment'],
  ['judgement', 'judgment'],
  ['labelled', 'labeled'],
  ['labelling', 'labeling'],
  ['modelled', 'modeled'],
  ['offence', 'offense'],
  ['practise', 'practice'],
  ['programme', 'program'],
  ['programmes', 'programs'],
  ['travelled', 'traveled'],
  ['whilst', 'while'],
  ['wilful', 'willful'],
]);

/** Words ending in -our that are not British spellings of -or (four, hour, your…). */
const OUR_KEEP = new Set([
  'our',
  'four',
  'hour',
  'your',
  'pour',
  'tour',
  'sour',
  'flour',
  'detour',
  'devour',
  'contour',
]);

/**
 * A copyright statement: "Copyright (c) 2024 …", "© Crown copyright 2020", "Crown Copyright …",
 * "Copyright <year> <owner>", "Copyright The Foo Authors", but not a wrapped line of licence text
 * that begins "copyright notice, this list of conditions" (the SPDX matching
 * guidelines ignore only the copyright notice itself).
 */
const COPYRIGHT_LINE =
  /^[#>*_\s]*(?:©|\(c\)|crown\s+copyright\b|copyright\b(?!\s*(?:[,;:.]|notices?\b|holders?\b|owners?\b|licen[cs]e\b|laws?\b|statements?\b|and\b|or\b|protection\b|interests?\b|in\b|of\b|to\b|is\b|on\b|for\b|rights?\b|by\b|will\b|shall\b|act\b|$)))/i;

/** "All rights reserved." alone on a line belongs to the copyright notice before it. */
const RIGHTS_RESERVED_LINE = /^\s*all\s+rights\s+reserved\.?\s*$/i;

/** List markers: "1.", "(a)", "iv)", "•", "-", "*" (SPDX matching guidelines, "bullets and numbering"). */
const LIST_MARKER =
  /^(?:\(?(?:\d{1,3}|[a-z]|[ivx]{1,5})[.)]|\((?:\d{1,3}|[a-z]|[ivx]{1,5})\)|[-*+•·▪◦‣–—])$/i;

/** Placeholders in SPDX texts: <year>, <copyright holders>, [yyyy], [name of copyright owner]. */
const PLACEHOLDER = /<[^<>\n]{1,60}>|\[[^[\]\n]{1,60}\]/g;

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  nbsp: ' ',
  copy: '©',
};

/** Removes markdown that does not change what a licence says (headings, emphasis, links, rules). */
function stripMarkdown(line: string): string {
  // No bracket inside a link's text or target: each `[` then starts a scan that stops at the next one,
  // so a line of 100,000 brackets is read once rather than once per bracket.
  return line
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?)/, '')
    .replace(/^\s*(?:[-*_=]\s*){3,}$/, '')
    .replace(/!?\[([^[\]]*)\]\(([^)\s[\]]*)\)/g, '$1 $2')
    .replace(/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?>/gi, ' ')
    .replace(/(\*\*|__|\*|`+|~~)/g, ' ');
}

/**
 * Normalised word tokens of a licence text. `keepCopyrightLines` keeps lines that read as copyright
 * notices, for comparisons that must not lose a sentence that merely begins with "Copyright".
 */
export function licenceTokens(text: string, keepCopyrightLines = false): string[] {
  const lines = text
    .replace(/&(\w+);/g, (whole, name: string) => HTML_ENTITIES[name.toLowerCase()] ?? whole)
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const kept: string[] = [];
  for (const raw of lines) {
    const line = stripMarkdown(raw);
    if (!keepCopyrightLines && (COPYRIGHT_LINE.test(line) || RIGHTS_RESERVED_LINE.test(line))) continue;
    kept.push(line);
  }
  const body = kept
    .join('\n')
    .replace(PLACEHOLDER, ' ')
    .toLowerCase()
    .replace(/https?:\/\//g, 'http://')
    .replace(/©/g, ' copyright ')
    .replace(/&/g, ' and ');
  const tokens: string[] = [];
  for (const chunk of body.split(/\s+/)) {
    if (chunk === '' || LIST_MARKER.test(chunk)) continue;
    for (const word of chunk.split(/[^a-z0-9]+/)) {
      if (word === '') continue;
      tokens.push(canonicalWord(word));
    }
  }
  return tokens;
}

function canonicalWord(word: string): string {
  const listed = EQUIVALENT_WORDS.get(word);
  if (listed !== undefined) return listed;
  if (word.length > 5 && /is(e|es|ed|ing|ation|ations|er|ers)$/.test(word))
    return word.replace(/is(e|es|ed|ing|ation|ations|er|ers)$/, 'iz$1');
  if (word.length > 4 && word.endsWith('our') && !OUR_KEEP.has(word)) return word.slice(0, -3) + 'or';
  if (word.length > 5 && word.endsWith('ours') && !OUR_KEEP.has(word.slice(0, -1)))
    return word.slice(0, -4) + 'ors';
  return word;
}
