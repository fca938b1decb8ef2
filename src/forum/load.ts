import { readFile } from 'node:fs/promises';
import { parseForumConfig, type ForumConfig } from './config.js';
import type { CrawlState } from './crawl.js';

/**
 * The forum for the dashboard, from `TCOP_FORUM_FILE` (a forum.yml) and the crawl's state beside it
 * (`TCOP_FORUM_STATE`, default `<file>.state.json`), which says which repositories matched the
 * custom-property selectors. The members are read again every `refreshMs`, in place, so the pages
 * follow the crawl without a restart. Undefined when no forum is configured.
 */
export async function forumFromEnv(
  env: NodeJS.ProcessEnv,
  refreshMs = 600_000,
): Promise<{ config: ForumConfig; members: Record<string, string[]>; stop: () => void } | undefined> {
  const file = env.TCOP_FORUM_FILE?.trim();
  if (!file) return undefined;
  const config = parseForumConfig(await readFile(file, 'utf8'), file);
  const statePath = env.TCOP_FORUM_STATE?.trim() || `${file}.state.json`;
  const members: Record<string, string[]> = {};
  const refresh = async (): Promise<void> => {
    try {
      const state = JSON.parse(await readFile(statePath, 'utf8')) as Partial<CrawlState>;
      for (const key of Object.keys(members)) delete members[key];
      Object.assign(members, state.members ?? {});
    } catch {
      // No crawl yet, or a state being replaced: keep what was read last.
    }
  };
  await refresh();
  const timer = setInterval(() => void refresh(), refreshMs);
  timer.unref();
  return { config, members, stop: () => clearInterval(timer) };
}
