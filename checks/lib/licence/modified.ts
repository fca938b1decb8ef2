/**
 * What a licence file changes in the standard text it is closest to: runs of words it adds inside the
 * licence, and runs of the licence it leaves out. A title before the licence, a trailing note after it,
 * copyright lines and the SPDX optional appendix are not changes; an added clause ("you must attribute
 * Foundation Center in any commercial use"), a struck-out sentence, or a changed grant are.
 */

/** Word runs this long are compared in order; shorter coincidences do not count as shared text. */
const RUN = 5;
/** An added run must be at least this long, and say something binding, to be a modification. */
const MIN_ADDED = 10;
/** A removed run of the standard text must be at least this long to be a modification. */
const MIN_REMOVED = 10;
/** Added words that make a run a term of the licence rather than a name or a note. */
const BINDING =
  /\b(?:must|shall|may|will|grant(?:s|ed)?|terminat\w*|permi\w*|prohibit\w*|requir\w*|restrict\w*|agree\w*|patent\w*|warrant\w*|liab\w*|notwithstanding|except\w*|provided|conditions?|attribut\w*|commercial|cite|citation|pay\w*|fee)\b/;
/** Where a licence's terms end; what follows ("How to apply these terms") is instructions, not terms. */
const END_OF_TERMS = 'end of terms and conditions';

export interface LicenceChanges {
  /** Word runs (normalised, lower case) the file adds inside the licence text. */
  added: string[];
  /** Word runs of the standard text the file does not have. */
  removed: string[];
}

function runs(tokens: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + RUN <= tokens.length; i++) out.add(tokens.slice(i, i + RUN).join(' '));
  return out;
}

/** Stretches of `tokens` not covered by any run shared with `others`, between the first and last shared word. */
function uncovered(
  tokens: readonly string[],
  ...others: ReadonlySet<string>[]
): { at: number; words: string[] }[] {
  const covered = new Uint8Array(tokens.length);
  for (let i = 0; i + RUN <= tokens.length; i++) {
    const run = tokens.slice(i, i + RUN).join(' ');
    if (others.some((o) => o.has(run))) covered.fill(1, i, i + RUN);
  }
  const first = covered.indexOf(1);
  const last = covered.lastIndexOf(1);
  const out: { at: number; words: string[] }[] = [];
  if (first < 0) return out;
  let current: string[] = [];
  for (let i = first; i <= last; i++) {
    if (covered[i] === 0) current.push(tokens[i] as string);
    else if (current.length > 0) {
      out.push({ at: i - current.length, words: current });
      current = [];
    }
  }
  return out;
}

/** A text's normalised words, and the same with the lines that read as copyright notices kept. */
export interface ComparedText {
  tokens: readonly string[];
  /** licenceTokens(text, true): a sentence that only begins with "Copyright" is not lost on one side. */
  withCopyrightLines: readonly string[];
}

/**
 * The substantive differences between a file and a standard licence text, or undefined when there
 * are none (the file is the standard text, however formatted).
 */
export function licenceChanges(file: ComparedText, standard: ComparedText): LicenceChanges | undefined {
  const endOfTerms = file.tokens.join(' ').lastIndexOf(END_OF_TERMS);
  const termsEnd =
    endOfTerms < 0 ? file.tokens.length : file.tokens.join(' ').slice(0, endOfTerms).split(' ').length;
  const added = uncovered(file.tokens, runs(standard.tokens), runs(standard.withCopyrightLines))
    .filter((r) => r.at < termsEnd && r.words.length >= MIN_ADDED && BINDING.test(r.words.join(' ')))
    .map((r) => r.words.join(' '));
  const removed = uncovered(standard.tokens, runs(file.tokens), runs(file.withCopyrightLines))
    .filter((r) => r.words.length >= MIN_REMOVED)
    .map((r) => r.words.join(' '));
  return added.length > 0 || removed.length > 0 ? { added, removed } : undefined;
}
