import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';

/** Paths the web app answers; everything else is left to the server it is mounted in. */
export const WEB_PATHS = /^\/(?:$|\?|badges\/|repos\/|assets\/|suppliers(?:$|[/?])|feed\.atom(?:$|\?))/;

/**
 * A Node request handler for mounting the web app in another server. It returns false, without
 * answering, for paths that are not the web app's: the shape Probot's `Server#addHandler` expects.
 */
export function createNodeHandler(
  app: Hono,
  matches: (url: string) => boolean = (url) => WEB_PATHS.test(url),
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const listener = getRequestListener(app.fetch);
  return async (req, res) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !matches(req.url ?? '/')) return false;
    await listener(req, res);
    return true;
  };
}

export interface ListenOptions {
  /** Defaults to 127.0.0.1: exposing the dashboard is a deliberate choice. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

/** Serves the app on its own; resolves once listening, with the bound address and a `close`. */
export function listen(
  app: Hono,
  options: ListenOptions = {},
): Promise<{ server: ServerType; url: string; close: () => Promise<void> }> {
  const hostname = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname, port: options.port ?? 0 }, (info: AddressInfo) => {
      server.off('error', reject);
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        server,
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
    // A port in use rejects, rather than being an uncaught exception.
    server.once('error', reject);
  });
}

/**
 * `TCOP_PUBLIC_URL`, the dashboard's public origin (the App and `npm run serve` read the same
 * name; `PUBLIC_URL` is still read, with a warning). Must be an absolute http(s) URL.
 */
export function publicUrlFromEnv(
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void = (m) => console.warn(m),
): string | undefined {
  const raw = env.TCOP_PUBLIC_URL?.trim() || env.PUBLIC_URL?.trim();
  if (!raw) return undefined;
  if (!env.TCOP_PUBLIC_URL?.trim()) warn('PUBLIC_URL is read for now; the variable is TCOP_PUBLIC_URL.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`TCOP_PUBLIC_URL must be an absolute URL such as https://tcop.example.org, not ${raw}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`TCOP_PUBLIC_URL must be an http or https URL, not ${raw}`);
  return url.origin + url.pathname.replace(/\/+$/, '');
}
