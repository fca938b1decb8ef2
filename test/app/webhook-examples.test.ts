import { readFileSync } from 'node:fs';
import path from 'node:path';
import examples from '@octokit/webhooks-examples/api.github.com/index.json' with { type: 'json' };
import type { Probot } from 'probot';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import licenceFile from '../../checks/licence-file.js';
import readme from '../../checks/readme.js';
import type { AppHandle } from '../../src/app/index.js';
import { FakeGitHub } from '../../src/devtools/fake-github.js';
import { ROOT } from '../support/check-harness.js';
import { holdToContract } from '../support/contract.js';
import { APP_ID, callLines, expectCalls } from './support.js';
import { loadApp, loopbackOnly } from './load-app.js';

/**
 * Every payload GitHub publishes (@octokit/webhooks-examples) for every event the App receives
 * is replayed against the contract-checked fake: no crash, no contract violation, and exactly the
 * API calls that event calls for. docs/app.md has the same table in words.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- published payloads of many shapes, read field by field
type Payload = Record<string, any>;
interface Example {
  name: string;
  examples: Payload[];
}

const manifest = parse(readFileSync(path.join(ROOT, 'app.yml'), 'utf8')) as { default_events: string[] };
// An App always receives these two, whatever it subscribes to.
const EVENTS = [...manifest.default_events, 'installation', 'installation_repositories'];
const NAMES = ['TCoP 3 · Open source', 'TCoP 4 · Open standards', 'TCoP 6 · Secure', 'TCoP 12 · Sustainable'];
const README = new Map([['README.md', Buffer.from('# Hello\n')]]);

/** What the App does with each event and action; anything else is ignored (docs/app.md). */
type Handling = 'audit' | 'audit-adopt' | 'audit-head' | 'ignored';
function handlingOf(event: string, p: Payload): Handling {
  if (!p.installation) return 'ignored';
  switch (event) {
    case 'push':
      return !p.deleted && p.ref === `refs/heads/${p.repository.default_branch}` ? 'audit' : 'ignored';
    case 'pull_request':
      return ['opened', 'synchronize'].includes(p.action)
        ? 'audit'
        : p.action === 'reopened'
          ? 'audit-adopt'
          : 'ignored';
    case 'check_suite':
      return p.action === 'requested' ? 'audit' : p.action === 'rerequested' ? 'audit-adopt' : 'ignored';
    case 'check_run':
      return p.action === 'rerequested' ? 'audit-adopt' : 'ignored';
    case 'installation':
      return p.action === 'created' ? 'audit-head' : 'ignored';
    case 'installation_repositories':
      return p.action === 'added' ? 'audit-head' : 'ignored';
    default:
      // repository events change what the store shows; they make no API call.
      return 'ignored';
  }
}

/** The commit audited, its pull request's base, and the repositories an installation event names. */
function targetOf(event: string, p: Payload): { head?: string; base?: string; repos: string[] } {
  const repos = p.repository
    ? [p.repository.full_name as string]
    : ((p.repositories ?? p.repositories_added ?? []) as { full_name: string }[]).map((r) => r.full_name);
  const suite = p.check_suite ?? p.check_run;
  switch (event) {
    case 'push':
      return { head: p.after, repos };
    case 'pull_request':
      return { head: p.pull_request.head.sha, base: p.pull_request.base.sha, repos };
    case 'check_suite':
    case 'check_run':
      return { head: suite.head_sha, base: suite.pull_requests?.[0]?.base.sha, repos };
    default:
      return { repos };
  }
}

let fake: FakeGitHub | undefined;
let handle: AppHandle | undefined;
holdToContract(() => fake);

loopbackOnly();
afterEach(async () => {
  await handle?.close();
  await fake?.stop();
  handle = undefined;
});

const cases = (examples as Example[])
  .filter((e) => EVENTS.includes(e.name))
  .flatMap((e) => e.examples.map((payload, i) => ({ event: e.name, i, payload })));

describe('every published webhook example of every subscribed event replays', () => {
  it('covers every subscribed event', () => {
    expect(new Set(cases.map((c) => c.event))).toEqual(new Set(EVENTS));
  });

  it.each(
    cases.map((c) => [`${c.event}${c.payload.action ? `.${c.payload.action}` : ''} #${c.i}`, c] as const),
  )('%s', async (_title, { event, payload }) => {
    fake = new FakeGitHub();
    await fake.start();
    const handling = handlingOf(event, payload);
    const { head, base, repos } = targetOf(event, payload);
    const heads = new Map<string, string>();
    for (const fullName of repos) {
      const [owner, name] = fullName.split('/') as [string, string];
      const first = fake.addRepo({
        owner,
        name,
        files: README,
        installationId: payload.installation?.id ?? 1,
        defaultBranch: payload.repository?.default_branch ?? 'main',
        ...(base ? { sha: base } : head ? { sha: head } : {}),
      });
      heads.set(fullName, base && head ? fake.commit(owner, name, README, head) : first);
    }
    const loaded = await loadApp(fake, { checks: [licenceFile, readme] });
    const probot = loaded.probot;
    handle = loaded.handle;
    await probot.receive({ id: `example-${event}`, name: event, payload } as Parameters<
      Probot['receive']
    >[0]);
    await handle?.queue.idle();

    const expected: string[] = [];
    if (handling !== 'ignored') {
      expected.push(`POST /app/installations/${payload.installation.id}/access_tokens`);
      for (const fullName of repos) {
        const sha = handling === 'audit-head' ? (heads.get(fullName) as string) : (head as string);
        const runs = `/repos/${fullName}/check-runs`;
        const read = (commit: string): string[] => [
          `GET /repos/${fullName}/git/trees/${commit}?recursive=1`,
          `GRAPHQL TcopBlobs ${fullName}@${commit} README.md`,
        ];
        const list = `GET /repos/${fullName}/commits/${sha}/check-runs?filter=latest&per_page=100&app_id=${APP_ID}`;
        const config = `GRAPHQL TcopConfig ${fullName}@${handling === 'audit-head' ? 'HEAD' : sha}`;
        expected.push(
          // A re-run looks up its runs before reading; an installation resolves the head first.
          ...(handling === 'audit' ? [config] : handling === 'audit-adopt' ? [list, config] : [config, list]),
          ...NAMES.map((n) => `POST ${runs} ${n} in_progress`),
          ...read(sha),
          ...(base ? [`GRAPHQL TcopConfig ${fullName}@${base}`, ...read(base)] : []),
          ...NAMES.map((_, k) => `PATCH ${runs}/${k + 1} ${k === 0 ? 'failure' : 'neutral'}`),
        );
      }
    }
    expectCalls(callLines(fake.requests), expected);
    expect(callLines(fake.requests)).toHaveLength(expected.length);
  });
});
