/**
 * A deterministic measure of the work a parser does, for size-ladder tests: no clock. While
 * {@link countWork} runs, every regular-expression execution is counted by the characters it must at
 * least visit (from where it starts to the end of its match, or to the end of the input when it fails;
 * one for a failed sticky attempt), plus one per call. `String.prototype.match`, `replace`, `split`,
 * `matchAll` and `RegExp.prototype.test` all go through `RegExp.prototype.exec` once it is replaced, so
 * this counts them too. A parser that rescans its input per line, per token or per position counts
 * quadratically; backtracking inside one execution is bounded by regex-worst-cases.test.ts.
 */
const originalExec = RegExp.prototype.exec;

export function countWork(work: () => unknown): number {
  let steps = 0;
  const exec = function (this: RegExp, input: string): RegExpExecArray | null {
    const text = String(input);
    const start = this.global || this.sticky ? this.lastIndex : 0;
    const match = originalExec.call(this, text);
    steps += 1;
    if (match) steps += match.index + match[0].length - start;
    else steps += this.sticky ? 1 : Math.max(0, text.length - start);
    return match;
  };
  RegExp.prototype.exec = exec;
  try {
    work();
  } finally {
    RegExp.prototype.exec = originalExec;
  }
  return steps;
}

/** Sizes n, 2n, 4n, 8n. */
export const LADDER = [500, 1_000, 2_000, 4_000] as const;

/** The largest ratio of work between successive rungs: about 2 for linear work, about 4 for quadratic. */
export function worstDoublingRatio(make: (n: number) => string, parse: (text: string) => unknown): number {
  const steps = LADDER.map((n) => {
    const text = make(n);
    return Math.max(
      1,
      countWork(() => parse(text)),
    );
  });
  let worst = 0;
  for (let i = 1; i < steps.length; i++) worst = Math.max(worst, steps[i]! / steps[i - 1]!);
  return worst;
}
