import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The largest webhook body accepted. GitHub caps payloads at 25 MB and drops larger ones, so
 * anything bigger was not sent by GitHub; 25 MiB leaves room for GitHub's rounding.
 */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

/** A refusal: the HTTP status and a one-line reason that names no part of the body. */
export interface WebhookRefusal {
  status: 400 | 413;
  error: string;
}

export type BodyRead = { body: Buffer } | WebhookRefusal;

/**
 * Reads a request body, refusing it with 413 as soon as it is declared or grows past `limit`:
 * nothing beyond the limit is buffered. The rest is discarded as it arrives, so the sender reads
 * the answer instead of failing on a closed socket; the server's request timeout ends a sender
 * that never stops.
 */
export function readBody(req: IncomingMessage, limit = MAX_WEBHOOK_BYTES): Promise<BodyRead> {
  const tooLarge: WebhookRefusal = { status: 413, error: `the body is larger than ${limit} bytes` };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve(tooLarge);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: BodyRead): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        done(tooLarge);
        req.resume();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => done({ body: Buffer.concat(chunks, size) });
    const onError = (): void => done({ status: 400, error: 'the body could not be read' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** Whether `signature` (the `X-Hub-Signature-256` header) signs `body` with `secret`. */
export function signatureMatches(secret: string, body: Buffer, signature: string | undefined): boolean {
  if (!signature?.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Events the App acts on whose handlers read `repository`. */
const REPOSITORY_EVENTS = new Set(['push', 'pull_request', 'check_suite', 'check_run', 'repository']);

/**
 * Why a signed payload cannot be the event it says it is, or undefined. A correctly signed body
 * is still checked: the secret may have leaked, and a handler must never meet an array, `null`
 * or an event without its repository (which used to end in a TypeError and a 500).
 */
export function payloadProblem(event: string, payload: unknown): string | undefined {
  if (!isObject(payload)) return 'the payload is not a JSON object';
  if (REPOSITORY_EVENTS.has(event)) {
    const repository = payload.repository;
    if (
      !isObject(repository) ||
      typeof repository.name !== 'string' ||
      !isObject(repository.owner) ||
      typeof repository.owner.login !== 'string'
    )
      return `a ${event} event without a repository`;
  }
  if (payload.installation !== undefined) {
    if (!isObject(payload.installation) || typeof payload.installation.id !== 'number')
      return 'the installation has no numeric id';
  }
  return undefined;
}
