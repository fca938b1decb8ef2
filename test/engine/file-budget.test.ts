import { describe, expect, it } from 'vitest';
import {
  BudgetExceeded,
  FILE_BUDGET,
  FILE_BUDGET_EXCEEDED,
  FileBudget,
  withinFileBudget,
} from '../../src/engine/file-budget.js';

/** The per-file budget's own arithmetic: each limit is reached exactly, not a step early or late. */

/** A clock that says what the test sets. */
function manualClock(): { now: number; read: () => number } {
  const clock = { now: 0, read: () => clock.now };
  return clock;
}

describe('FileBudget', () => {
  it('allows exactly its steps, one unit per step by default, and throws on the next', () => {
    const budget = new FileBudget('a.txt', { steps: 3, ms: 1000 }, () => 0);
    budget.step();
    budget.step();
    budget.step();
    let thrown: unknown;
    try {
      budget.step();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BudgetExceeded);
    expect(thrown).toMatchObject({
      name: 'BudgetExceeded',
      path: 'a.txt',
      limit: '3 steps',
      message: 'a.txt: more work than its budget of 3 steps',
    });
  });

  it('sums the units of every step', () => {
    const budget = new FileBudget('a.txt', { steps: 1500, ms: 1000 }, () => 0);
    budget.step(1000);
    budget.step(500);
    expect(() => budget.step(1)).toThrow('a.txt: more work than its budget of 1,500 steps');
  });

  it('times out only once the clock is past the deadline, which is counted from the start', () => {
    const clock = manualClock();
    clock.now = 100;
    const budget = new FileBudget('b.txt', { steps: 1000, ms: 1500 }, clock.read);
    clock.now = 1600;
    budget.step();
    clock.now = 1601;
    expect(() => budget.step()).toThrow(new BudgetExceeded('b.txt', '1.5 s'));
  });

  it('reads the real clock when none is given', async () => {
    const result = await withinFileBudget(
      'c.txt',
      (budget) => {
        const start = performance.now();
        while (performance.now() <= start + 2) {
          // Wait for the clock to pass a deadline of zero milliseconds.
        }
        budget.step();
        return 'finished';
      },
      { steps: 1000, ms: 0 },
    );
    expect(result).toEqual({
      ok: false,
      finding: {
        status: 'unknown',
        messageId: FILE_BUDGET_EXCEEDED,
        data: { path: 'c.txt', limit: '0 s' },
        location: { path: 'c.txt' },
        evidence: { budget: '0 s' },
      },
    });
  });

  it('has generous default limits', () => {
    expect(FILE_BUDGET).toEqual({ steps: 200_000_000, ms: 10_000 });
    expect(FILE_BUDGET_EXCEEDED).toBe('fileBudgetExceeded');
  });
});

describe('withinFileBudget', () => {
  it('returns the work of a file within its budget', async () => {
    expect(await withinFileBudget('d.txt', (budget) => (budget.step(5), 42))).toEqual({
      ok: true,
      value: 42,
    });
    expect(await withinFileBudget('d.txt', () => Promise.resolve('later'))).toEqual({
      ok: true,
      value: 'later',
    });
  });

  it('gives each call a fresh budget under the limits it is given', async () => {
    const limits = { steps: 10, ms: 1000 };
    const spend = (units: number) =>
      withinFileBudget(
        'e.txt',
        (b) => b.step(units),
        limits,
        () => 0,
      );
    expect(await spend(10)).toEqual({ ok: true, value: undefined });
    expect(await spend(10)).toEqual({ ok: true, value: undefined });
    expect(await spend(11)).toMatchObject({
      ok: false,
      finding: { data: { path: 'e.txt', limit: '10 steps' } },
    });
  });

  it('lets any other error through: it is the processor’s own defect', async () => {
    await expect(
      withinFileBudget('f.txt', () => {
        throw new RangeError('parser defect');
      }),
    ).rejects.toThrow(new RangeError('parser defect'));
  });
});
