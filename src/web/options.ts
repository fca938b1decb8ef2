import { forumFromEnv } from '../forum/load.js';
import type { WebAppOptions } from './app.js';
import { publicUrlFromEnv } from './node.js';

/**
 * The web app's options from the environment, the same for `npm run serve` and for the App's own
 * pages: TCOP_PUBLIC_URL, TCOP_FORUM_FILE (with its crawl state) and BADGE_LOOKUP_TTL_MS. `stop`
 * ends the forum's periodic re-read of its crawl state.
 */
export async function webOptionsFromEnv(
  env: NodeJS.ProcessEnv,
  warn?: (message: string) => void,
): Promise<{ options: WebAppOptions; stop: () => void }> {
  const publicUrl = publicUrlFromEnv(env, warn);
  const forum = await forumFromEnv(env);
  const badgeTtl = env.BADGE_LOOKUP_TTL_MS?.trim();
  if (badgeTtl && !(Number(badgeTtl) >= 0))
    throw new Error(`BADGE_LOOKUP_TTL_MS must be a number of milliseconds (0 or more), not ${badgeTtl}`);
  return {
    options: {
      ...(forum ? { forum: { config: forum.config, members: forum.members } } : {}),
      ...(publicUrl ? { publicUrl } : {}),
      ...(badgeTtl ? { badgeLookupTtlMs: Number(badgeTtl) } : {}),
    },
    stop: () => forum?.stop(),
  };
}
