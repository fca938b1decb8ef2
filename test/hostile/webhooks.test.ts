import type { IncomingMessage } from 'node:http';
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { Readable, Writable } from 'node:stream';
import nock from 'nock';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditJob } from '../../src/app/job.js';
import type { AuditQueue, QueueJob } from '../../src/app/queue.js';
import { startApp, type RunningApp } from '../../src/app/server.js';
import { MAX_WEBHOOK_BYTES, readBody } from '../../src/app/webhook-guard.js';
import { APP_ID, TEST_PRIVATE_KEY, webhook } from '../app/support.js';

const SECRET = 'hostile-test-secret';
const PATH = '/api/github/webhooks';

/** Every line the App logs, and the jobs it enqueues: no GitHub, no audit. */
let logged: string[] = [];
let queued: QueueJob<AuditJob>[] = [];
let app: RunningApp | undefined;

function capturingLog() {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logged.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return pino({ level: 'debug' }, sink);
}

const recordingQueue = (): AuditQueue<AuditJob> => ({
  add: (job) => {
    queued.push(job);
    return Promise.resolve('queued');
  },
  idle: () => Promise.resolve(),
  close: () => Promise.resolve(),
});

async function start(env: NodeJS.ProcessEnv = { WEBHOOK_SECRET: SECRET }): Promise<RunningApp> {
  app = await startApp({
    env: {
      APP_ID: String(APP_ID),
      PRIVATE_KEY: TEST_PRIVATE_KEY,
      TCOP_STORE: 'off',
      TCOP_REAUDIT_INTERVAL_HOURS: '0',
      ...env,
    },
    port: 0,
    host: '127.0.0.1',
    log: capturingLog(),
    settings: { createQueue: recordingQueue },
  });
  return app;
}

const sign = (body: Buffer | string, secret = SECRET): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

interface Answer {
  status: number;
  body: string;
}

/** Posts a webhook; `chunks` streams the body without a content-length, stopping at the answer. */
function post(
  url: string,
  options: {
    event?: string;
    delivery?: string;
    body?: Buffer | string;
    signature?: string;
    contentLength?: number;
    chunks?: { size: number; count: number };
  },
): Promise<Answer & { written: number }> {
  const body = options.body ?? '';
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'x-github-event': options.event ?? 'push',
      'x-github-delivery': options.delivery ?? crypto.randomUUID(),
      'x-hub-signature-256': options.signature ?? sign(body),
    };
    if (options.contentLength !== undefined) headers['content-length'] = options.contentLength;
    else if (!options.chunks) headers['content-length'] = Buffer.byteLength(body);
    const req = request(`${url}${PATH}`, { method: 'POST', headers }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, written }));
    });
    // The server may close the connection once it has answered: only a failure before that counts.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (options.chunks) {
      const chunk = Buffer.alloc(options.chunks.size, 0x20);
      let left = options.chunks.count;
      const pump = (): void => {
        while (left > 0 && !answered) {
          left--;
          written += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    } else if (options.contentLength !== undefined) {
      // Declares a large body and sends only its first bytes: the answer must not wait for the rest.
      req.write(Buffer.alloc(1024, 0x20));
      written = 1024;
    } else {
      req.end(body);
    }
  });
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => {
  nock.enableNetConnect();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  logged = [];
  queued = [];
});

describe('webhook bodies are bounded', () => {
  it(`a body declared larger than ${MAX_WEBHOOK_BYTES} bytes is answered 413 before it is sent`, async () => {
    const { url } = await start();
    const answer = await post(url, { contentLength: MAX_WEBHOOK_BYTES + 1, signature: 'sha256=00' });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: `the body is larger than ${MAX_WEBHOOK_BYTES} bytes` });
    expect(answer.written).toBe(1024);
    expect(queued).toEqual([]);
  });

  it('a streamed body without a length is answered 413 once it passes the limit', async () => {
    const { url } = await start();
    // 40 MiB offered in 1 MiB chunks: the answer comes at the limit, not after the 40th.
    const answer = await post(url, { chunks: { size: 1024 * 1024, count: 40 }, signature: 'sha256=00' });
    expect(answer.status).toBe(413);
    expect(answer.written).toBeLessThan(40 * 1024 * 1024);
    expect(queued).toEqual([]);
  });

  it('the reader answers at the limit and keeps nothing past it', async () => {
    let pulled = 0;
    const stream = new Readable({
      highWaterMark: 1,
      read() {
        pulled++;
        // One chunk per turn of the event loop, as a socket delivers them.
        setImmediate(() => this.push(pulled > 1000 ? null : Buffer.alloc(1000, 0x20)));
      },
    });
    Object.assign(stream, { headers: {} });
    const { result, at } = await readBody(stream as unknown as IncomingMessage, 10_000).then((r) => ({
      result: r,
      at: pulled,
    }));
    expect(result).toEqual({ status: 413, error: 'the body is larger than 10000 bytes' });
    // The 11th chunk passes the limit; with a one-byte high-water mark the stream reads one ahead.
    expect(at).toBeLessThanOrEqual(12);
    // The rest is drained and dropped, so a sender reads the answer rather than a closed socket.
    await new Promise((resolve) => stream.once('end', resolve));
    expect(pulled).toBe(1001);
  });
});

describe('refused webhooks are never logged with their body', () => {
  it('a bad signature on a 1 MB body: 400, one log line, no byte of the body', async () => {
    const { url } = await start();
    const marker = 'BODY-MARKER-ghp_';
    const body = JSON.stringify({ filler: `${marker}${'x'.repeat(1024 * 1024)}` });
    const answer = await post(url, { body, signature: sign(body, 'not-the-secret'), delivery: 'd-bad-sig' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      error: 'the signature does not match the body and WEBHOOK_SECRET',
    });
    expect(logged.filter((line) => line.includes('d-bad-sig'))).toHaveLength(1);
    expect(logged.join('\n')).not.toContain(marker);
    expect(queued).toEqual([]);
  });
});

describe('odd signed payloads are refused with 400, not a TypeError and 500', () => {
  const cases: [string, string, string][] = [
    ['an array', '[]', 'the payload is not a JSON object'],
    ['null', 'null', 'the payload is not a JSON object'],
    ['a number', '42', 'the payload is not a JSON object'],
    [
      'a push without a repository',
      '{"ref":"refs/heads/main","installation":{"id":1}}',
      'a push event without a repository',
    ],
    ['a repository without an owner', '{"repository":{"name":"x"}}', 'a push event without a repository'],
    [
      'an installation id that is a string',
      JSON.stringify({ ...webhook('push'), installation: { id: '1' } }),
      'the installation has no numeric id',
    ],
    ['text that is not JSON', '{"ref":', 'the body is not JSON'],
  ];
  it.each(cases)('%s', async (_name, body, error) => {
    const { url } = await start();
    const answer = await post(url, { body });
    expect(answer).toMatchObject({ status: 400 });
    expect(JSON.parse(answer.body)).toEqual({ error });
    expect(queued).toEqual([]);
    // The App still answers.
    expect((await post(url, { body: JSON.stringify(webhook('push')) })).status).toBe(200);
    expect(queued).toHaveLength(1);
  });
});

describe('replayed deliveries', () => {
  it('the same X-GitHub-Delivery twice is processed once', async () => {
    const { url } = await start();
    const body = JSON.stringify(webhook('push'));
    const first = await post(url, { body, delivery: 'replayed-1' });
    const second = await post(url, { body, delivery: 'replayed-1' });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(queued).toHaveLength(1);
    expect(logged.filter((l) => l.includes('webhook delivered again: ignored'))).toHaveLength(1);
  });
});

describe('payloads never reach the logs', () => {
  it('at LOG_LEVEL=debug, Probot’s "Webhook received" line carries the event but not its payload', async () => {
    const running = await start({ WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'debug' });
    const payload = webhook<{ head_commit: Record<string, unknown> }>('push');
    payload.head_commit = { ...payload.head_commit, message: 'private-marker-4f1c: rotate the staging key' };
    // Probot logs the payload in receive(), the entry its own tools and redeliveries use.
    await running.probot.receive({ id: 'debug-1', name: 'push', payload } as Parameters<
      typeof running.probot.receive
    >[0]);
    expect(queued).toHaveLength(1);
    const received = logged.filter((l) => l.includes('Webhook received'));
    expect(received).toHaveLength(1);
    expect((JSON.parse(received[0] as string) as { event: unknown }).event).toEqual({
      id: 'debug-1',
      name: 'push',
      payload: '[not logged]',
    });
    expect(logged.filter((l) => l.includes('private-marker-4f1c'))).toEqual([]);
  });
});

describe('starting without WEBHOOK_SECRET outside production', () => {
  it('starts, warns once and accepts webhooks signed with "development"', async () => {
    const { url } = await start({});
    expect(logged.filter((l) => l.includes('WEBHOOK_SECRET is not set'))).toHaveLength(1);
    const body = JSON.stringify(webhook('push'));
    expect((await post(url, { body, signature: sign(body, 'development') })).status).toBe(200);
    expect(queued).toHaveLength(1);
  });
});
