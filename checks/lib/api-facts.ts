import type { Fact } from '../../src/snapshot/types.js';

/** Why an API fact is unknown, in words for the `unknown` finding's {{reason}}. */
const REASONS = {
  'no-permission': 'the GitHub App may not read it (missing permission, or GitHub answered 403)',
  'not-found': 'GitHub did not find it (404)',
  'not-supported': 'this source cannot know it',
  'rate-limited': 'GitHub rate-limited the request',
  error: 'reading it failed',
} as const;

/**
 * Data for an `unknown` finding when a source could not know a fact: a local audit never can, and a
 * GitHub App without the permission gets 403/404. That is never a failure of the repository.
 */
export function unknownData(fact: Extract<Fact<unknown>, { state: 'unavailable' }>): { reason: string } {
  // A local audit's detail ("a local audit cannot know …") says it all; API answers need both.
  if (fact.reason === 'not-supported') return { reason: fact.detail };
  return { reason: `${REASONS[fact.reason]}: ${fact.detail}` };
}
