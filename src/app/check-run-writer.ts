import type { GitHubClient } from '../snapshot/github/index.js';
import { ANNOTATIONS_PER_REQUEST, CHECK_RUN_NAMES, type CheckRunOutput } from './check-runs.js';

export interface CheckRunTarget {
  owner: string;
  repo: string;
  headSha: string;
  /** The audit id: the same commit audited again updates the same runs, never adds more. */
  externalId: string;
  detailsUrl?: string;
}

/** The audit id shared by a commit's check runs. */
export function auditId(owner: string, repo: string, sha: string): string {
  return `tcop-audit:${owner}/${repo}@${sha}`;
}

/**
 * Check-run ids by audit id, so a retried or repeated audit in this process updates the runs
 * it created. Bounded: the oldest entries go first.
 */
export class CheckRunIdCache {
  private readonly entries = new Map<string, Map<string, number>>();
  constructor(private readonly capacity = 2000) {}

  get(externalId: string): Map<string, number> {
    let ids = this.entries.get(externalId);
    if (!ids) {
      ids = new Map();
      this.entries.set(externalId, ids);
      if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    }
    return ids;
  }
}

interface ListedRun {
  id: number;
  name: string;
  external_id: string | null;
}

/**
 * Writes the criterion check runs of one audit. Requests are serial: GitHub asks integrators
 * to avoid concurrent content-creating requests (secondary rate limits).
 */
export class CheckRunWriter {
  /** Writes made: the benchmark and the tests count them. */
  writes = 0;

  constructor(
    private readonly client: GitHubClient,
    private readonly target: CheckRunTarget,
    private readonly ids: Map<string, number>,
  ) {}

  /** Adopts runs this App already made for the commit with the same audit id (one read). */
  async adoptExisting(appId: number | undefined): Promise<void> {
    const { data } = await this.client.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
      owner: this.target.owner,
      repo: this.target.repo,
      ref: this.target.headSha,
      filter: 'latest',
      per_page: 100,
      ...(appId ? { app_id: appId } : {}),
    });
    for (const run of (data as { check_runs: ListedRun[] }).check_runs) {
      if (
        run.external_id === this.target.externalId &&
        CHECK_RUN_NAMES.includes(run.name) &&
        !this.ids.has(run.name)
      )
        this.ids.set(run.name, run.id);
    }
  }

  /** Marks the runs `in_progress` at once, so the PR shows the audit has started. */
  async start(names: readonly string[] = CHECK_RUN_NAMES): Promise<void> {
    const startedAt = new Date().toISOString();
    for (const name of names) {
      const id = this.ids.get(name);
      if (id !== undefined) {
        await this.patch(id, { status: 'in_progress', started_at: startedAt });
        continue;
      }
      this.writes++;
      const { data } = await this.client.request('POST /repos/{owner}/{repo}/check-runs', {
        owner: this.target.owner,
        repo: this.target.repo,
        name,
        head_sha: this.target.headSha,
        external_id: this.target.externalId,
        status: 'in_progress',
        started_at: startedAt,
        ...(this.target.detailsUrl ? { details_url: this.target.detailsUrl } : {}),
      });
      this.ids.set(name, (data as { id: number }).id);
    }
  }

  /** Completes each run; annotations beyond the first 50 go in further updates, 50 at a time. */
  async complete(outputs: readonly CheckRunOutput[]): Promise<void> {
    const completedAt = new Date().toISOString();
    for (const output of outputs) {
      const id = this.ids.get(output.name);
      if (id === undefined) {
        await this.start([output.name]);
      }
      const runId = this.ids.get(output.name) as number;
      const base = {
        title: output.title,
        summary: output.summary,
        ...(output.text ? { text: output.text } : {}),
      };
      await this.patch(runId, {
        status: 'completed',
        conclusion: output.conclusion,
        completed_at: completedAt,
        output: { ...base, annotations: output.annotations.slice(0, ANNOTATIONS_PER_REQUEST) },
      });
      for (let i = ANNOTATIONS_PER_REQUEST; i < output.annotations.length; i += ANNOTATIONS_PER_REQUEST) {
        await this.patch(runId, {
          output: { ...base, annotations: output.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST) },
        });
      }
    }
  }

  private async patch(id: number, body: Record<string, unknown>): Promise<void> {
    this.writes++;
    await this.client.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      owner: this.target.owner,
      repo: this.target.repo,
      check_run_id: id,
      ...body,
    });
  }
}
