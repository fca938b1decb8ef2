import eolJson from '../data/eol.json' with { type: 'json' };

/** checks/data/eol.json: end-of-life dates per runtime release cycle, from endoflife.date. */
export interface EolData {
  source: string;
  /** When the dates were fetched (YYYY-MM-DD). */
  retrieved: string;
  note?: string;
  products: Record<string, { api: string; cycles: EolCycle[] }>;
}

export interface EolCycle {
  cycle: string;
  /** Date support ends; `true` when ended on an unrecorded date; `false` when no end is announced. */
  eol: string | boolean;
  lts?: boolean;
}

/** Runtimes the data covers, keyed as in eol.json. */
export type Runtime = 'nodejs' | 'python' | 'java' | 'dotnet' | 'dotnetfx' | 'ruby' | 'go' | 'php';

export const EOL_DATA: EolData = eolJson as EolData;

/** Numeric comparison of dotted cycles ("3.10" > "3.9"). */
export function compareCycles(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export type CycleStatus =
  | { kind: 'supported'; eol: string | false }
  | { kind: 'ending'; eol: string }
  | { kind: 'ended'; eol: string | true }
  /** Not in the data, but older than a release whose support has ended, with none supported below it. */
  | { kind: 'unlisted-ended'; after: string; eol: string | true }
  | { kind: 'newer' }
  | { kind: 'unknown' };

/** Months before end of life from which a runtime is flagged as ending soon. */
export const WARN_MONTHS = 6;

/** Where a release cycle stands on `now`, per the data. */
export function cycleStatus(
  runtime: Runtime,
  cycle: string,
  now: Date,
  data: EolData = EOL_DATA,
): CycleStatus {
  const cycles = data.products[runtime]?.cycles ?? [];
  const found = cycles.find((c) => compareCycles(c.cycle, cycle) === 0);
  if (!found) {
    // A release newer than every cycle in the data cannot have reached its end yet.
    const newest = cycles
      .map((c) => c.cycle)
      .sort(compareCycles)
      .at(-1);
    if (newest !== undefined && compareCycles(cycle, newest) > 0) return { kind: 'newer' };
    // Bracketed by ended releases (or older than the oldest, ended one): PHP 5.5, Python 3.1, Node.js 5.
    const ended = (c: EolCycle): boolean =>
      c.eol === true || (typeof c.eol === 'string' && c.eol <= now.toISOString().slice(0, 10));
    const above = cycles
      .filter((c) => compareCycles(c.cycle, cycle) > 0)
      .sort((a, b) => compareCycles(a.cycle, b.cycle))[0];
    const below = cycles
      .filter((c) => compareCycles(c.cycle, cycle) < 0)
      .sort((a, b) => compareCycles(b.cycle, a.cycle))[0];
    if (above !== undefined && ended(above) && (below === undefined || ended(below)))
      return { kind: 'unlisted-ended', after: above.cycle, eol: above.eol as string | true };
    return { kind: 'unknown' };
  }
  if (found.eol === true) return { kind: 'ended', eol: true };
  if (found.eol === false) return { kind: 'supported', eol: false };
  const eol = new Date(`${found.eol}T00:00:00Z`);
  if (eol.getTime() <= now.getTime()) return { kind: 'ended', eol: found.eol };
  const warnFrom = new Date(now.getTime());
  warnFrom.setUTCMonth(warnFrom.getUTCMonth() + WARN_MONTHS);
  return eol.getTime() <= warnFrom.getTime()
    ? { kind: 'ending', eol: found.eol }
    : { kind: 'supported', eol: found.eol };
}
