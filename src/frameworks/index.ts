import crosswalkJson from './crosswalk.json' with { type: 'json' };

/**
 * The frameworks a board already uses, and which point of each one a check gives evidence for:
 * data in crosswalk.json, each mapping with the page it rests on. The JSON report, SARIF and the
 * dashboard read it from here.
 */
export type FrameworkId =
  'tcop' | 'service-standard' | 'nhs-service-standard' | 'techuk-charter' | 'osps-baseline' | 'ncsc-sscop';

export interface Framework {
  title: string;
  url: string;
  version?: string;
  /** Point (or control) id → its title. */
  points: Record<string, string>;
}

/** One check → one point of one framework. */
export interface FrameworkMapping {
  framework: FrameworkId;
  point: string;
  /** Where the mapping's reading of the point comes from. */
  source: string;
}

interface Crosswalk {
  frameworks: Record<FrameworkId, Framework>;
  checks: Record<string, FrameworkMapping[]>;
}

const crosswalk = crosswalkJson as unknown as Crosswalk;

/** In the order boards name them: government first, then the charter, then security baselines. */
export const FRAMEWORK_IDS: readonly FrameworkId[] = [
  'tcop',
  'service-standard',
  'nhs-service-standard',
  'techuk-charter',
  'osps-baseline',
  'ncsc-sscop',
];

export const FRAMEWORKS: Readonly<Record<FrameworkId, Framework>> = crosswalk.frameworks;

/** The mappings of one check, in framework order; empty for a check the crosswalk does not know. */
export function frameworksOf(checkId: string): FrameworkMapping[] {
  const own = Object.hasOwn(crosswalk.checks, checkId) ? (crosswalk.checks[checkId] ?? []) : [];
  return [...own].sort((a, b) => FRAMEWORK_IDS.indexOf(a.framework) - FRAMEWORK_IDS.indexOf(b.framework));
}

/** Every check id the crosswalk maps. */
export const MAPPED_CHECKS: readonly string[] = Object.keys(crosswalk.checks);

/** `OSPS Baseline OSPS-LE-02.01`, `TCoP 3`, `Service Standard 12`: a mapping as people cite it. */
export function mappingLabel(mapping: Pick<FrameworkMapping, 'framework' | 'point'>): string {
  const short: Record<FrameworkId, string> = {
    tcop: 'TCoP',
    'service-standard': 'Service Standard',
    'nhs-service-standard': 'NHS service standard',
    'techuk-charter': 'techUK charter principle',
    'osps-baseline': 'OSPS Baseline',
    'ncsc-sscop': 'Software Security Code of Practice',
  };
  return `${short[mapping.framework]} ${mapping.point}`;
}

/** The title of a point, e.g. "Make new source code open". */
export const pointTitle = (mapping: Pick<FrameworkMapping, 'framework' | 'point'>): string =>
  FRAMEWORKS[mapping.framework].points[mapping.point] ?? mapping.point;
