import type { Finding } from './report.js';

/** Evidence keys that say where in a file, which move with unrelated edits. */
const POSITION = /^(line|lines|column|columns|(start|end)_?(line|column)|offset|index|position)$/i;

/**
 * The evidence that names what a finding is about: its string and boolean values (a secret's
 * rule and masked value, a document's format), not positions, counts or lists, which change
 * with unrelated edits.
 */
function stableEvidence(evidence: Finding['evidence']): string {
  if (!evidence) return '';
  return Object.keys(evidence)
    .filter((key) => !POSITION.test(key))
    .sort()
    .flatMap((key) => {
      const value = evidence[key];
      return typeof value === 'string' || typeof value === 'boolean' || value === null
        ? [`${key}=${String(value)}`]
        : [];
    })
    .join('\u0001');
}

/**
 * What makes a finding the same finding on another commit: the check, the message id, the file
 * and the stable evidence; never the line, which moves when code above it changes. Two findings
 * with one identity are two (a secret pasted twice): compare them as a multiset.
 */
export function findingIdentity(f: Finding, options: { withStatus?: boolean } = {}): string {
  return [
    f.check,
    f.messageId,
    ...(options.withStatus ? [f.status] : []),
    f.location?.path ?? '',
    stableEvidence(f.evidence),
  ].join('\u0000');
}
