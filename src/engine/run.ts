import { minimatch } from 'minimatch';
import { Snapshot } from '../snapshot/snapshot.js';
import type { FactName, SnapshotData, SnapshotSource } from '../snapshot/types.js';
import {
  CRITERIA,
  LEVELS,
  renderMessage,
  type AnyCheck,
  type CheckFinding,
  type Level,
  type Status,
} from './check.js';
import { CONFIG_PATH, resolveConfig, type AuditConfig } from './config.js';
import {
  CRITERION_TITLES,
  SCHEMA_VERSION,
  targetOf,
  type CheckResult,
  type CriterionResult,
  type Finding,
  type Report,
} from './report.js';
import { TOOL_VERSION } from './version.js';

export interface AuditOptions {
  checks: readonly AnyCheck[];
  /** The audit's clock; defaults to now. */
  now?: Date;
  /** A config file to use instead of the repository's own `.github/tcop.yml`. */
  configOverride?: { path: string; text: string };
  /** Overrides the config's required level. */
  level?: Level;
}

export interface AuditResult {
  report: Report;
  config: AuditConfig;
  snapshot: Snapshot;
}

const STATUS_RANK: Record<Status, number> = { pass: 0, info: 1, unknown: 2, warn: 3, fail: 4 };

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
    : await source.loadConfig(CONFIG_PATH).then((c) => [c.org, c.repo].filter((f) => f !== undefined));
  const config = resolveConfig(configFiles);
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
    const severity = config.checks[check.meta.id] ?? 'fail';
    if (severity === 'off') continue;
    let raw: readonly CheckFinding[];
    try {
      raw = await check.run(snapshot);
    } catch (error) {
      raw = [];
      findings.push({
        check: check.meta.id,
        criterion: check.meta.criterion,
        level: check.meta.level,
        status: 'unknown',
        messageId: 'checkError',
        message: `The check could not run: ${(error as Error).message ?? String(error)}`,
        remediation: 'This is a defect in tcop-audit or an input it cannot read; please report it with this message.',
        evidence: { error: String((error as Error).stack ?? error).split('\n').slice(0, 3).join('\n') },
      });
    }
    for (const f of raw) findings.push(toFinding(check, f, severity));
    const own = findings.filter((f) => f.check === check.meta.id);
    applyExemptions(own, check, config, snapshot.now, findings);
    const status = own.length === 0 ? 'pass' : worstStatus(findings.filter((f) => f.check === check.meta.id).map((f) => f.status));
    results.push({
      id: check.meta.id,
      title: check.meta.title,
      criterion: check.meta.criterion,
      level: check.meta.level,
      status,
      severity,
      docs: `docs/checks/${check.meta.id}.md`,
      references: [...check.meta.references],
    });
  }

  const criteria: CriterionResult[] = CRITERIA.map((id) => {
    const own = results.filter((r) => r.criterion === id);
    return {
      id,
      title: CRITERION_TITLES[id],
      status: worstStatus(own.map((r) => r.status)),
      level: levelReached(own),
    };
  });

  const skipped = Object.entries(data.contents)
    .filter(([, c]) => c.kind === 'skipped')
    .map(([path, c]) => ({ path, reason: (c as { reason: string }).reason, size: (c as { size: number }).size }));

  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'tcop-audit', version: TOOL_VERSION },
    target: targetOf(data.target, data.commit),
    generatedAt: data.now,
    mode: config.mode,
    level: levelReached(results),
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

/** A level is reached when no check at that level or below fails. */
export function levelReached(results: readonly Pick<CheckResult, 'level' | 'status'>[]): Level | null {
  let reached: Level | null = null;
  for (const level of LEVELS) {
    const upTo = LEVELS.slice(0, LEVELS.indexOf(level) + 1);
    if (results.some((r) => upTo.includes(r.level) && r.status === 'fail')) break;
    reached = level;
  }
  return reached;
}

function toFinding(check: AnyCheck, f: CheckFinding, severity: 'fail' | 'warn'): Finding {
  const template = (check.meta.messages as Record<string, string>)[f.messageId];
  const remediation = (check.meta.remediation as Record<string, string | undefined>)[f.messageId];
  let status = f.status;
  if (severity === 'warn' && status === 'fail') status = 'warn';
  return {
    check: check.meta.id,
    criterion: check.meta.criterion,
    level: check.meta.level,
    status,
    messageId: f.messageId,
    message: template === undefined ? f.messageId : renderMessage(template, f.data),
    ...(remediation && (status === 'fail' || status === 'warn' || status === 'unknown') ? { remediation: renderMessage(remediation, f.data) } : {}),
    ...(f.location ? { location: f.location } : {}),
    ...(f.evidence ? { evidence: f.evidence } : {}),
  };
}

/** Exempted failures become `info`; an expired exemption leaves them standing and fails itself. */
function applyExemptions(
  own: Finding[],
  check: AnyCheck,
  config: AuditConfig,
  now: Date,
  all: Finding[],
): void {
  for (const exemption of config.exemptions.filter((e) => e.check === check.meta.id)) {
    const expired = exemption.expires !== undefined && Date.parse(exemption.expires + 'T23:59:59Z') < now.getTime();
    if (expired) {
      all.push({
        check: check.meta.id,
        criterion: check.meta.criterion,
        level: check.meta.level,
        status: 'fail',
        messageId: 'exemptionExpired',
        message: `The exemption for ${check.meta.id} expired on ${exemption.expires} (reason given: ${exemption.reason}).`,
        remediation: 'Fix what the check reports, or renew the exemption with a new expiry date and an up-to-date reason.',
        ...(exemption.location ? { location: exemption.location } : {}),
        evidence: { exemption: { reason: exemption.reason, expires: exemption.expires } },
      });
      continue;
    }
    for (const f of own) {
      if (f.status !== 'fail' && f.status !== 'warn') continue;
      if (exemption.path && !(f.location && minimatch(f.location.path, exemption.path, { dot: true }))) continue;
      f.exemption = {
        reason: exemption.reason,
        ...(exemption.expires ? { expires: exemption.expires } : {}),
        originalStatus: f.status,
      };
      f.status = 'info';
    }
  }
}
