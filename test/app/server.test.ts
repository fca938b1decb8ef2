import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { Probot } from 'probot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import tcopAudit from '../../src/app/index.js';
import { logFormatOf, privateKey, startApp, webhookSecret } from '../../src/app/server.js';
import { APP_ID, TEST_PRIVATE_KEY } from './support.js';

describe('App startup settings', () => {
  it('refuses to start in production without a webhook secret', () => {
    expect(() => webhookSecret({ NODE_ENV: 'production' })).toThrow(/WEBHOOK_SECRET is not set/);
    expect(webhookSecret({ NODE_ENV: 'production', WEBHOOK_SECRET: 's3cret' })).toBe('s3cret');
    expect(webhookSecret({})).toBe('development');
  });

  it('logs JSON lines in production and pretty lines elsewhere, unless LOG_FORMAT says', () => {
    expect(logFormatOf({ NODE_ENV: 'production' })).toBe('json');
    expect(logFormatOf({})).toBe('pretty');
    expect(logFormatOf({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' })).toBe('pretty');
    expect(logFormatOf({ LOG_FORMAT: 'json' })).toBe('json');
    expect(() => logFormatOf({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT=xml is not a log format/);
  });

  it('a production App process writes its log lines as pino JSON', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/server.ts'], {
      cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_FORMAT: undefined,
        APP_ID: String(APP_ID),
        PRIVATE_KEY: TEST_PRIVATE_KEY,
        WEBHOOK_SECRET: 'json-log-secret',
        TCOP_STORE: 'off',
        TCOP_REAUDIT_INTERVAL_HOURS: '0',
        REDIS_URL: '',
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString('utf8');
          if (out.includes('\n')) resolve(out.split('\n')[0] as string);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code} before logging`)));
      });
      expect(JSON.parse(first)).toMatchObject({ level: 30, name: 'probot' });
      expect((JSON.parse(first) as { msg: string }).msg).toMatch(
        /^tcop-audit App listening on http:\/\/127\.0\.0\.1:\d+$/,
      );
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);

  it('reads the private key as PEM, escaped PEM or base64', () => {
    expect(privateKey({ PRIVATE_KEY: TEST_PRIVATE_KEY })).toBe(TEST_PRIVATE_KEY);
    expect(privateKey({ PRIVATE_KEY: TEST_PRIVATE_KEY.replace(/\n/g, '\\n') })).toBe(TEST_PRIVATE_KEY);
    expect(privateKey({ PRIVATE_KEY: Buffer.from(TEST_PRIVATE_KEY).toString('base64') })).toBe(
      TEST_PRIVATE_KEY,
    );
    expect(() => privateKey({})).toThrow(/PRIVATE_KEY or PRIVATE_KEY_PATH/);
  });
});

describe('defect 18: no entry point runs with the "development" secret in production', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('refuses the secret named development, as well as none, in production', () => {
    expect(() => webhookSecret({ NODE_ENV: 'production', WEBHOOK_SECRET: 'development' })).toThrow(
      /"development", the secret anyone can sign with/,
    );
    expect(webhookSecret({ WEBHOOK_SECRET: 'development' })).toBe('development');
  });

  it('refuses it in the Probot app function that `probot run` loads', () => {
    const probot = new Probot({ appId: APP_ID, privateKey: TEST_PRIVATE_KEY, secret: 'development' });
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('WEBHOOK_SECRET', '');
    expect(() => tcopAudit(probot)).toThrow(/WEBHOOK_SECRET is not set/);
    vi.stubEnv('WEBHOOK_SECRET', 'development');
    expect(() => tcopAudit(probot)).toThrow(/"development"/);
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

describe("the App's own pages", () => {
  it('serve the forum named by TCOP_FORUM_FILE, as `npm run serve` does', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tcop-app-forum-'));
    const env: NodeJS.ProcessEnv = {
      APP_ID: String(APP_ID),
      PRIVATE_KEY: TEST_PRIVATE_KEY,
      WEBHOOK_SECRET: 's',
      DATABASE_URL: path.join(dir, 'store.sqlite'),
      TCOP_REAUDIT_INTERVAL_HOURS: '0',
      TCOP_FORUM_FILE: fileURLToPath(new URL('../../fixtures/forum/forum.yml', import.meta.url)),
      TCOP_PUBLIC_URL: 'https://tcop.example.org/',
      LOG_LEVEL: 'fatal',
    };
    const running = await startApp({ env, port: 0, host: '127.0.0.1' });
    try {
      const suppliers = await fetch(`${running.url}/suppliers?format=json`);
      expect(suppliers.status).toBe(200);
      const json = (await suppliers.json()) as { suppliers: { id: string }[] };
      expect(json.suppliers.map((s) => s.id).sort()).toEqual(['acme', 'bravo', 'charlie', 'delta', 'echo']);
      const badge = await fetch(`${running.url}/suppliers/acme/badge.svg`);
      expect(badge.status).toBe(200);
    } finally {
      await running.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
