import { createHash } from 'node:crypto';
import { CRITERIA, type Criterion, type Level } from '../engine/check.js';
import { CRITERION_TITLES, levelName } from '../present/vocabulary.js';
import type { HistoryPoint } from '../store/types.js';

/**
 * What a board is told about: a repository's level (overall or of a criterion) changed, or a check
 * that passed now fails. Derived from two consecutive audits, so the Atom feeds and the webhook
 * carry the same events, with the same ids.
 */
export interface ForumEvent {
  /** A `urn:uuid:` made from the audit and the subject: the same event always has the same id. */
  id: string;
  kind: 'level' | 'criterion' | 'check-failing';
  owner: string;
  name: string;
  auditId: string;
  /** When the audit that showed the change ran (ISO 8601). */
  at: string;
  commit: string | null;
  /** `overall`, a criterion id, or a check id. */
  subject: string;
  before: string;
  after: string;
  title: string;
}

function eventId(auditId: string, kind: string, subject: string): string {
  const hex = createHash('sha256').update(`${auditId}\u0000${kind}\u0000${subject}`).digest('hex');
  // RFC 9562 layout, version 8 (custom), variant 10.
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const levelText = (level: Level | null | undefined): string =>
  level === undefined ? 'no result' : levelName(level);

/** The events `current` shows against the audit before it. */
export function eventsBetween(
  repo: { owner: string; name: string },
  previous: Pick<HistoryPoint, 'level' | 'criteria' | 'failingChecks'>,
  current: Pick<HistoryPoint, 'id' | 'auditedAt' | 'commit' | 'level' | 'criteria' | 'failingChecks'>,
): ForumEvent[] {
  const full = `${repo.owner}/${repo.name}`;
  const base = {
    owner: repo.owner,
    name: repo.name,
    auditId: current.id,
    at: current.auditedAt,
    commit: current.commit,
  };
  const events: ForumEvent[] = [];
  if (previous.level !== current.level)
    events.push({
      ...base,
      id: eventId(current.id, 'level', 'overall'),
      kind: 'level',
      subject: 'overall',
      before: levelText(previous.level),
      after: levelText(current.level),
      title: `${full}: level ${levelText(previous.level)} → ${levelText(current.level)}`,
    });
  for (const c of CRITERIA as readonly Criterion[]) {
    const [was, now] = [previous.criteria[c], current.criteria[c]];
    if (was === now || was === undefined || now === undefined) continue;
    events.push({
      ...base,
      id: eventId(current.id, 'criterion', c),
      kind: 'criterion',
      subject: c,
      before: levelText(was),
      after: levelText(now),
      title: `${full}: ${CRITERION_TITLES[c]} ${levelText(was)} → ${levelText(now)}`,
    });
  }
  const failedBefore = new Set(previous.failingChecks);
  for (const check of current.failingChecks)
    if (!failedBefore.has(check))
      events.push({
        ...base,
        id: eventId(current.id, 'check-failing', check),
        kind: 'check-failing',
        subject: check,
        before: 'not failing',
        after: 'failing',
        title: `${full}: check ${check} now fails`,
      });
  return events;
}

/** Every event a repository's history shows (newest first in, newest first out). */
export function eventsOfHistory(
  repo: { owner: string; name: string },
  history: readonly HistoryPoint[],
): ForumEvent[] {
  const events: ForumEvent[] = [];
  for (let i = 0; i + 1 < history.length; i++)
    events.push(...eventsBetween(repo, history[i + 1] as HistoryPoint, history[i] as HistoryPoint));
  return events;
}

/** Newest first; ties in a stable order so a feed's bytes do not change between requests. */
export function sortEvents(events: ForumEvent[]): ForumEvent[] {
  return events.sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? 1 : -1));
}
