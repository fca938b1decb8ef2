import { createHash } from 'node:crypto';
import { findingIdentity } from '../../engine/finding-identity.js';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Status } from '../../engine/check.js';
import type { CheckResult, Finding, Report } from '../../engine/report.js';
import { docsUrl } from '../../engine/version.js';
import { defineReporter } from './reporter.js';

export interface SarifOptions {
  /**
   * Where repository-level findings (a missing file has no line to point at) are anchored: GitHub code
   * scanning rejects a result without a physical location. Defaults to the root README.md.
   */
  anchor?: string;
}

/** GitHub code scanning reads SARIF 2.1.0 only; this is the schema it and the OASIS standard name. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF result levels: a failure is an error, a warning a warning, an unknown (could not tell) a note. */
const LEVELS: Partial<Record<Status, Result.level>> = { fail: 'error', warn: 'warning', unknown: 'note' };

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per check that ran, one result per failure, warning,
 * unknown or exempted finding (exemptions become SARIF suppressions, so code scanning does not alert on
 * them). Passes are not results: code scanning would show them as alerts.
 */
export function renderSarif(report: Report, options: SarifOptions = {}): string {
  const anchor = options.anchor ?? 'README.md';
  const ruleIndex = new Map(report.checks.map((c, i) => [c.id, i]));
  const results: Result[] = [];
  for (const finding of report.findings) {
    const level = LEVELS[finding.exemption?.originalStatus ?? finding.status];
    const index = ruleIndex.get(finding.check);
    if (!level || index === undefined) continue;
    results.push(toResult(finding, level, index, anchor));
  }
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tcop-audit',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri:
              docsUrl('README.md') ?? 'https://www.gov.uk/guidance/the-technology-code-of-practice',
            rules: report.checks.map(toRule),
          },
        },
        // Provenance needs an absolute repository URI, which a local path does not have.
        ...(report.target.commit && report.target.repo
          ? {
              versionControlProvenance: [
                {
                  repositoryUri: `https://github.com/${report.target.repo}`,
                  revisionId: report.target.commit,
                },
              ],
            }
          : {}),
        results,
        properties: { level: report.level, required: report.required, conclusion: report.conclusion },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function toRule(check: CheckResult): ReportingDescriptor {
  const helpUri = docsUrl(check.docs) ?? check.references[0]?.url;
  const references = check.references.map((r) => `- [${r.title}](${r.url})`).join('\n');
  return {
    id: check.id,
    name: pascalCase(check.id),
    shortDescription: { text: check.title },
    ...(helpUri ? { helpUri } : {}),
    help: {
      text: `${check.title}. See ${helpUri ?? check.docs}.`,
      markdown: `**${check.title}** (${check.criterion}, ${check.level})\n\n${references}`,
    },
    defaultConfiguration: { level: check.severity === 'warn' ? 'warning' : 'error' },
    // Tags are what code scanning filters on; `frameworks` keeps each mapping's source.
    properties: {
      tags: [
        'tcop',
        check.criterion,
        check.level,
        ...(check.frameworks ?? []).map((f) => `${f.framework}:${f.point}`),
      ],
      ...(check.frameworks && check.frameworks.length > 0 ? { frameworks: check.frameworks } : {}),
    },
  };
}

function toResult(finding: Finding, level: Result.level, ruleIndex: number, anchor: string): Result {
  const path = finding.location?.path ?? anchor;
  const region: { startLine: number; endLine?: number; startColumn?: number } = {
    // SARIF lines are 1-based; a finding about a whole file points at its first line.
    startLine: Math.max(1, finding.location?.startLine ?? 1),
  };
  const endLine = finding.location?.endLine;
  if (endLine !== undefined && endLine >= region.startLine) region.endLine = endLine;
  const startColumn = finding.location?.startColumn;
  if (startColumn !== undefined && startColumn >= 1) region.startColumn = startColumn;
  const text = finding.remediation ? `${finding.message} ${finding.remediation}` : finding.message;
  return {
    ruleId: finding.check,
    ruleIndex,
    level,
    message: { text },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeUriPath(path), uriBaseId: '%SRCROOT%' },
          region,
        },
      },
    ],
    // Stable across runs so code scanning matches an alert to itself when lines move.
    // The message is not part of it: it may name the line ("at line 12").
    partialFingerprints: {
      'tcopFinding/v2': createHash('sha256')
        .update(`${findingIdentity(finding)}\0${path}`)
        .digest('hex')
        .slice(0, 32),
    },
    ...(finding.exemption
      ? {
          suppressions: [{ kind: 'external', status: 'accepted', justification: finding.exemption.reason }],
        }
      : {}),
    properties: { status: finding.status, messageId: finding.messageId, criterion: finding.criterion },
  };
}

/** A relative URI reference: each path segment percent-encoded, slashes kept (RFC 3986). */
function encodeUriPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _dash: string, c: string) => c.toUpperCase());
}

export const reporter = defineReporter({
  name: 'sarif',
  render: (report, context) => renderSarif(report, { anchor: context.anchor }),
});
