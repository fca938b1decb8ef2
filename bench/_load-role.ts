import { UnthrottledOctokit } from '../src/app/octokit.js';
import { startApp } from '../src/app/server.js';

/**
 * One App process for `npm run bench -- load`: the role, queue and store come from the
 * environment, as a deployment sets them. Pacing is off: on loopback the benchmark measures the
 * App, not plugin-throttling's one write per second per installation. Tells its parent its URL.
 */
const running = await startApp({ Octokit: UnthrottledOctokit });
process.send?.({ url: running.url });
process.once('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
