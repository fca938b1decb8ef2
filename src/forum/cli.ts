import { readFile, rename, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openStore, storeLocation } from '../store/index.js';
import { ForumConfigError, parseForumConfig, type ForumConfig } from './config.js';
import { crawl, emptyCrawlState, RateBudget, type CrawlResult, type CrawlState } from './crawl.js';
import { crawlClients } from './github.js';
import { deliverEvents } from './webhook.js';

export const CRAWL_HELP = `Usage: tcop-audit crawl <forum.yml> [options]

Audits the public repositories of the suppliers forum.yml names, without any installation,
with the forum's own token (TCOP_FORUM_TOKEN, else GITHUB_TOKEN or GH_TOKEN; no scopes are
needed). Unchanged and archived repositories are skipped; the crawl keeps within the share of
the rate limit forum.yml allows (crawl.rateLimitShare), pausing until the reset.

Options:
      --state <file>     ETags and last audited commits (default: <forum.yml>.state.json)
      --store [url]      the audit store: postgres:// URL or sqlite:<file> (default:
                         DATABASE_URL, else ./data)
      --schedule         keep running: crawl again every crawl.everyHours hours
  -q, --quiet            print only errors
  -h, --help             show this help

Exit codes: 0 every selected repository was audited or skipped; 1 some could not be
audited; 2 usage error or invalid forum.yml.
`;

interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
}

export async function crawlCommand(argv: readonly string[], io: Io): Promise<number> {
  let values: { state?: string; store?: string; schedule?: boolean; quiet?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        state: { type: 'string' },
        store: { type: 'string' },
        schedule: { type: 'boolean', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    io.stderr.write(
      `tcop-audit crawl: ${(error as Error).message}\nRun tcop-audit crawl --help for usage.\n`,
    );
    return 2;
  }
  if (values.help) {
    io.stdout.write(CRAWL_HELP);
    return 0;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    io.stderr.write('tcop-audit crawl: name one forum.yml\nRun tcop-audit crawl --help for usage.\n');
    return 2;
  }
  let forum: ForumConfig;
  try {
    forum = parseForumConfig(await readFile(file, 'utf8'), file);
  } catch (error) {
    const message =
      error instanceof ForumConfigError ? error.message : `${file}: ${(error as Error).message}`;
    io.stderr.write(`tcop-audit crawl: ${message}\n`);
    return 2;
  }
  const token = io.env.TCOP_FORUM_TOKEN || io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  if (!token) {
    io.stderr.write("tcop-audit crawl: set TCOP_FORUM_TOKEN (or GITHUB_TOKEN) to the forum's token\n");
    return 2;
  }
  const statePath = values.state ?? `${file}.state.json`;
  const databaseUrl = values.store || io.env.DATABASE_URL;
  const store = await openStore(databaseUrl ? { databaseUrl } : {});
  const log = (line: string): void => void (values.quiet ? undefined : io.stderr.write(`${line}\n`));
  try {
    for (;;) {
      const state = await readState(statePath);
      const budget = new RateBudget(forum.crawl.rateLimitShare);
      const { http, client } = crawlClients({
        token,
        budget,
        ...(io.env.GITHUB_API_URL ? { baseUrl: io.env.GITHUB_API_URL } : {}),
      });
      const { CHECKS } = await import('../../checks/index.js');
      const result = await crawl({ forum, http, client, store, checks: CHECKS, state, budget, log });
      await writeState(statePath, state);
      if (!values.quiet)
        io.stdout.write(`${summary(result)} Store: ${storeLocation(databaseUrl ? { databaseUrl } : {})}\n`);
      for (const f of result.failed) io.stderr.write(`tcop-audit crawl: ${f.repository}: ${f.error}\n`);
      if (forum.webhook && result.events.length > 0) {
        const secret = io.env.TCOP_FORUM_WEBHOOK_SECRET;
        if (!secret) io.stderr.write('tcop-audit crawl: webhook not sent: set TCOP_FORUM_WEBHOOK_SECRET\n');
        else
          await deliverEvents({
            url: forum.webhook.url,
            secret,
            forum: forum.name,
            events: result.events,
          }).then(
            () => log(`sent ${result.events.length} events to the webhook`),
            // The events stay in the feeds; a receiver that is down is told nothing, and the crawl goes on.
            (error: unknown) => io.stderr.write(`tcop-audit crawl: webhook: ${(error as Error).message}\n`),
          );
      }
      if (!values.schedule) return result.failed.length > 0 ? 1 : 0;
      await new Promise((r) => setTimeout(r, forum.crawl.everyHours * 3_600_000));
    }
  } finally {
    await store.close();
  }
}

export function summary(result: CrawlResult): string {
  const count = (reason: string): number => result.skipped.filter((s) => s.reason === reason).length;
  return [
    `Audited ${result.audited.length};`,
    `unchanged ${count('unchanged')}, archived ${count('archived')}, audited by the App ${count('installed')}, not public ${count('not-public')}, not selected ${count('filtered')};`,
    `failed ${result.failed.length}.`,
    `${result.requests.total} API requests (${result.requests.notModified} answered 304, free)${result.pauses > 0 ? `, ${result.pauses} pauses for the rate limit` : ''}.`,
    result.missingAccounts.length > 0 ? `Not found on GitHub: ${result.missingAccounts.join(', ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

async function readState(file: string): Promise<CrawlState> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as CrawlState;
    return parsed.version === 1 ? { ...emptyCrawlState(), ...parsed } : emptyCrawlState();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyCrawlState();
    // A damaged state only costs a full crawl; it is never a reason not to crawl.
    return emptyCrawlState();
  }
}

/** Written beside and renamed over, so a crash mid-write leaves the previous state whole. */
async function writeState(file: string, state: CrawlState): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state)}\n`);
  await rename(temporary, file);
}
