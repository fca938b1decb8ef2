import { appJson, nodeId } from './objects.js';

/**
 * Check runs as GitHub keeps them: annotations are appended on every create and update, never
 * replaced; at most 50 per request; `summary` and `text` at most 65,535 UTF-8 bytes and `title`
 * at most 255 characters; `completed` needs a conclusion
 * (docs.github.com/en/rest/checks/runs#update-a-check-run).
 */

export const MAX_ANNOTATIONS_PER_REQUEST = 50;
export const MAX_OUTPUT_BYTES = 65_535;
export const MAX_TITLE_LENGTH = 255;

export interface FakeAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

export interface FakeCheckRun {
  id: number;
  owner: string;
  repo: string;
  name: string;
  head_sha: string;
  external_id: string | null;
  details_url: string | null;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  app_id: number;
  output: {
    title: string | null;
    summary: string | null;
    text: string | null;
    annotations: FakeAnnotation[];
  };
  /** PATCHes received. */
  updates: number;
}

export interface CheckRunInput {
  name?: string;
  head_sha?: string;
  external_id?: string;
  details_url?: string;
  status?: string;
  conclusion?: string;
  started_at?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: FakeAnnotation[] };
}

/** Why GitHub would answer 422, or undefined when it would accept the write. */
export function invalidCheckRunWrite(input: CheckRunInput, existing?: FakeCheckRun): string | undefined {
  const output = input.output;
  if (output) {
    if ((output.annotations?.length ?? 0) > MAX_ANNOTATIONS_PER_REQUEST)
      return `Only ${MAX_ANNOTATIONS_PER_REQUEST} annotations are allowed per request`;
    for (const field of ['summary', 'text'] as const) {
      const value = output[field];
      if (value !== undefined && Buffer.byteLength(value, 'utf8') > MAX_OUTPUT_BYTES)
        return `output.${field} is too long (maximum is ${MAX_OUTPUT_BYTES} characters)`;
    }
    if (output.title !== undefined && [...output.title].length > MAX_TITLE_LENGTH)
      return `output.title is too long (maximum is ${MAX_TITLE_LENGTH} characters)`;
    for (const a of output.annotations ?? []) {
      if (a.end_line < a.start_line) return 'annotation end_line is before start_line';
      if ((a.start_column !== undefined || a.end_column !== undefined) && a.start_line !== a.end_line)
        return 'annotation columns are only allowed when start_line equals end_line';
    }
  }
  const status = input.status ?? (input.conclusion ? 'completed' : existing?.status);
  if ((status === 'completed' || input.completed_at) && !(input.conclusion ?? existing?.conclusion))
    return 'conclusion is required when status is completed';
  return undefined;
}

export function createCheckRun(
  id: number,
  owner: string,
  repo: string,
  appId: number,
  input: CheckRunInput,
): FakeCheckRun {
  const run: FakeCheckRun = {
    id,
    owner,
    repo,
    name: input.name ?? '',
    head_sha: input.head_sha ?? '',
    external_id: input.external_id ?? null,
    details_url: input.details_url ?? null,
    status: 'queued',
    conclusion: null,
    started_at: input.started_at ?? new Date().toISOString(),
    completed_at: null,
    app_id: appId,
    output: { title: null, summary: null, text: null, annotations: [] },
    updates: 0,
  };
  applyCheckRunWrite(run, input);
  return run;
}

export function applyCheckRunWrite(run: FakeCheckRun, input: CheckRunInput): void {
  if (input.name !== undefined) run.name = input.name;
  if (input.external_id !== undefined) run.external_id = input.external_id;
  if (input.details_url !== undefined) run.details_url = input.details_url;
  if (input.started_at !== undefined) run.started_at = input.started_at;
  if (input.conclusion !== undefined) {
    run.status = 'completed';
    run.conclusion = input.conclusion;
    run.completed_at = input.completed_at ?? new Date().toISOString();
  } else if (input.status !== undefined) {
    run.status = input.status;
    if (input.status !== 'completed') {
      run.conclusion = null;
      run.completed_at = null;
    }
  }
  if (input.output) {
    const { annotations = [], ...text } = input.output;
    if (text.title !== undefined) run.output.title = text.title;
    if (text.summary !== undefined) run.output.summary = text.summary;
    if (text.text !== undefined) run.output.text = text.text;
    // Appended, always: GitHub never replaces or removes an annotation once posted.
    run.output.annotations.push(...annotations);
  }
}

export function checkRunJson(base: string, run: FakeCheckRun): Record<string, unknown> {
  const api = `${base}/repos/${run.owner}/${run.repo}/check-runs/${run.id}`;
  return {
    id: run.id,
    node_id: nodeId('CR', run.id),
    head_sha: run.head_sha,
    external_id: run.external_id,
    url: api,
    html_url: `https://github.com/${run.owner}/${run.repo}/runs/${run.id}`,
    details_url: run.details_url,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.started_at,
    completed_at: run.completed_at,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.output.annotations.length,
      annotations_url: `${api}/annotations`,
    },
    name: run.name,
    check_suite: { id: 1 },
    app: appJson(base, run.app_id),
    pull_requests: [],
  };
}

export function annotationJson(base: string, run: FakeCheckRun, a: FakeAnnotation): Record<string, unknown> {
  return {
    path: a.path,
    start_line: a.start_line,
    end_line: a.end_line,
    start_column: a.start_column ?? null,
    end_column: a.end_column ?? null,
    annotation_level: a.annotation_level,
    title: a.title ?? null,
    message: a.message,
    raw_details: a.raw_details ?? null,
    blob_href: `https://github.com/${run.owner}/${run.repo}/blob/${run.head_sha}/${a.path}`,
  };
}

/** `filter=latest` (GitHub's default): the newest run of each name. */
export function latestByName(runs: readonly FakeCheckRun[]): FakeCheckRun[] {
  const newest = new Map<string, FakeCheckRun>();
  for (const run of runs) {
    const seen = newest.get(run.name);
    if (!seen || run.id > seen.id) newest.set(run.name, run);
  }
  return runs.filter((r) => newest.get(r.name) === r);
}
