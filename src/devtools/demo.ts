import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UnthrottledOctokit } from '../app/octokit.js';
import { startApp } from '../app/server.js';
import { CONCLUSION_STATUS, STATUS_ICONS, type ConclusionLike } from '../present/vocabulary.js';
import { FakeGitHub, readTree, sendWebhook, type FakeCheckRun } from './fake-github.js';

/**
 * `npm run demo`: the App, offline. A loopback fake GitHub serves a fixture repository; signed
 * webhooks (a push, then a pull request) go to the running App over HTTP; the check runs it
 * posts are printed. No GitHub account, token or network needed.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 'demo-webhook-secret';

const conclusionIcon = (conclusion: string | null): string =>
  conclusion !== null && Object.hasOwn(CONCLUSION_STATUS, conclusion)
    ? STATUS_ICONS[CONCLUSION_STATUS[conclusion as ConclusionLike]]
    : '…';

let quiet = false;

function printRuns(runs: readonly FakeCheckRun[]): void {
  if (quiet) return;
  for (const run of runs)
    console.log(
      `  ${conclusionIcon(run.conclusion)} ${run.name.padEnd(26)} ${String(run.conclusion).padEnd(16)} ${run.output.title ?? ''}`,
    );
}

function payload(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(ROOT, 'fixtures/webhooks', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** What the demo left on the fake GitHub: every check run of each commit it audited. */
export interface DemoResult {
  commits: { sha: string; runs: FakeCheckRun[]; annotations: Record<number, string[]> }[];
}

/**
 * `reruns` presses "Re-run all checks" that many times on each commit after its first audit, as
 * a reviewer would: GitHub appends annotations, so each must appear once however often it runs.
 */
export async function demo(options: { reruns?: number; print?: boolean } = {}): Promise<DemoResult> {
  const reruns = options.reruns ?? 2;
  quiet = options.print === false;
  const log = quiet ? () => undefined : console.log;
  const fake = new FakeGitHub();
  await fake.start();
  const baseFiles = await readTree(path.join(ROOT, 'fixtures/repos/licence-mit-crown-copyright'));
  const base = fake.addRepo({ owner: 'acme-gov', name: 'payments-api', files: baseFiles });
  const privateKey = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  // The fake must stop even when the App does not start (a port in use, a bad setting).
  const app = await startApp({
    env: {
      ...process.env,
      APP_ID: '123456',
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: SECRET,
      GITHUB_API_URL: fake.url,
      TCOP_STORE: 'off',
      TCOP_REAUDIT_INTERVAL_HOURS: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    port: 0,
    // On loopback there is no GitHub to protect: no pacing between writes.
    Octokit: UnthrottledOctokit,
  }).catch(async (error: unknown) => {
    await fake.stop();
    throw error;
  });
  log(`Fake GitHub at ${fake.url}; App at ${app.url}\n`);
  try {
    const webhookUrl = `${app.url}/api/github/webhooks`;
    fake.resetLog();
    let started = performance.now();
    await sendWebhook(webhookUrl, {
      event: 'push',
      secret: SECRET,
      payload: { ...payload('push'), after: base },
    });
    printRunsHeader(`push to main (${base.slice(0, 7)})`);
    printRuns(await fake.waitForCheckRuns(base, 4));
    await app.handle.queue.idle();
    printCost(fake, performance.now() - started);

    // A pull request that adds a security policy and a Word document.
    const headFiles = new Map(baseFiles);
    headFiles.set(
      'SECURITY.md',
      Buffer.from(
        '# Security policy\n\nReport vulnerabilities to security@acme.example.gov.uk. We reply within 5 working days.\n',
      ),
    );
    headFiles.set('docs/Service design.docx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
    const head = fake.commit('acme-gov', 'payments-api', headFiles);
    const pr = payload('pull_request.opened') as {
      pull_request: Record<string, unknown> & {
        head: Record<string, unknown>;
        base: Record<string, unknown>;
      };
    };
    fake.resetLog();
    started = performance.now();
    await sendWebhook(webhookUrl, {
      event: 'pull_request',
      secret: SECRET,
      payload: {
        ...pr,
        pull_request: {
          ...pr.pull_request,
          head: { ...pr.pull_request.head, sha: head },
          base: { ...pr.pull_request.base, sha: base },
        },
      },
    });
    printRunsHeader(`pull request #17 (${head.slice(0, 7)} onto ${base.slice(0, 7)})`);
    const runs = await fake.waitForCheckRuns(head, 4);
    printRuns(runs);
    await app.handle.queue.idle();
    printCost(fake, performance.now() - started);

    const shown =
      runs.find((r) => /\*\*(Introduces|Fixes) /.test(r.output.summary ?? '')) ??
      runs.find((r) => r.conclusion === 'failure') ??
      runs[0];
    log(`\n──── summary of "${shown?.name}" as GitHub shows it (markdown) ────\n`);
    log(shown?.output.summary);

    // Re-run all checks on both commits, `reruns` times: the same four runs, no annotation twice.
    const suite = payload('check_suite.rerequested') as { check_suite: Record<string, unknown> };
    const pull = (suite.check_suite.pull_requests as Record<string, Record<string, unknown>>[])[0] ?? {};
    for (let n = 1; n <= reruns; n++) {
      for (const [sha, pulls] of [
        [base, []],
        [head, [{ ...pull, base: { ...pull.base, sha: base }, head: { ...pull.head, sha: head } }]],
      ] as const) {
        await sendWebhook(webhookUrl, {
          event: 'check_suite',
          secret: SECRET,
          payload: { ...suite, check_suite: { ...suite.check_suite, head_sha: sha, pull_requests: pulls } },
          deliveryId: `demo-rerun-${n}-${sha}`,
        });
        await app.handle.queue.idle();
      }
    }
    const commits = [base, head].map((sha) => {
      const runs = fake.checkRunsFor('acme-gov', 'payments-api', sha);
      const annotations = Object.fromEntries(
        runs.map((r) => [r.id, fake.annotations(r.id).map((a) => `${a.path}:${a.start_line} ${a.message}`)]),
      );
      return { sha, runs, annotations };
    });
    if (reruns > 0) {
      log(`\nRe-run all checks ${reruns} times on each commit:`);
      for (const c of commits)
        log(
          `  ${c.sha.slice(0, 7)}: ${c.runs.length} check runs (${c.runs.filter((r) => r.status === 'completed').length} completed), ${Object.values(c.annotations).flat().length} annotations`,
        );
    }
    return { commits };
  } finally {
    await app.close();
    await fake.stop();
  }
}

function printRunsHeader(what: string): void {
  if (quiet) return;
  console.log(`\n${what}: check runs posted`);
}

function printCost(fake: FakeGitHub, ms: number): void {
  const writes = fake.requests.filter((r) => r.path.includes('/check-runs') && r.method !== 'GET').length;
  const token = fake.requests.filter((r) => r.path.endsWith('/access_tokens')).length;
  const reads = fake.requests.length - writes - token;
  if (quiet) return;
  console.log(
    `  → ${reads} reads, ${writes} check-run writes${token ? `, ${token} token request` : ''}; webhook to last check run ${ms.toFixed(0)} ms`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  demo().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
