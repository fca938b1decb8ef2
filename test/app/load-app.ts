import nock from 'nock';
import { Probot } from 'probot';
import { afterAll, beforeAll } from 'vitest';
import { installApp, type AppHandle, type AppSettings } from '../../src/app/index.js';
import { UnthrottledOctokit } from '../../src/app/octokit.js';
import { startApp, type RunningApp, type StartOptions } from '../../src/app/server.js';
import { FakeGitHub, type FakeGitHubOptions } from '../../src/devtools/fake-github.js';
import { FIXED_NOW } from '../support/check-harness.js';
import { APP_ID, TEST_PRIVATE_KEY } from './support.js';

/** What App tests share: one audit at a time, no schedule, a fixed clock. */
export const TEST_SETTINGS: Omit<AppSettings, 'checks'> = {
  appId: APP_ID,
  docsBaseUrl: 'https://example.test/tcop-audit/',
  reauditIntervalMs: 0,
  concurrency: 1,
  concurrencyPerInstallation: 1,
  now: () => FIXED_NOW,
};

/** The App, as Probot loads it, on the loopback fake GitHub; `settings` override TEST_SETTINGS. */
export async function loadApp(
  fake: FakeGitHub,
  settings: Partial<AppSettings> & Pick<AppSettings, 'checks'>,
): Promise<{ probot: Probot; handle: AppHandle }> {
  const probot = new Probot({
    appId: APP_ID,
    privateKey: TEST_PRIVATE_KEY,
    baseUrl: fake.url,
    Octokit: UnthrottledOctokit,
    logLevel: 'fatal',
  });
  let handle: AppHandle | undefined;
  await probot.load((app) => {
    handle = installApp(app, { ...TEST_SETTINGS, ...settings });
  });
  return { probot, handle: handle as AppHandle };
}

/** A repository's files from path → text, as the fake GitHub stores them. */
export const files = (entries: Record<string, string>): Map<string, Buffer> =>
  new Map(Object.entries(entries).map(([p, text]) => [p, Buffer.from(text)]));

/** The App loaded on a started loopback fake, as most App tests set it up before each test. */
export interface AppOnFake {
  fake: FakeGitHub;
  probot: Probot;
  handle: AppHandle;
}

/** Starts a fake GitHub (with `github` options) and loads the App on it; stop it with `stopAppOnFake`. */
export async function startAppOnFake(
  settings: Partial<AppSettings> & Pick<AppSettings, 'checks'>,
  github: FakeGitHubOptions = {},
): Promise<AppOnFake> {
  const fake = new FakeGitHub(github);
  await fake.start();
  const { probot, handle } = await loadApp(fake, settings);
  return { fake, probot, handle };
}

/** Closes the App's queue, then the fake, so no audit outlives its test. */
export async function stopAppOnFake({ fake, handle }: Pick<AppOnFake, 'fake' | 'handle'>): Promise<void> {
  await handle.close();
  await fake.stop();
}

type Delivery = Parameters<Probot['receive']>[0];

/**
 * A function that delivers one webhook to the App and waits until its audits have finished; ids are
 * `<prefix>-1`, `<prefix>-2`… unless one is given (a redelivery keeps its id).
 */
export function webhookDeliverer(
  app: () => Pick<AppOnFake, 'probot' | 'handle'>,
  prefix = 'delivery',
): (event: string, payload: unknown, id?: string) => Promise<void> {
  let count = 0;
  return async (event, payload, id = `${prefix}-${++count}`) => {
    const { probot, handle } = app();
    await probot.receive({ id, name: event, payload } as Delivery);
    await handle.queue.idle();
  };
}

/**
 * The App's whole server, as `npm start` runs it, on the loopback fake and an ephemeral port:
 * the environment every server test shares, then `env` (the store, the role, limits) over it.
 */
export function startTestServer(
  fake: FakeGitHub,
  options: { secret: string; env?: NodeJS.ProcessEnv; settings: StartOptions['settings'] } & Omit<
    StartOptions,
    'env' | 'settings' | 'port'
  >,
): Promise<RunningApp> {
  const { secret, env, ...rest } = options;
  return startApp({
    ...rest,
    env: {
      APP_ID: String(APP_ID),
      PRIVATE_KEY: TEST_PRIVATE_KEY,
      WEBHOOK_SECRET: secret,
      GITHUB_API_URL: fake.url,
      TCOP_REAUDIT_INTERVAL_HOURS: '0',
      LOG_LEVEL: 'fatal',
      ...env,
    },
    port: 0,
    Octokit: UnthrottledOctokit,
  });
}

/** No request leaves the machine: only the loopback fake answers. */
export function loopbackOnly(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}
