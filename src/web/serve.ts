import { openStore, retentionDaysFromEnv, storeLocation, storeOptionsFromEnv } from '../store/index.js';
import { createWebApp } from './app.js';
import { listen } from './node.js';
import { webOptionsFromEnv } from './options.js';

/**
 * `npm run serve`: the badges and dashboard from the store, without the GitHub App. SQLite under
 * ./data/ unless DATABASE_URL is set; TCOP_PUBLIC_URL is the dashboard's public address, as for the App; binds 127.0.0.1:3000 unless HOST and PORT say otherwise;
 * FINDINGS_RETENTION_DAYS prunes old findings at start and daily; BADGE_LOOKUP_TTL_MS (default
 * 1000) is how long a badge's levels are reused, 0 to ask the store every time. TCOP_FORUM_FILE
 * (a forum.yml) turns on the supplier pages and feeds (docs/forum.md).
 */
const storeOptions = storeOptionsFromEnv();
const retentionDays = retentionDaysFromEnv();
const store = await openStore(storeOptions).catch((error: unknown) => {
  // A store that cannot be reached at start (PostgreSQL down, a bad path) is one line and exit 1,
  // as for the App: where it was looked for (without its password) and why it failed.
  const reason = (error as Error).message.replace(/^The store could not be opened: /, '');
  console.error(
    `tcop-audit serve: the store at ${storeLocation(storeOptions)} could not be opened: ${reason}`,
  );
  process.exit(1);
});
if (retentionDays !== undefined) {
  const prune = (): void => {
    store
      .applyRetention(retentionDays)
      .then(
        ({ pruned }) =>
          pruned > 0 &&
          console.log(`Retention: dropped findings of ${pruned} audits older than ${retentionDays} days`),
      )
      .catch((error: unknown) => console.error('Retention failed:', error));
  };
  prune();
  setInterval(prune, 86_400_000).unref();
}
const port = Number.parseInt(process.env.PORT ?? '3000', 10);
const { options } = await webOptionsFromEnv(process.env);
const app = createWebApp(store, options);
const { url, close } = await listen(app, { host: process.env.HOST ?? '127.0.0.1', port });
console.log(`Dashboard on ${url} (store: ${storeLocation(storeOptions)})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void close()
      .then(() => store.close())
      .then(() => process.exit(0));
  });
}
