import type { CheckFinding } from './check.js';

/**
 * A budget for the work one check does on one file. The regular expressions on repository text are
 * linear, but a parser, a validator or a rule added later may not be: a file that exhausts its budget
 * is `unknown` for that check, with a finding naming it, and the rest of the audit goes on. Work is
 * counted cooperatively: the per-file code calls {@link FileBudget.step} as it goes (per line, per
 * node, per rule), and each call also reads the clock. Limits are generous: no real file comes near.
 */
export interface FileBudgetLimits {
  /** Units of work (characters scanned, nodes visited…), summed over one file. */
  steps: number;
  /** Milliseconds from the budget's start. */
  ms: number;
}

export const FILE_BUDGET: FileBudgetLimits = { steps: 200_000_000, ms: 10_000 };

/** The engine's message for a file that exhausted its budget (see ENGINE_MESSAGES in run.ts). */
export const FILE_BUDGET_EXCEEDED = 'fileBudgetExceeded';

export class BudgetExceeded extends Error {
  constructor(
    readonly path: string,
    readonly limit: string,
  ) {
    super(`${path}: more work than its budget of ${limit}`);
    this.name = 'BudgetExceeded';
  }
}

export class FileBudget {
  private spent = 0;
  private readonly deadline: number;

  constructor(
    readonly path: string,
    private readonly limits: FileBudgetLimits = FILE_BUDGET,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.deadline = clock() + limits.ms;
  }

  /** Counts `units` of work; throws {@link BudgetExceeded} past the step or time limit. */
  step(units = 1): void {
    this.spent += units;
    if (this.spent > this.limits.steps)
      throw new BudgetExceeded(this.path, `${this.limits.steps.toLocaleString('en-GB')} steps`);
    if (this.clock() > this.deadline)
      throw new BudgetExceeded(this.path, `${(this.limits.ms / 1000).toLocaleString('en-GB')} s`);
  }
}

export type Budgeted<T> = { ok: true; value: T } | { ok: false; finding: CheckFinding<never> };

/**
 * Runs one file's work within a fresh budget. A budget exceeded becomes an `unknown` finding at the
 * file; any other error is the check's own and propagates (the engine reports it as a check error).
 */
export async function withinFileBudget<T>(
  path: string,
  work: (budget: FileBudget) => T | Promise<T>,
  limits: FileBudgetLimits = FILE_BUDGET,
  clock?: () => number,
): Promise<Budgeted<T>> {
  const budget = new FileBudget(path, limits, clock);
  try {
    return { ok: true, value: await work(budget) };
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    return {
      ok: false,
      finding: {
        status: 'unknown',
        messageId: FILE_BUDGET_EXCEEDED as never,
        data: { path, limit: error.limit },
        location: { path },
        evidence: { budget: error.limit },
      },
    };
  }
}
