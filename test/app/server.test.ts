import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { privateKey, startApp, webhookSecret } from '../../src/app/server.js';
import { APP_ID, TEST_PRIVATE_KEY } from './support.js';

describe('App startup settings', () => {
  it('refuses to start in production without a webhook secret', () => {
    expect(() => webhookSecret({ NODE_ENV: 'production' })).toThrow(/WEBHOOK_SECRET is not set/);
    expect(webhookSecret({ NODE_ENV: 'production', WEBHOOK_SECRET: 's3cret' })).toBe('s3cret');
    expect(webhookSecret({})).toBe('development');
  });

  it('reads the private key as PEM, escaped PEM or base64', () => {
    expect(privateKey({ PRIVATE_KEY: TEST_PRIVATE_KEY })).toBe(TEST_PRIVATE_KEY);
    expect(privateKey({ PRIVATE_KEY: TEST_PRIVATE_KEY.replace(/\n/g, '\\n') })).toBe(TEST_PRIVATE_KEY);
    expect(privateKey({ PRIVATE_KEY: Buffer.from(TEST_PRIVATE_KEY).toString('base64') })).toBe(
      TEST_PRIVATE_KEY,
    );
    expect(() => privateKey({})).toThrow(/PRIVATE_KEY or PRIVATE_KEY_PATH/);
  });
});

describe('startApp', () => {
  it('rejects, rather than crashing the process, when its port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      await expect(
        startApp({
          env: {
            APP_ID: String(APP_ID),
            PRIVATE_KEY: TEST_PRIVATE_KEY,
            WEBHOOK_SECRET: 's',
            TCOP_STORE: 'off',
            TCOP_REAUDIT_INTERVAL_HOURS: '0',
            LOG_LEVEL: 'fatal',
          },
          port,
          host: '127.0.0.1',
        }),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
