import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { getTransformStream } from '@probot/pino';
import { pino, type Level } from 'pino';
import { Probot, createNodeMiddleware, type Logger } from 'probot';
import type { AuditStore } from '../store/index.js';
import { installApp, settingsFromEnv, type AppHandle, type AppSettings } from './index.js';
import { webhookSecret } from './settings.js';

export { webhookSecret } from './settings.js';
import { TcopOctokit, rateLimitWait } from './octokit.js';
import { deliveryContext, deliveryOf, type Delivery } from './delivery.js';
import { serveOperations } from './operations.js';
import { createAuditRecorder } from './store-integration.js';
import { payloadProblem, readBody, signatureMatches, type WebhookRefusal } from './webhook-guard.js';

export interface RunningApp {
  url: string;
  server: Server;
  probot: Probot;
  handle: AppHandle;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** Overrides settings from the environment (tests, demo, benchmark). */
  settings?: Partial<AppSettings>;
  port?: number;
  host?: string;
  /** Serve the badges and dashboard from the same store (default: when the store is on). */
  web?: boolean;
  /** The octokit class (the benchmark and tests turn pacing off against the loopback fake). */
  Octokit?: typeof TcopOctokit;
  /** The logger (tests read what is logged); Probot's own from LOG_LEVEL otherwise. */
  log?: Logger;
}

/**
 * Probot logs every webhook at debug level with its whole payload (`{ event }`, "Webhook received"),
 * and its request logging the bodies it sends as fields (check-run `output`, GraphQL `variables`):
 * with LOG_LEVEL=debug a private repository's file names, commit messages and findings would reach
 * the logs. Those fields are replaced, whatever the level; the rest of each line stays.
 */
export const REDACTED_PATHS = ['event.payload', 'payload', 'output', 'variables'];

export function withoutPayloads(log: Logger): Logger {
  return log.child({}, { redact: { paths: REDACTED_PATHS, censor: '[not logged]' } }) as Logger;
}

/**
 * `LOG_FORMAT` as Probot documents it: `json` (one pino JSON object a line, what log collectors
 * read) or `pretty`. The default is `json` when NODE_ENV=production, else `pretty`.
 */
export function logFormatOf(env: { LOG_FORMAT?: string; NODE_ENV?: string }): 'json' | 'pretty' {
  const format = env.LOG_FORMAT || (env.NODE_ENV === 'production' ? 'json' : 'pretty');
  if (format !== 'json' && format !== 'pretty')
    throw new Error(`LOG_FORMAT=${format} is not a log format: use json or pretty.`);
  return format;
}

/**
 * The logger Probot would make for itself, which a redacting child can wrap. JSON lines go
 * straight to stdout: formatting each line through the pretty transform costs a web process
 * more CPU per webhook than verifying and enqueuing it.
 */
async function probotLog(level: Level, format: 'json' | 'pretty'): Promise<Logger> {
  const options = { level, name: 'probot', messageKey: 'msg' };
  if (format === 'json') return pino(options, pino.destination(1)) as unknown as Logger;
  const transform = await getTransformStream({ logFormat: 'pretty' });
  transform.pipe(pino.destination(1) as unknown as NodeJS.WritableStream);
  return pino(options, transform) as unknown as Logger;
}

/** PRIVATE_KEY (PEM, `\n`-escaped PEM or base64) or PRIVATE_KEY_PATH, as Probot documents them. */
export function privateKey(env: NodeJS.ProcessEnv): string {
  if (env.PRIVATE_KEY) {
    const raw = env.PRIVATE_KEY.replace(/\\n/g, '\n');
    if (raw.includes('-----BEGIN')) return raw;
    const decoded = Buffer.from(raw, 'base64').toString('utf8');
    if (decoded.includes('-----BEGIN')) return decoded;
    throw new Error('PRIVATE_KEY is neither a PEM key nor a base64-encoded one');
  }
  if (env.PRIVATE_KEY_PATH) return readFileSync(env.PRIVATE_KEY_PATH, 'utf8');
  throw new Error(
    'Set PRIVATE_KEY or PRIVATE_KEY_PATH to the private key downloaded from the GitHub App settings.',
  );
}

/**
 * Starts the App: webhooks at WEBHOOK_PATH (default /api/github/webhooks), `GET /healthz`, and
 * the badges and dashboard when the store is on. GITHUB_API_URL points it at GitHub Enterprise
 * Server or the loopback fake.
 */
export async function startApp(options: StartOptions = {}): Promise<RunningApp> {
  const env = options.env ?? process.env;
  const appId = Number(env.APP_ID);
  if (!Number.isInteger(appId) || appId <= 0)
    throw new Error('APP_ID is not set: create the App from app.yml and copy its App ID.');
  const secret = webhookSecret(env);
  const probot = new Probot({
    appId,
    privateKey: privateKey(env),
    secret,
    Octokit: options.Octokit ?? TcopOctokit,
    ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
    logLevel: (env.LOG_LEVEL as 'info' | undefined) ?? 'info',
    log: withoutPayloads(
      options.log ?? (await probotLog((env.LOG_LEVEL as Level | undefined) ?? 'info', logFormatOf(env))),
    ),
  });

  const base = settingsFromEnv({ ...env, TCOP_STORE: 'off' });
  // A worker serves no webhooks and no pages: only its health and metrics.
  const role = options.settings?.role ?? base.role ?? 'all';
  if (env.REDIS_URL) rateLimitWait.inlineMaxSeconds = Number(env.TCOP_RATE_LIMIT_INLINE_SECONDS ?? 5);
  let store: AuditStore | undefined;
  let webHandler: ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) | undefined;
  let stopWeb = (): void => {};
  const storeOn = env.TCOP_STORE !== 'off' && options.settings?.recorder === undefined;
  if (storeOn) {
    const { openStore, storeOptionsFromEnv } = await import('../store/index.js');
    store = await openStore(storeOptionsFromEnv(env));
    if ((options.web ?? true) && role !== 'worker') {
      const { createWebApp, createNodeHandler, webOptionsFromEnv } = await import('../web/index.js');
      const web = await webOptionsFromEnv(env);
      stopWeb = web.stop;
      webHandler = createNodeHandler(createWebApp(store, web.options));
    }
  }
  const settings: AppSettings = {
    ...base,
    ...(store ? { recorder: createAuditRecorder(store) } : {}),
    ...options.settings,
  };

  let handle: AppHandle | undefined;
  const webhooksPath = env.WEBHOOK_PATH ?? '/api/github/webhooks';
  const webhooks = await createNodeMiddleware(
    (app) => {
      handle = installApp(app, settings);
    },
    { probot, webhooksPath },
  );
  // Probot creates its logger while loading the app: before that `probot.log` is null.
  if (secret === 'development')
    probot.log.warn('WEBHOOK_SECRET is not set: using "development" (never do this in production)');

  const refuse = (res: ServerResponse, refusal: WebhookRefusal): void => {
    res.writeHead(refusal.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: refusal.error }));
  };
  /**
   * Webhooks are read here, bounded, and checked before Probot sees them: the signature and the
   * payload's shape (a repeated delivery id is the handlers' to ignore). A refusal is logged as one
   * line naming the delivery and event, never the body.
   */
  const guardWebhook = async (
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{ payload: unknown } | false> => {
    const read = await readBody(req);
    const delivery = String(req.headers['x-github-delivery'] ?? '');
    const event = String(req.headers['x-github-event'] ?? '');
    const refused = (refusal: WebhookRefusal): false => {
      probot.log.warn({ delivery, event, status: refusal.status }, `webhook refused: ${refusal.error}`);
      refuse(res, refusal);
      return false;
    };
    if ('status' in read) return refused(read);
    const signature = req.headers['x-hub-signature-256'];
    if (!signatureMatches(secret, read.body, typeof signature === 'string' ? signature : undefined))
      return refused({ status: 400, error: 'the signature does not match the body and WEBHOOK_SECRET' });
    const text = read.body.toString('utf8');
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      return refused({ status: 400, error: 'the body is not JSON' });
    }
    const problem = payloadProblem(event, payload);
    if (problem) return refused({ status: 400, error: problem });
    // Probot's middleware takes a body already read as a string.
    (req as IncomingMessage & { body?: string }).body = text;
    return { payload };
  };

  /**
   * A verified delivery handled without Probot when its event needs no GitHub client; answered as
   * Probot's middleware answers (`200 ok`, or the error with its status, logged).
   */
  const receiveDirect = async (
    delivery: Delivery,
    payload: unknown,
    res: ServerResponse,
  ): Promise<boolean> => {
    try {
      const taken = await deliveryContext.run(delivery, () =>
        (handle as AppHandle).receive({ id: delivery.id, event: delivery.event, payload }),
      );
      if (!taken) return false;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } catch (error) {
      probot.log.error(
        { err: error, delivery: delivery.id, event: delivery.event },
        'webhook handler failed',
      );
      const status =
        typeof (error as { status?: unknown }).status === 'number'
          ? (error as { status: number }).status
          : 500;
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: `${(error as Error).name}: ${(error as Error).message}` }));
    }
    return true;
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'GET' && req.url === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        return;
      }
      if (handle && (await serveOperations(req, res, { queue: handle.queue, store, role, env }))) return;
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
      if (role !== 'worker' && req.method === 'POST' && pathname === webhooksPath.replace(/\/+$/, '')) {
        const verified = await guardWebhook(req, res);
        if (!verified) return;
        const delivery = deliveryOf(req.headers);
        // Pushes and pull requests become a job from the payload alone: enqueued here, without the
        // per-event installation client, second signature check and second JSON parse of Probot's
        // dispatch. Every other event goes through Probot.
        if (delivery && handle && (await receiveDirect(delivery, verified.payload, res))) return;
        if (delivery && (await deliveryContext.run(delivery, () => webhooks(req, res)))) return;
      }
      if (role !== 'worker' && (await webhooks(req, res))) return;
      if (webHandler && (await webHandler(req, res))) return;
      if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
    })().catch((error: unknown) => {
      probot.log.error({ err: error }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  try {
    // Without an 'error' listener a port in use would be an uncaught exception, not a rejection.
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? Number(env.PORT ?? 3000), options.host ?? env.HOST ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // Nothing must stay open behind a failed start: the queue's timer, the store's handle.
    stopWeb();
    if (handle) await handle.close();
    else await store?.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const url = `http://${address.address}:${address.port}`;
  return {
    url,
    server,
    probot,
    handle: handle as AppHandle,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      stopWeb();
      await handle?.close();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  startApp()
    .then((running) => {
      running.probot.log.info(`tcop-audit App listening on ${running.url}`);
      const stop = (): void => {
        running.probot.log.info('shutting down: finishing running audits');
        void running.close().then(() => process.exit(0));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    })
    .catch((error: unknown) => {
      console.error(`tcop-audit App: ${(error as Error).message}`);
      process.exit(1);
    });
}
