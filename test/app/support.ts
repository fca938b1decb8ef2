import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/check-harness.js';

/** A throwaway App key made at test time: no key is ever committed. */
export const TEST_PRIVATE_KEY = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;

export const APP_ID = 123456;
export const INSTALLATION_ID = 4500001;
export const HEAD_SHA = '9f2c4e1b7a3d5f60817293a4b5c6d7e8f9012345';
export const BASE_SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678';

/** A recorded webhook payload from fixtures/webhooks/. */
export function webhook<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(ROOT, 'fixtures/webhooks', `${name}.json`), 'utf8')) as T;
}

export const GRANTED = { checks: 'write', contents: 'read', metadata: 'read', pull_requests: 'read' };
