import { CRITERIA, type Criterion, type Level, type Status } from '../engine/check.js';
import type { Report } from '../engine/report.js';
import type { CriterionLevels, LevelFilter } from './types.js';

/** Levels as integers so both databases sort and compare them the same way. */
const RANK: Record<Level, number> = { baseline: 1, standard: 2, exemplar: 3 };
const BY_RANK: readonly (Level | null)[] = [null, 'baseline', 'standard', 'exemplar'];

export const levelRank = (level: Level | null): number => (level === null ? 0 : RANK[level]);

export function levelOfRank(rank: number): Level | null {
  const level = BY_RANK[rank];
  if (level === undefined) throw new RangeError(`No level has rank ${rank}`);
  return level;
}

export const rankOfFilter = (filter: LevelFilter): number => (filter === 'none' ? 0 : RANK[filter]);

/** Summary columns named after criteria: `tcop-12` → `tcop_12`. */
export type CriterionColumn = 'tcop_3' | 'tcop_4' | 'tcop_6' | 'tcop_12';
export const criterionColumn = (criterion: Criterion): CriterionColumn =>
  criterion.replace('-', '_') as CriterionColumn;

/** What the store keeps of a report besides the report itself. */
export interface ReportDigest {
  level: number;
  criteria: CriterionLevels;
  criterionStatus: Partial<Record<Criterion, Status>>;
  failingChecks: string[];
}

export function digestReport(report: Pick<Report, 'level' | 'criteria' | 'checks'>): ReportDigest {
  const criteria: CriterionLevels = {};
  const criterionStatus: Partial<Record<Criterion, Status>> = {};
  for (const c of report.criteria) {
    if (!CRITERIA.includes(c.id)) continue;
    criteria[c.id] = c.level;
    criterionStatus[c.id] = c.status;
  }
  const failingChecks = [
    ...new Set(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)),
  ].sort();
  return { level: levelRank(report.level), criteria, criterionStatus, failingChecks };
}
