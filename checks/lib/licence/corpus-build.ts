import spdxDeprecated from 'spdx-license-ids/deprecated.json' with { type: 'json' };
import spdxFull from 'spdx-license-list/full.js';
import { bigramKeys, type LicenceCorpus, type LicenceTemplate } from './corpus.js';
import { licenceTokens } from './normalise.js';

/**
 * Builds the licence corpus from spdx-license-list's 727 texts: about two seconds of CPU, so the
 * build prepares it once (scripts/build.mjs, corpus-encoding.ts) and the sources build it on first use.
 */

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

/**
 * Creative Commons licences begin with CC's own notice ("Creative Commons Corporation is not a law
 * firm…", considerations for licensors) and end with another ("Creative Commons is not a party to its
 * public licenses…"); neither is part of the licence, and many files leave both out. Returns the
 * licence from its title to its last section, or undefined for other texts.
 */
function creativeCommonsBody(tokens: readonly string[]): string[] | undefined {
  const text = tokens.join(' ');
  const grant = text.indexOf(' by exercizing the licensed rights defined below');
  const notice = text.indexOf('creative commons corporation creative commons is not a law firm');
  if (notice < 0 || notice > 100 || grant < 0) return undefined;
  const title = text.lastIndexOf('creative commons', grant);
  const trailer = text.indexOf(' creative commons is not a party to its public licenses', grant);
  const body = text.slice(title, trailer < 0 ? undefined : trailer).trim();
  return body.length < text.length ? body.split(' ') : undefined;
}

/** LGPL-3.0 as SPDX holds it is the LGPL's additional permissions, then the whole GPL-3.0 text. */
function lesserPermissions(text: string): string | undefined {
  const gpl = text.indexOf('GNU GENERAL PUBLIC LICENSE');
  return /^\s*GNU LESSER GENERAL PUBLIC LICENSE\s+Version 3/.test(text) && gpl > 0
    ? text.slice(0, gpl)
    : undefined;
}

export function buildCorpus(): LicenceCorpus {
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
    const lesser = lesserPermissions(entry.licenseText);
    const parts = [
      end === undefined ? undefined : tokens.slice(0, end),
      lesser === undefined ? undefined : licenceTokens(lesser),
      creativeCommonsBody(tokens),
    ];
    for (const body of parts) {
      if (body === undefined) continue;
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
    bigramCount: r.bigrams.length,
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
  return {
    templates,
    byId: new Map(templates.filter((t) => !t.withoutAppendix).map((t) => [t.spdx, t])),
    postings,
    vocabulary,
  };
}
