/** A match's named groups: the listed ones are strings, any other may not have taken part. */
export type Groups<K extends string> = Readonly<Record<K, string>> &
  Readonly<Partial<Record<string, string>>>;

/**
 * The named groups of a match. TypeScript types every group as possibly absent; list the ones the
 * pattern always fills and they come back as strings. A listed group that did not take part is a bug
 * in the pattern, so it throws rather than hand back a wrong ''.
 */
export function groups<const K extends string>(
  match: RegExpExecArray | RegExpMatchArray,
  ...always: readonly K[]
): Groups<K> {
  const found: Partial<Record<string, string>> = match.groups ?? {};
  for (const name of always)
    if (typeof found[name] !== 'string') throw new Error(`group "${name}" did not take part in the match`);
  return found as Groups<K>;
}

/** A string in double or single quotes, its text in the group `double` or `single`. */
export const QUOTED = `(?:"(?<double>[^"]*)"|'(?<single>[^']*)')`;

/** The text of the {@link QUOTED} string in a match: whichever quotes it had. */
export function quoted(match: RegExpExecArray | RegExpMatchArray): string {
  const { double, single } = groups(match);
  const text = double ?? single;
  if (text === undefined) throw new Error('no quoted string took part in the match');
  return text;
}
