import { AsyncLocalStorage } from 'node:async_hooks';

/** The webhook delivery being handled: GitHub's `X-GitHub-Delivery` id and event name. */
export interface Delivery {
  id: string;
  event: string;
}

/**
 * Carries the delivery from the HTTP request through Probot's verification and the handlers to
 * the enqueue, so every job and log line names the delivery it came from without the handlers
 * passing it along.
 */
export const deliveryContext = new AsyncLocalStorage<Delivery>();

/** The delivery of a webhook request, from its headers (before verification: only for logs). */
export function deliveryOf(headers: Record<string, string | string[] | undefined>): Delivery | undefined {
  const id = headers['x-github-delivery'];
  const event = headers['x-github-event'];
  if (typeof id !== 'string' || typeof event !== 'string') return undefined;
  // GitHub's ids are GUIDs; anything longer or stranger is not logged as given.
  if (!/^[\w-]{1,64}$/.test(id) || !/^[a-z_]{1,64}$/.test(event)) return undefined;
  return { id, event };
}
