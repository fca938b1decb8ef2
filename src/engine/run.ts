import { minimatch } from 'minimatch';
import { Snapshot } from '../snapshot/snapshot.js';
import type { FactName, SnapshotData, SnapshotSource } from '../snapshot/types.js';
import {
  CRITERIA,
  LEVELS,
  fillMessage,
  type AnyCheck,
  type CheckFinding,
  type FilledMessage,
  type Level,
  type Status,
} from './check.js';
import { CONFIG_PATH, resolveConfig, type AuditConfig } from './config.js';
import {
  CRITERION_TITLES,
  SCHEMA_VERSION,
  targetOf,
  type CheckResult,
  type Conclusion,
  type CriterionResult,
  type Exemption,
  type Finding,
  type Report,
  type Severity,
} from './report.js';
import { frameworksOf } from '../frameworks/index.js';
import { FILE_BUDGET_EXCEEDED } from './file-budget.js';
import { TOOL_VERSION } from './version.js';

export interface AuditOptions {
  checks: readonly AnyCheck[];
  /** The audit's clock; defaults to now. */
  now?: Date;
  /** A config file to use instead of the repository's own `.github/tcop.yml`. */
  configOverride?: { path: string; text: string };
  /**
   * The config files to judge by instead of the source's own, in merge order: a pull request is
   * judged by its base branch's, never by the config it brings.
   */
  configFiles?: readonly { path: string; text: string }[];
  /** Overrides the config's required level. */
  level?: Level;
}

export interface AuditResult {
  report: Report;
  config: AuditConfig;
  snapshot: Snapshot;
}

const STATUS_RANK: Record<Status, number> = { pass: 0, info: 1, unknown: 2, warn: 3, fail: 4 };

/** fail > warn > unknown > info > pass: the status that speaks for a group of findings. */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = 'pass';
  for (const s of statuses) if (STATUS_RANK[s] > STATUS_RANK[worst]) worst = s;
  return worst;
}

/** Loads config, then the snapshot, then runs the checks. Throws ConfigError on a bad config. */
export async function audit(source: SnapshotSource, options: AuditOptions): Promise<AuditResult> {
  const now = options.now ?? new Date();
  const configFiles = options.configOverride
    ? [options.configOverride]
    : options.configFiles
      ? [...options.configFiles]
      : await source.loadConfig(CONFIG_PATH).then((c) => [c.org, c.repo].filter((f) => f !== undefined));
  const config = resolveConfig(configFiles, { knownChecks: options.checks.map((c) => c.meta.id) });
  if (options.level) config.level = options.level;

  const selected = options.checks.filter((c) => config.checks[c.meta.id] !== 'off');
  const wants = [...new Set(selected.flatMap((c) => c.meta.wants))];
  const needs = [...new Set(selected.flatMap((c) => c.meta.needs ?? []))] as FactName[];
  const data = await source.load({
    wants,
    needs,
    ignore: config.ignore,
    maxFileBytes: config.maxFileBytes,
    now,
  });
  return runChecks(data, config, selected);
}

/** Runs checks on a loaded snapshot and builds the report: pure but for the checks' own code. */
export async function runChecks(
  data: SnapshotData,
  config: AuditConfig,
  checks: readonly AnyCheck[],
): Promise<AuditResult> {
  const snapshot = new Snapshot(data);
  const findings: Finding[] = [];
  const results: CheckResult[] = [];

  for (const check of checks) {
    const configured = config.checks[check.meta.id];
    if (configured === 'off') continue;
    const own = (await runOne(check, snapshot)).map((f) => toFinding(check, f, configured));
    own.push(...applyExemptions(own, check, config.exemptions, snapshot.now));
    findings.push(...own);
    results.push({
      id: check.meta.id,
      title: check.meta.title,
      criterion: check.meta.criterion,
      level: check.meta.level,
      status: worstStatus(own.map((f) => f.status)),
      severity: configured ?? 'fail',
      docs: `docs/checks/${check.meta.id}.md`,
      references: [...check.meta.references],
      frameworks: frameworksOf(check.meta.id),
      ...unavailableFactsOf(check, data),
    });
  }

  const criteria: CriterionResult[] = CRITERIA.map((id) => {
    const own = results.filter((r) => r.criterion === id);
    return {
      id,
      title: CRITERION_TITLES[id],
      // No check ran (all switched off, or none exist yet): say so rather than pass vacuously.
      status: own.length === 0 ? 'unknown' : worstStatus(own.map((r) => r.status)),
      level: own.length === 0 ? null : levelReached(own),
      checks: own.length,
    };
  });

  const skipped: Report['snapshot']['skipped'] = [];
  for (const [path, c] of Object.entries(data.contents)) {
    if (c.kind === 'skipped') skipped.push({ path, reason: c.reason, size: c.size });
  }
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const level = levelReached(results);
  const met = meetsLevel(level, config.level);
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'tcop-audit', version: TOOL_VERSION },
    target: targetOf(data.target, data.commit),
    generatedAt: data.now,
    mode: config.mode,
    level,
    required: { level: config.level, met },
    conclusion: conclusionOf(met, config.mode),
    criteria,
    checks: results,
    findings,
    snapshot: {
      files: data.files.length,
      complete: data.complete,
      ...(data.incompleteReason ? { incompleteReason: data.incompleteReason } : {}),
      skipped,
    },
  };
  return { report, config, snapshot };
}

/** The facts a check needed that the source said it could not read. */
function unavailableFactsOf(
  check: AnyCheck,
  data: SnapshotData,
): { unavailableFacts?: { fact: string; reason: string }[] } {
  const missing = (check.meta.needs ?? []).flatMap((fact) => {
    const known = data.facts[fact];
    return known?.state === 'unavailable' ? [{ fact, reason: known.reason }] : [];
  });
  return missing.length > 0 ? { unavailableFacts: missing } : {};
}

/**
 * A level is reached when no check at that level or below fails: warnings and unknowns do not block.
 * An unknown never earns a level either: a level whose every check is unknown is not reached, so
 * input the audit could not read never turns a criterion green.
 */
export function levelReached(results: readonly Pick<CheckResult, 'level' | 'status'>[]): Level | null {
  let reached: Level | null = null;
  for (const level of LEVELS) {
    const upTo = LEVELS.slice(0, LEVELS.indexOf(level) + 1);
    if (results.some((r) => upTo.includes(r.level) && r.status === 'fail')) break;
    const atLevel = results.filter((r) => r.level === level);
    if (atLevel.length > 0 && atLevel.every((r) => r.status === 'unknown')) break;
    reached = level;
  }
  return reached;
}

/** True when `reached` is `required` or higher. */
export function meetsLevel(reached: Level | null, required: Level): boolean {
  return reached !== null && LEVELS.indexOf(reached) >= LEVELS.indexOf(required);
}

export function conclusionOf(met: boolean, mode: AuditConfig['mode']): Conclusion {
  if (met) return 'success';
  return mode === 'advisory' ? 'neutral' : 'failure';
}

/** A check that throws says `unknown` for itself only: one defect must not sink the audit. */
async function runOne(check: AnyCheck, snapshot: Snapshot): Promise<readonly CheckFinding[]> {
  try {
    return await check.run(snapshot);
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    return [
      {
        status: 'unknown',
        messageId: CHECK_ERROR,
        data: { error: err.message },
        evidence: { error: (err.stack ?? err.message).split('\n').slice(0, 3).join('\n') },
      },
    ];
  }
}

/** Engine-made message ids, beside each check's own. */
export const CHECK_ERROR = 'checkError';
export const EXEMPTION_EXPIRED = 'exemptionExpired';

const ENGINE_MESSAGES: Record<string, { message: string; remediation: string }> = {
  [FILE_BUDGET_EXCEEDED]: {
    message:
      'Gave up on {{path}}: reading it took more than its budget of {{limit}}, so this check cannot say.',
    remediation:
      'No ordinary file needs this much work: check that {{path}} is what it should be, or list it under `ignore` in .github/tcop.yml.',
  },
  [CHECK_ERROR]: {
    message: 'The check could not run: {{error}}',
    remediation:
      'This is a defect in tcop-audit or an input it cannot read; please report it with this message.',
  },
  [EXEMPTION_EXPIRED]: {
    message: 'The exemption for {{check}} expired on {{expires}} (reason given: {{reason}}).',
    remediation:
      'Fix what the check reports, or renew the exemption with a new expiry date and an up-to-date reason.',
  },
};

const BLOCKING: ReadonlySet<Status> = new Set(['fail', 'warn', 'unknown']);

/**
 * Renders a check's finding and applies the configured severity: `warn` softens failures to warnings;
 * an explicit `fail` hardens warnings to failures. Without configuration the check's own status stands.
 */
function toFinding(check: AnyCheck, f: CheckFinding, configured: Severity | undefined): Finding {
  const own = ENGINE_MESSAGES[f.messageId];
  const template = own?.message ?? (check.meta.messages as Record<string, string | undefined>)[f.messageId];
  const remediation =
    own?.remediation ?? (check.meta.remediation as Record<string, string | undefined>)[f.messageId];
  let status = f.status;
  if (configured === 'warn' && status === 'fail') status = 'warn';
  if (configured === 'fail' && status === 'warn') status = 'fail';
  const message = fillMessage(template ?? f.messageId, template === undefined ? {} : f.data);
  const fix = remediation && BLOCKING.has(status) ? fillMessage(remediation, f.data) : undefined;
  return {
    check: check.meta.id,
    criterion: check.meta.criterion,
    level: check.meta.level,
    status,
    messageId: f.messageId,
    message: message.text,
    ...(fix ? { remediation: fix.text } : {}),
    ...filledOf(message, fix),
    ...(f.location ? { location: f.location } : {}),
    ...(f.evidence ? { evidence: f.evidence } : {}),
  };
}

/** A finding's `filled` field, left out when nothing was filled in. */
function filledOf(message: FilledMessage, remediation?: FilledMessage): Pick<Finding, 'filled'> {
  const filled: NonNullable<Finding['filled']> = {
    ...(message.filled.length > 0 ? { message: message.filled } : {}),
    ...(remediation && remediation.filled.length > 0 ? { remediation: remediation.filled } : {}),
  };
  return Object.keys(filled).length > 0 ? { filled } : {};
}

/** The end of the expiry day, UTC: an exemption written `expires: 2027-06-30` holds all that day. */
function expiresAt(expires: string): number {
  return Date.parse(`${expires.slice(0, 10)}T23:59:59.999Z`);
}

/**
 * Active exemptions turn this check's failures and warnings into `info`, keeping the reason.
 * An expired exemption exempts nothing and is itself a failing finding at its line in the config.
 * Returns the findings the exemptions add.
 */
function applyExemptions(
  own: Finding[],
  check: AnyCheck,
  exemptions: readonly Exemption[],
  now: Date,
): Finding[] {
  const added: Finding[] = [];
  for (const exemption of exemptions.filter((e) => e.check === check.meta.id)) {
    if (exemption.expires !== undefined && expiresAt(exemption.expires) < now.getTime()) {
      const data = { check: check.meta.id, expires: exemption.expires, reason: exemption.reason };
      const expired = ENGINE_MESSAGES[EXEMPTION_EXPIRED]!;
      const message = fillMessage(expired.message, data);
      added.push({
        check: check.meta.id,
        criterion: check.meta.criterion,
        level: check.meta.level,
        status: 'fail',
        messageId: EXEMPTION_EXPIRED,
        message: message.text,
        remediation: expired.remediation,
        ...filledOf(message),
        ...(exemption.location ? { location: exemption.location } : {}),
        evidence: { exemption: { reason: exemption.reason, expires: exemption.expires } },
      });
      continue;
    }
    for (const f of own) {
      if (f.status !== 'fail' && f.status !== 'warn') continue;
      if (exemption.path && !(f.location && minimatch(f.location.path, exemption.path, { dot: true })))
        continue;
      f.exemption = {
        reason: exemption.reason,
        ...(exemption.expires ? { expires: exemption.expires } : {}),
        originalStatus: f.status,
      };
      f.status = 'info';
    }
  }
  return added;
}
