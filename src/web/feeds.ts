import { createHash } from 'node:crypto';
import type { ForumEvent } from '../forum/events.js';
import { escapeHtml } from './html.js';
import { repositoryPath } from './view.js';

/**
 * Atom (RFC 4287) feeds of level changes and newly failing checks. Links are absolute when the
 * dashboard's public address is configured (TCOP_PUBLIC_URL), else relative to the feed, which
 * RFC 4287 §2 allows (IRI references resolved against the document's address).
 */

export const FEED_ENTRIES = 100;
export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

/** Characters XML 1.0 cannot carry at all are dropped; the rest is escaped as for HTML. */
// eslint-disable-next-line no-control-regex -- these are the characters XML forbids
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const text = (value: string): string => escapeHtml(value.replace(NOT_XML, ''));

/** A feed's permanent id: from its path, so it survives the dashboard moving address. */
function feedId(path: string): string {
  const hex = createHash('sha256').update(`tcop-audit feed ${path}`).digest('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function renderFeed(options: {
  title: string;
  /** The feed's own path, e.g. `/suppliers/acme/feed.atom`. */
  path: string;
  /** The HTML page it follows. */
  pagePath: string;
  author: string;
  events: readonly ForumEvent[];
  /** When nothing has happened yet: the newest audit in scope, or a fixed time. */
  fallbackUpdated: string;
  origin?: string;
}): string {
  const href = (path: string): string => text(`${options.origin ?? ''}${path}`);
  const events = options.events.slice(0, FEED_ENTRIES);
  const updated = events[0]?.at ?? options.fallbackUpdated;
  const entries = events.map((e) => {
    const commit = e.commit ? ` at commit ${e.commit.slice(0, 12)}` : '';
    const summary =
      e.kind === 'check-failing'
        ? `The check ${e.subject} failed in the audit of ${e.owner}/${e.name}${commit}; before, it did not (${e.before} → ${e.after}).`
        : `${e.kind === 'level' ? 'The overall level' : `The level of ${e.subject}`} of ${e.owner}/${e.name} went from ${e.before} to ${e.after} in the audit${commit}.`;
    return `  <entry>
    <id>${text(e.id)}</id>
    <title type="text">${text(e.title)}</title>
    <updated>${text(e.at)}</updated>
    <published>${text(e.at)}</published>
    <link rel="alternate" type="text/html" href="${href(repositoryPath(e.owner, e.name))}"/>
    <category term="${text(e.kind)}"/>
    <summary type="text">${text(summary)}</summary>
  </entry>
`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${feedId(options.path)}</id>
  <title type="text">${text(options.title)}</title>
  <updated>${text(updated)}</updated>
  <author><name>${text(options.author)}</name></author>
  <generator>tcop-audit</generator>
  <link rel="self" type="application/atom+xml" href="${href(options.path)}"/>
  <link rel="alternate" type="text/html" href="${href(options.pagePath)}"/>
${entries.join('')}</feed>
`;
}
