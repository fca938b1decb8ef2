import { createHash } from 'node:crypto';
import { makeBadge } from 'badge-maker';
import { CRITERIA, type Criterion, type Level } from '../engine/check.js';
import { LEVEL_LABELS, NO_RESULT, criterionShort } from '../present/vocabulary.js';

/** What a badge shows: a level, "not met" (null), no result for the criterion, or nothing known. */
export type BadgeState = Level | null | 'no-result' | 'not-found';

export interface RenderedBadge {
  svg: string;
  svgEtag: string;
  /** shields.io endpoint format: https://shields.io/badges/endpoint-badge */
  json: string;
  jsonEtag: string;
}

const MESSAGE: Record<Exclude<BadgeState, null>, string> & { none: string } = {
  ...LEVEL_LABELS,
  'no-result': NO_RESULT,
  'not-found': 'Not found',
};

/**
 * NHS identity palette (https://service-manual.nhs.uk/design-system/styles/colour); each passes
 * WCAG AA against the text colour badge-maker picks for it.
 */
const COLOUR: Record<Exclude<BadgeState, null>, string> & { none: string } = {
  exemplar: '#007f3b',
  standard: '#005eb8',
  baseline: '#ffb81c',
  none: '#d5281b',
  'no-result': '#4c6272',
  'not-found': '#4c6272',
};

/** The badge's left half: `TCoP` overall, `TCoP 3` for a criterion. */
export const badgeLabel = criterionShort;

/** The text the badge reads as, e.g. `TCoP · Exemplar`. */
export function badgeText(state: BadgeState, criterion?: Criterion): string {
  return `${badgeLabel(criterion)} · ${MESSAGE[state ?? 'none']}`;
}

const etagOf = (body: string): string =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

function renderBadge(state: BadgeState, criterion?: Criterion): RenderedBadge {
  const key = state ?? 'none';
  // A repository we cannot show answers like one that does not exist, whatever criterion is asked.
  const label = state === 'not-found' ? badgeLabel() : badgeLabel(criterion);
  const format = { label, message: MESSAGE[key], color: COLOUR[key], style: 'flat' as const };
  const svg = makeBadge(format);
  const json = JSON.stringify({
    schemaVersion: 1,
    label,
    message: MESSAGE[key],
    color: COLOUR[key].slice(1),
    ...(state === 'not-found' ? { isError: true } : {}),
    cacheSeconds: BADGE_MAX_AGE,
  });
  return { svg, svgEtag: etagOf(svg), json, jsonEtag: etagOf(json) };
}

/** Seconds badges may be cached; GitHub's image proxy honours Cache-Control. */
export const BADGE_MAX_AGE = 300;

/**
 * Every badge there can be, rendered once: a badge depends only on (criterion, state), never on
 * the repository, so the cache is small and bounded (5 subjects × 6 states).
 */
export class BadgeCache {
  private readonly badges = new Map<string, RenderedBadge>();

  get(state: BadgeState, criterion?: Criterion): RenderedBadge {
    const key = state === 'not-found' ? 'not-found' : `${criterion ?? 'overall'}:${state ?? 'none'}`;
    let badge = this.badges.get(key);
    if (!badge) {
      badge = renderBadge(state, criterion);
      this.badges.set(key, badge);
    }
    return badge;
  }
}

export const isCriterion = (value: string): value is Criterion =>
  (CRITERIA as readonly string[]).includes(value);

/** RFC 9110 §13.1.2: If-None-Match matches on a weak comparison; `*` matches any current representation. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === opaque);
}
