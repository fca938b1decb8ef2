import type { GitHubClient } from '../snapshot/github/index.js';
import {
  ANNOTATIONS_PER_REQUEST,
  CHECK_RUN_NAMES,
  type Annotation,
  type CheckRunOutput,
} from './check-runs.js';

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
 * A check run this App made, and the annotations it already carries. GitHub appends annotations
 * on every update and never removes one, so a repeated audit must know what is there.
 */
export interface KnownRun {
  id: number;
  /** Keys of the annotations posted; undefined when only their number is known (an adopted run). */
  posted?: string[];
  /** How many annotations GitHub says the run has (from the listing). */
  annotationsCount: number;
}

/**
 * Check runs by audit id, so a retried or repeated audit in this process updates the runs it
 * created without sending their annotations again. Bounded: the oldest entries go first.
 */
export class CheckRunIdCache {
  private readonly entries = new Map<string, Map<string, KnownRun>>();
  constructor(private readonly capacity = 2000) {}

  get(externalId: string): Map<string, KnownRun> {
    let runs = this.entries.get(externalId);
    if (!runs) {
      runs = new Map();
      this.entries.set(externalId, runs);
      if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    }
    return runs;
  }
}

interface ListedRun {
  id: number;
  name: string;
  external_id: string | null;
  output?: { annotations_count?: number };
}

interface ListedAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: string | null;
  title: string | null;
  message: string | null;
}

/** What makes two annotations the same one, as GitHub shows them. */
export function annotationKey(
  a: Pick<Annotation, 'path' | 'start_line' | 'end_line'> & ListedAnnotationLike,
): string {
  return [a.path, a.start_line, a.end_line, a.annotation_level ?? '', a.title ?? '', a.message ?? ''].join(
    '\u0000',
  );
}
type ListedAnnotationLike = {
  annotation_level?: string | null;
  title?: string | null;
  message?: string | null;
};

/** The annotations of `wanted` not yet in `posted` (a multiset: two equal ones are two). */
function notYetPosted(wanted: readonly Annotation[], posted: readonly string[]): Annotation[] | undefined {
  const left = new Map<string, number>();
  for (const key of posted) left.set(key, (left.get(key) ?? 0) + 1);
  const out: Annotation[] = [];
  for (const a of wanted) {
    const key = annotationKey(a);
    const n = left.get(key) ?? 0;
    if (n > 0) left.set(key, n - 1);
    else out.push(a);
  }
  // A posted annotation this audit no longer makes cannot be taken back: the run is stale.
  for (const n of left.values()) if (n > 0) return undefined;
  return out;
}

const isServerError = (error: unknown): boolean => {
  const status = (error as { status?: number })?.status;
  return status === undefined || status >= 500;
};

/**
 * Writes the criterion check runs of one audit. Requests are serial: GitHub asks integrators
 * to avoid concurrent content-creating requests (secondary rate limits).
 */
export class CheckRunWriter {
  /** Writes made: the benchmark and the tests count them. */
  writes = 0;
  /** Reads made (run listings, annotation listings). */
  reads = 0;

  constructor(
    private readonly client: GitHubClient,
    private readonly target: CheckRunTarget,
    private readonly runs: Map<string, KnownRun>,
    private readonly appId?: number,
  ) {}

  /** Adopts runs this App already made for the commit with the same audit id (one read). */
  async adoptExisting(appId: number | undefined = this.appId): Promise<void> {
    for (const run of await this.list(appId)) {
      if (!this.runs.has(run.name)) this.runs.set(run.name, run);
    }
  }

  /** This App's latest runs of the commit with this audit id, by name. */
  private async list(
    appId: number | undefined,
    checkName?: string,
  ): Promise<(KnownRun & { name: string })[]> {
    this.reads++;
    const { data } = await this.client.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
      owner: this.target.owner,
      repo: this.target.repo,
      ref: this.target.headSha,
      ...(checkName ? { check_name: checkName } : {}),
      filter: 'latest',
      per_page: 100,
      ...(appId ? { app_id: appId } : {}),
    });
    return (data as { check_runs: ListedRun[] }).check_runs
      .filter((run) => run.external_id === this.target.externalId && CHECK_RUN_NAMES.includes(run.name))
      .map((run) => ({ id: run.id, name: run.name, annotationsCount: run.output?.annotations_count ?? 0 }));
  }

  /** Marks the runs `in_progress` at once, so the PR shows the audit has started. */
  async start(names: readonly string[] = CHECK_RUN_NAMES): Promise<void> {
    const startedAt = new Date().toISOString();
    for (const name of names) {
      const run = this.runs.get(name);
      if (run !== undefined) await this.patch(run.id, { status: 'in_progress', started_at: startedAt });
      else await this.create(name, startedAt);
    }
  }

  /**
   * Creates a run. A create that failed with a 5xx or no answer may still have been made on
   * GitHub: look it up by name and audit id before creating it again, so no duplicate appears.
   */
  private async create(name: string, startedAt: string): Promise<KnownRun> {
    const body = {
      owner: this.target.owner,
      repo: this.target.repo,
      name,
      head_sha: this.target.headSha,
      external_id: this.target.externalId,
      status: 'in_progress',
      started_at: startedAt,
      ...(this.target.detailsUrl ? { details_url: this.target.detailsUrl } : {}),
      // Retried here, after the look-up, not blindly by the retry plugin.
      request: { retries: 0 },
    };
    let data: { id: number };
    this.writes++;
    try {
      ({ data } = (await this.client.request('POST /repos/{owner}/{repo}/check-runs', body)) as {
        data: { id: number };
      });
    } catch (error) {
      if (!isServerError(error)) throw error;
      const made = (await this.list(this.appId, name)).find((r) => r.name === name);
      if (made) {
        this.runs.set(name, made);
        return made;
      }
      this.writes++;
      ({ data } = (await this.client.request('POST /repos/{owner}/{repo}/check-runs', body)) as {
        data: { id: number };
      });
    }
    const run: KnownRun = { id: data.id, posted: [], annotationsCount: 0 };
    this.runs.set(name, run);
    return run;
  }

  /** What a run already carries: remembered, or read from GitHub when only the count is known. */
  private async postedOf(run: KnownRun): Promise<string[]> {
    if (run.posted) return run.posted;
    if (run.annotationsCount === 0) return (run.posted = []);
    const posted: string[] = [];
    for (let page = 1; posted.length < run.annotationsCount; page++) {
      this.reads++;
      const { data } = await this.client.request(
        'GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations',
        { owner: this.target.owner, repo: this.target.repo, check_run_id: run.id, per_page: 100, page },
      );
      const items = data as ListedAnnotation[];
      posted.push(...items.map(annotationKey));
      if (items.length < 100) break;
    }
    return (run.posted = posted);
  }

  /**
   * Completes each run with only the annotations it does not carry yet; annotations beyond the
   * first 50 go in further updates, 50 at a time. A run carrying an annotation this audit no
   * longer makes is replaced by a new run, since GitHub cannot remove an annotation.
   */
  async complete(outputs: readonly CheckRunOutput[]): Promise<void> {
    const completedAt = new Date().toISOString();
    for (const output of outputs) {
      let run = this.runs.get(output.name) ?? (await this.create(output.name, completedAt));
      let annotations = notYetPosted(output.annotations, await this.postedOf(run));
      if (annotations === undefined) {
        this.runs.delete(output.name);
        run = await this.create(output.name, completedAt);
        annotations = output.annotations;
      }
      const base = {
        title: output.title,
        summary: output.summary,
        ...(output.text ? { text: output.text } : {}),
      };
      await this.patch(run.id, {
        status: 'completed',
        conclusion: output.conclusion,
        completed_at: completedAt,
        output: { ...base, annotations: annotations.slice(0, ANNOTATIONS_PER_REQUEST) },
      });
      this.posted(run, annotations.slice(0, ANNOTATIONS_PER_REQUEST));
      for (let i = ANNOTATIONS_PER_REQUEST; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
        const batch = annotations.slice(i, i + ANNOTATIONS_PER_REQUEST);
        await this.patch(run.id, { output: { ...base, annotations: batch } });
        this.posted(run, batch);
      }
    }
  }

  private posted(run: KnownRun, annotations: readonly Annotation[]): void {
    run.posted = [...(run.posted ?? []), ...annotations.map(annotationKey)];
    run.annotationsCount = run.posted.length;
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
