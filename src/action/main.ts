import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEVELS, type Level } from '../engine/check.js';
import { CONFIG_PATH, ConfigError } from '../engine/config-file.js';
import type { Report } from '../engine/report.js';
import { FORMATS, isFormat, loadReporter, type Format } from '../cli/reporters/index.js';
import { UsageError } from '../cli/usage-error.js';

/**
 * The GitHub Action's entry point (action.yml): audits the checked-out repository, writes the
 * Markdown report to the job summary, annotations as workflow commands, a SARIF file for code
 * scanning and any other formats asked for, and sets the outputs. Inputs arrive as INPUT_* variables.
 */

export interface ActionIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
}

/** `fail-on`: when the step fails. */
const FAIL_ON = ['required', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];

const EXTENSIONS: Record<Format, string> = {
  text: 'txt',
  json: 'json',
  sarif: 'sarif',
  markdown: 'md',
  github: 'annotations.txt',
  junit: 'xml',
  gitlab: 'gitlab.json',
  'in-toto': 'intoto.json',
};

export interface ActionInputs {
  path: string;
  level?: Level;
  formats: Format[];
  sarif: boolean;
  failOn: FailOn;
  outputDir: string;
}

/**
 * GitHub passes a JavaScript action's `with:` values as INPUT_<NAME> (upper case, hyphens kept);
 * action.yml's composite steps pass them with underscores, which every shell can export.
 */
const input = (env: NodeJS.ProcessEnv, name: string): string => {
  const key = `INPUT_${name.toUpperCase()}`;
  return (env[key] ?? env[key.replace(/-/g, '_')] ?? '').trim();
};

export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const level = input(env, 'level');
  if (level && !(LEVELS as readonly string[]).includes(level))
    throw new UsageError(`input level must be one of ${LEVELS.join(', ')} (got "${level}")`);
  const formats = input(env, 'formats')
    .split(/[\s,]+/)
    .filter((f) => f !== '');
  const unknown = formats.filter((f) => !isFormat(f));
  if (unknown.length > 0)
    throw new UsageError(`input formats: ${unknown.join(', ')} unknown; formats are ${FORMATS.join(', ')}`);
  const sarif = input(env, 'sarif') || 'true';
  if (!['true', 'false'].includes(sarif))
    throw new UsageError(`input sarif must be true or false (got "${sarif}")`);
  const failOn = input(env, 'fail-on') || 'required';
  if (!(FAIL_ON as readonly string[]).includes(failOn))
    throw new UsageError(`input fail-on must be one of ${FAIL_ON.join(', ')} (got "${failOn}")`);
  return {
    path: path.resolve(workspace, input(env, 'path') || '.'),
    ...(level ? { level: level as Level } : {}),
    formats: formats as Format[],
    sarif: sarif === 'true',
    failOn: failOn as FailOn,
    outputDir: path.resolve(workspace, input(env, 'output-dir') || '.tcop-audit'),
  };
}

/** Appends `name=value` to GITHUB_OUTPUT; values with a newline use the heredoc form. */
async function setOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, string>): Promise<void> {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  let text = '';
  for (const [name, value] of Object.entries(outputs)) {
    if (!value.includes('\n')) text += `${name}=${value}\n`;
    else {
      const delimiter = `tcop_${Math.random().toString(36).slice(2)}`;
      text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    }
  }
  await appendFile(file, text);
}

/** The outputs: the level, the gate, and each criterion's level and status. */
export function outputsOf(report: Report, files: Record<string, string>): Record<string, string> {
  const outputs: Record<string, string> = {
    level: report.level ?? 'none',
    'required-level': report.required.level,
    'required-met': String(report.required.met),
    conclusion: report.conclusion,
    criteria: JSON.stringify(
      Object.fromEntries(report.criteria.map((c) => [c.id, { level: c.level ?? 'none', status: c.status }])),
    ),
    checks: JSON.stringify(Object.fromEntries(report.checks.map((c) => [c.id, c.status]))),
  };
  for (const c of report.criteria) outputs[`${c.id}-level`] = c.level ?? 'none';
  for (const [format, file] of Object.entries(files)) outputs[`${format}-file`] = file;
  return outputs;
}

/** Runs the Action; returns the exit code. */
export async function runAction(io: ActionIo): Promise<number> {
  const { env } = io;
  let inputs: ActionInputs;
  let report: Report;
  let anchor: string;
  try {
    inputs = readInputs(env);
    const [{ resolveSource }, { audit }, { CHECKS }] = await Promise.all([
      import('../cli/source.js'),
      import('../engine/run.js'),
      import('../../checks/index.js'),
    ]);
    const source = await resolveSource(inputs.path, env);
    const result = await audit(source, { checks: CHECKS, ...(inputs.level ? { level: inputs.level } : {}) });
    report = result.report;
    const readme = result.snapshot.listDir('').find((p) => /^readme(\.[a-z0-9]+)?$/i.test(p));
    anchor = readme ?? (result.snapshot.has(CONFIG_PATH) ? CONFIG_PATH : 'README.md');
  } catch (error) {
    const message =
      error instanceof ConfigError
        ? `${error.file}${error.line ? `:${error.line}` : ''}: ${error.field ? `${error.field}: ` : ''}${error.detail}`
        : (error as Error).message;
    const { escapeData } = await import('../cli/reporters/github.js');
    io.stdout.write(`::error title=tcop-audit::${escapeData(message)}\n`);
    return 2;
  }

  const render = async (format: Format): Promise<string> =>
    (await loadReporter(format)).render(report, { color: false, anchor });
  io.stdout.write(await render('github'));
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, await render('markdown'));

  const files: Record<string, string> = {};
  const wanted = new Set<Format>([...(inputs.sarif ? (['sarif'] as const) : []), ...inputs.formats]);
  if (wanted.size > 0) await mkdir(inputs.outputDir, { recursive: true });
  for (const format of wanted) {
    const file = path.join(inputs.outputDir, `tcop-audit.${EXTENSIONS[format]}`);
    try {
      await writeFile(file, await render(format));
    } catch (error) {
      // in-toto needs a commit; a format that cannot describe this audit is named, the rest still written.
      if (!(error instanceof UsageError)) throw error;
      io.stdout.write(`::warning title=tcop-audit::${format}: ${error.message}\n`);
      continue;
    }
    files[format] = file;
  }
  await setOutputs(env, outputsOf(report, files));
  return inputs.failOn === 'required' && report.conclusion === 'failure' ? 1 : 0;
}

const invoked = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (invoked === fileURLToPath(import.meta.url)) {
  process.exitCode = await runAction({ env: process.env, stdout: process.stdout });
}
