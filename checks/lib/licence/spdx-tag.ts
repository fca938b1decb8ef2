/**
 * Values of `SPDX-License-Identifier:` tags, found in one pass. A tag's value runs to the end of its
 * line, or to the comment's end (`*\/`, `-->`, or another terminator) when one comes first; a value
 * that meets a `*` that does not close a comment is no value, and a tag inside a value is part of it. Every search resumes where the last
 * one ended, so a line of 40,000 tags is read once, not once per tag.
 */
export function spdxTagValues(
  text: string,
  options: { first?: boolean; terminators?: readonly string[] } = {},
): string[] {
  const terminators = options.terminators ?? ['*/', '-->'];
  const out: string[] = [];
  const next = new Map<string, number>();
  // The next occurrence of `needle` at or after `from`; -1 as "none up to the end" is remembered.
  const after = (needle: string, from: number): number => {
    const known = next.get(needle);
    if (known !== undefined && (known === -1 || known >= from)) return known === -1 ? Infinity : known;
    const found = text.indexOf(needle, from);
    next.set(needle, found);
    return found === -1 ? Infinity : found;
  };
  const lineEnd = (from: number): number =>
    Math.min(after('\n', from), after('\r', from), after('\u2028', from), after('\u2029', from));
  const tag = /SPDX-License-Identifier:/gi;
  for (let m = tag.exec(text); m !== null; m = tag.exec(text)) {
    const start = m.index + m[0].length;
    const end = lineEnd(start);
    let cut = end;
    for (const t of terminators) cut = Math.min(cut, after(t, start));
    const star = after('*', start);
    if (star < cut) continue; // a `*` inside the value: not a tag this reads
    const value = text.slice(start, Math.min(cut, text.length)).trim();
    if (value === '') continue;
    out.push(value);
    if (options.first) break;
    tag.lastIndex = Math.min(cut, text.length); // a tag inside this value is part of it
  }
  return out;
}
