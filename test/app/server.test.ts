import { describe, expect, it } from 'vitest';
import { privateKey, webhookSecret } from '../../src/app/server.js';
import { TEST_PRIVATE_KEY } from './support.js';

describe('App startup settings', () => {
  it('refuses to start in production without a webhook secret', () => {
    expect(() => webhookSecret({ NODE_ENV: 'production' })).toThrow(/WEBHOOK_SECRET is not set/);
    expect(webhookSecret({ NODE_ENV: 'production', WEBHOOK_SECRET: 's3cret' })).toBe('s3cret');
    expect(webhookSecret({})).toBe('development');
  });

  it('reads the private key as PEM, escaped PEM or base64', () => {
    expect(privateKey({ PRIVATE_KEY: TEST_PRIVATE_KEY })).toBe(TEST_PRIVATE_KEY);
    expect(privateKey({ PRIVATE_KEY: TEST_PRIVATE_KEY.replace(/\n/g, '\\n') })).toBe(TEST_PRIVATE_KEY);
    expect(privateKey({ PRIVATE_KEY: Buffer.from(TEST_PRIVATE_KEY).toString('base64') })).toBe(TEST_PRIVATE_KEY);
    expect(() => privateKey({})).toThrow(/PRIVATE_KEY or PRIVATE_KEY_PATH/);
  });
});
