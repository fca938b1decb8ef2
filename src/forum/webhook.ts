import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ForumEvent } from './events.js';

/**
 * The forum's outgoing webhook: after a crawl, one POST with the events it found (the same events,
 * with the same ids, as the Atom feeds show), signed like GitHub's own deliveries: HMAC-SHA256 of
 * the raw body with the shared secret, in `X-Tcop-Signature-256: sha256=<hex>`.
 */
export const SIGNATURE_HEADER = 'x-tcop-signature-256';

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** For receivers: compares in constant time, as GitHub advises for its own signatures. */
export function verifySignature(body: string, secret: string, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface WebhookDelivery {
  url: string;
  secret: string;
  forum: string;
  events: readonly ForumEvent[];
  /** Milliseconds before giving up on the receiver (default 10,000). */
  timeoutMs?: number;
}

/** Sends the events when there are any; resolves with the receiver's status, or throws why not. */
export async function deliverEvents(delivery: WebhookDelivery): Promise<number | undefined> {
  if (delivery.events.length === 0) return undefined;
  const body = JSON.stringify({ forum: delivery.forum, events: delivery.events });
  const response = await fetch(delivery.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'tcop-audit-forum',
      'x-tcop-event': 'changes',
      [SIGNATURE_HEADER]: signBody(body, delivery.secret),
    },
    body,
    redirect: 'error',
    signal: AbortSignal.timeout(delivery.timeoutMs ?? 10_000),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`the webhook receiver answered ${response.status}`);
  return response.status;
}
