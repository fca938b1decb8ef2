import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LEVELS, type Level } from '../engine/check.js';
import { CONFIG_PATH, ConfigError, isCalendarDate } from '../engine/config-file.js';
import type { Report } from '../engine/report.js';
import { TOOL_VERSION } from '../engine/version.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { SnapshotSource } from '../snapshot/types.js';
import {
  DEFAULT_FORMAT,
  FORMATS,
  REPORTERS,
  isFormat,
  loadReporter,
  type Format,
} from './reporters/index.js';
import { visibleLines } from '../present/visible.js';
import { UsageError } from './usage-error.js';

/** Exit codes: the contract scripts and CI rely on. */
export const EXIT = {
  /** Every check at or below the required level passed (or advisory mode). */
  ok: 0,
  /** A check at or below the required level failed. */
  failed: 1,
  /** The audit could not run as asked: bad arguments, an invalid config, an unreadable target. */
  usage: 2,
} as const;

const FORMAT_LIST = REPORTERS.map(
  (r) =>
    `                             ${r.name.padEnd(9)} ${r.summary}${r.name === DEFAULT_FORMAT ? ' (default)' : ''}`,
).join('\n');

export const HELP = `Usage: tcop-audit [options] [path | owner/repo[@ref]]
       tcop-audit crawl <forum.yml> [options]   (see tcop-audit crawl --help)

Audits a repository against the Technology Code of Practice (TCoP 3, 4, 6 and 12)
and prints a report. The target defaults to the current directory.

Options:
  -f, --format <format>      report format:
${FORMAT_LIST}
  -o, --output <file>        write the report to a file instead of stdout
  -c, --config <file>        use this config instead of the target's ${CONFIG_PATH}
  -l, --level <level>        required level: baseline, standard or exemplar
                             (default: the config's level, else baseline)
      --now <iso-date>       audit as of this date (expiry and end-of-life dates)
      --store [url]          save the report to the audit store: a postgres:// URL,
                             sqlite:<file>, or DATABASE_URL / ./data by default
  -q, --quiet                print nothing; the exit code tells the result
  -h, --help                 show this help
  -v, --version              show the version

Exit codes:
  0  every check at or below the required level passes (or mode: advisory)
  1  a check at or below the required level fails
  2  usage error, invalid config, or a target that cannot be read
`;

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
}

interface CliOptions {
  target: string;
  format: Format;
  output?: string;
  config?: string;
  level?: Level;
  now?: Date;
  /** Present when --store was given: the URL, or '' for the default store. */
  store?: string;
  quiet: boolean;
}

/** Runs the CLI; returns the exit code rather than exiting, so tests can call it in-process. */
export async function main(argv: readonly string[], cliIo: CliIo): Promise<number> {
  // Messages quote repository text (config keys, check ids, paths): shown, never obeyed.
  const io: CliIo = { ...cliIo, stderr: { write: (text: string) => cliIo.stderr.write(visibleLines(text)) } };
  // `tcop-audit crawl forum.yml`: the forum's watchlist, loaded only when asked for.
  if (argv[0] === 'crawl') return (await import('../forum/cli.js')).crawlCommand(argv.slice(1), io);
  let options: CliOptions | 'help' | 'version';
  try {
    options = parseCli(argv);
  } catch (error) {
    io.stderr.write(`tcop-audit: ${(error as Error).message}\nRun tcop-audit --help for usage.\n`);
    return EXIT.usage;
  }
  if (options === 'help') {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  if (options === 'version') {
    io.stdout.write(`${TOOL_VERSION}\n`);
    return EXIT.ok;
  }

  let report: Report;
  let snapshot: Snapshot;
  let source: SnapshotSource | undefined;
  try {
    // The engine, the snapshot sources and the checks load only once the arguments are known good,
    // so --help, --version and usage errors cost little more than starting Node.
    const [{ resolveSource }, { audit }] = await Promise.all([
      import('./source.js'),
      import('../engine/run.js'),
    ]);
    source = await resolveSource(options.target, io.env);
    source.prepare?.();
    const configOverride = options.config
      ? { path: options.config, text: await readConfigFile(options.config) }
      : undefined;
    const { CHECKS } = await import('../../checks/index.js');
    ({ report, snapshot } = await audit(source, {
      checks: CHECKS,
      ...(options.now ? { now: options.now } : {}),
      ...(configOverride ? { configOverride } : {}),
      ...(options.level ? { level: options.level } : {}),
    }));
  } catch (error) {
    if (error instanceof ConfigError) {
      // The repository's own config is named by its path on disk, so an editor can jump to the line.
      const local = source?.target.kind === 'local' && !options.config;
      const file = local ? path.join(options.target, error.file) : error.file;
      const where = `${file}${error.line ? `:${error.line}` : ''}`;
      io.stderr.write(`tcop-audit: ${where}: ${error.field ? `${error.field}: ` : ''}${error.detail}\n`);
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`tcop-audit: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`tcop-audit: could not audit ${options.target}: ${(error as Error).message}\n`);
    return EXIT.usage;
  }

  const color = !options.output && wantsColour(io);
  const reporter = await loadReporter(options.format);
  let rendered: string;
  try {
    rendered = reporter.render(report, { color, anchor: sarifAnchor(snapshot) });
  } catch (error) {
    // A format that cannot describe this audit (in-toto without a commit) says why.
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`tcop-audit: ${error.message}\n`);
    return EXIT.usage;
  }
  if (options.output) {
    try {
      await writeFile(options.output, rendered);
    } catch (error) {
      io.stderr.write(`tcop-audit: could not write ${options.output}: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    if (!options.quiet) io.stderr.write(`Report written to ${options.output}\n`);
  } else if (!options.quiet) {
    // Markdown, JSON or SARIF shown on a terminal: escapes and bidi controls are shown, not run.
    io.stdout.write(io.stdout.isTTY && !reporter.forTerminal ? visibleLines(rendered) : rendered);
  }

  if (options.store !== undefined) {
    try {
      // Loaded on demand: the store pulls in database drivers the plain CLI never needs.
      const { saveReport } = await import('../store/index.js');
      const databaseUrl = options.store || io.env.DATABASE_URL;
      const visibility = storedVisibility(snapshot);
      const saved = await saveReport(report, {
        ...(databaseUrl ? { databaseUrl } : {}),
        ...(visibility ? { visibility } : {}),
      });
      if (!options.quiet) io.stderr.write(`Audit ${saved.auditId} stored in ${saved.location}\n`);
    } catch (error) {
      io.stderr.write(`tcop-audit: could not store the report: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
  }

  return report.conclusion === 'failure' ? EXIT.failed : EXIT.ok;
}

/**
 * The visibility a stored audit carries: the dashboard and badges show public repositories only.
 * A GitHub repository whose visibility could not be read is kept private rather than published;
 * a local directory has none to read and is stored as public, as the README's quick start shows.
 */
export function storedVisibility(snapshot: Snapshot): 'public' | 'private' | 'internal' | undefined {
  const fact = snapshot.fact('visibility');
  if (fact.state === 'known') return fact.value;
  return snapshot.target.kind === 'github' ? 'private' : undefined;
}

/** Repository-level SARIF results need a file to sit on: the README if there is one, else the config. */
function sarifAnchor(snapshot: Snapshot): string {
  const readme = snapshot.listDir('').find((p) => /^readme(\.[a-z0-9]+)?$/i.test(p));
  return readme ?? (snapshot.has(CONFIG_PATH) ? CONFIG_PATH : 'README.md');
}

/** Colour on a terminal unless NO_COLOR is set (https://no-color.org); FORCE_COLOR wins either way. */
export function wantsColour(io: Pick<CliIo, 'stdout' | 'env'>): boolean {
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (io.env.NO_COLOR) return false;
  return io.stdout.isTTY === true;
}

async function readConfigFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--config ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

/** `--store` takes an optional value: `--store=URL`, `--store URL` (a URL has a scheme), or `--store`. */
function normaliseStoreFlag(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg !== '--store') {
      out.push(arg);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(next)) {
      out.push(`--store=${next}`);
      i++;
    } else {
      out.push('--store=');
    }
  }
  return out;
}

export function parseCli(argv: readonly string[]): CliOptions | 'help' | 'version' {
  const { values, positionals } = parseArgs({
    args: normaliseStoreFlag(argv),
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      config: { type: 'string', short: 'c' },
      level: { type: 'string', short: 'l' },
      now: { type: 'string' },
      store: { type: 'string' },
      quiet: { type: 'boolean', short: 'q', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
  if (positionals.length > 1) throw new UsageError(`one target at a time (got ${positionals.join(', ')})`);

  const format = values.format ?? DEFAULT_FORMAT;
  if (!isFormat(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
  const level = values.level;
  if (level !== undefined && !(LEVELS as readonly string[]).includes(level))
    throw new UsageError(`--level must be one of ${LEVELS.join(', ')} (got "${level}")`);
  let now: Date | undefined;
  if (values.now !== undefined) {
    // ISO 8601 only: Date.parse would also take "Tuesday" in some engines.
    if (
      !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(values.now) ||
      Number.isNaN(Date.parse(values.now)) ||
      !isCalendarDate(values.now.slice(0, 10))
    )
      throw new UsageError(`--now must be an ISO 8601 date such as 2026-11-23 (got "${values.now}")`);
    now = new Date(values.now);
  }
  if (values.output === '') throw new UsageError('--output needs a file name');
  return {
    target: positionals[0] ?? '.',
    format,
    ...(values.output ? { output: values.output } : {}),
    ...(values.config ? { config: values.config } : {}),
    ...(level ? { level: level as Level } : {}),
    ...(now ? { now } : {}),
    ...(values.store !== undefined ? { store: values.store } : {}),
    quiet: values.quiet,
  };
}

/** Run directly (`tsx src/cli/main.ts`, or through bin/tcop-audit.js). */
export async function run(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
}

const invokedPath = process.argv[1] ? path.resolve(process.argv[1]) : '';
// Not a top-level await: the CLI is also built as a CommonJS script (scripts/build.mjs), which has none.
if (invokedPath === fileURLToPath(import.meta.url)) void run();
