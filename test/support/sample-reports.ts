import { CRITERIA, type Criterion, type Level, type Status } from '../../src/engine/check.js';
import {
  CRITERION_TITLES,
  SCHEMA_VERSION,
  type CheckResult,
  type Finding,
  type Report,
} from '../../src/engine/report.js';
import { levelReached, worstStatus } from '../../src/engine/run.js';

/**
 * Reports shaped exactly like the engine's, without running checks: the store, the dashboard and
 * their benchmark need many audits with chosen outcomes. Check ids and wording follow the real
 * checks so pages look like they will in use.
 */
interface SampleCheck {
  id: string;
  /** Where a failure points. */
  path: string;
  criterion: Criterion;
  level: Level;
  title: string;
  fail: string;
  remediation: string;
  reference: { title: string; url: string };
}

export const SAMPLE_CHECKS: readonly SampleCheck[] = [
  {
    id: 'licence-file',
    path: 'LICENCE',
    criterion: 'tcop-3',
    level: 'baseline',
    title: 'Repository has an open source licence',
    fail: 'No licence file at the repository root.',
    remediation: 'Add a LICENCE file with the text of an OSI-approved licence; GDS recommends MIT.',
    reference: {
      title: 'GOV.UK Service Manual: licensing',
      url: 'https://www.gov.uk/service-manual/technology/making-source-code-open-and-reusable',
    },
  },
  {
    id: 'readme',
    path: 'README.md',
    criterion: 'tcop-3',
    level: 'baseline',
    title: 'Repository has a README',
    fail: 'No README at the repository root.',
    remediation: 'Add README.md saying what the code does, how to run it and how to contribute.',
    reference: {
      title: 'GDS Way: READMEs',
      url: 'https://gds-way.digital.cabinet-office.gov.uk/manuals/readme-guidance.html',
    },
  },
  {
    id: 'code-of-conduct',
    path: 'CODE_OF_CONDUCT.md',
    criterion: 'tcop-3',
    level: 'standard',
    title: 'Repository has a code of conduct',
    fail: 'No CODE_OF_CONDUCT file.',
    remediation: 'Add CODE_OF_CONDUCT.md, for example the Contributor Covenant.',
    reference: { title: 'Contributor Covenant', url: 'https://www.contributor-covenant.org/' },
  },
  {
    id: 'openapi-spec-valid',
    path: 'openapi.yaml',
    criterion: 'tcop-4',
    level: 'baseline',
    title: 'Published OpenAPI specifications are valid',
    fail: 'openapi.yaml is not a valid OpenAPI 3 document.',
    remediation: 'Fix the errors the validator reports; publish the specification beside the code.',
    reference: {
      title: 'Open Standards Board: OpenAPI 3',
      url: 'https://www.gov.uk/government/publications/recommended-open-standards-for-government/describing-restful-apis-with-openapi-3',
    },
  },
  {
    id: 'office-documents',
    path: 'docs/design.docx',
    criterion: 'tcop-4',
    level: 'standard',
    title: 'Documents use open formats',
    fail: 'docs/design.docx is in a proprietary office format.',
    remediation: 'Publish the document as ODF, HTML or PDF/A instead.',
    reference: {
      title: 'Open Standards Board: ODF',
      url: 'https://www.gov.uk/government/publications/open-standards-for-government/sharing-or-collaborating-with-government-documents',
    },
  },
  {
    id: 'security-policy',
    path: 'SECURITY.md',
    criterion: 'tcop-6',
    level: 'baseline',
    title: 'Repository has a security policy',
    fail: 'No SECURITY.md names a contact for vulnerability reports.',
    remediation: 'Add SECURITY.md with a contact address and how to report a vulnerability.',
    reference: {
      title: 'GitHub: adding a security policy',
      url: 'https://docs.github.com/en/code-security/getting-started/adding-a-security-policy-to-your-repository',
    },
  },
  {
    id: 'dependency-updates',
    path: '.github/dependabot.yml',
    criterion: 'tcop-6',
    level: 'standard',
    title: 'Dependency updates are automated',
    fail: 'Neither Dependabot nor Renovate is configured.',
    remediation: 'Add .github/dependabot.yml for each ecosystem the repository uses.',
    reference: {
      title: 'GitHub: Dependabot version updates',
      url: 'https://docs.github.com/en/code-security/dependabot/dependabot-version-updates',
    },
  },
  {
    id: 'security-txt',
    path: '.well-known/security.txt',
    criterion: 'tcop-6',
    level: 'exemplar',
    title: 'security.txt is valid',
    fail: '.well-known/security.txt has expired.',
    remediation: 'Renew the Expires field (RFC 9116 section 2.5.5).',
    reference: { title: 'RFC 9116', url: 'https://www.rfc-editor.org/rfc/rfc9116' },
  },
  {
    id: 'no-eol-runtime',
    path: 'package.json',
    criterion: 'tcop-12',
    level: 'baseline',
    title: 'Runtimes are supported',
    fail: 'package.json requires Node.js 16, which reached end of life on 2023-09-11.',
    remediation: 'Move to a supported Node.js LTS release and update engines.node.',
    reference: { title: 'endoflife.date: Node.js', url: 'https://endoflife.date/nodejs' },
  },
  {
    id: 'ci-configured',
    path: '.github/workflows',
    criterion: 'tcop-12',
    level: 'standard',
    title: 'Continuous integration is configured',
    fail: 'No CI workflow found.',
    remediation: 'Add a workflow under .github/workflows that builds and tests the code.',
    reference: { title: 'GitHub Actions', url: 'https://docs.github.com/en/actions' },
  },
];

export interface SampleReportOptions {
  /** `owner/name`; omit with `path` for a local audit. */
  repo?: string;
  path?: string;
  commit?: string;
  ref?: string;
  generatedAt: string;
  /** Ids of checks that fail; every other check passes. */
  failing?: readonly string[];
  warning?: readonly string[];
  /** Override a failing finding's message, e.g. to test escaping. */
  message?: string;
}

export function sampleReport(options: SampleReportOptions): Report {
  const failing = new Set(options.failing ?? []);
  const warning = new Set(options.warning ?? []);
  const statusOf = (id: string): Status => (failing.has(id) ? 'fail' : warning.has(id) ? 'warn' : 'pass');
  const checks: CheckResult[] = SAMPLE_CHECKS.map((c) => ({
    id: c.id,
    title: c.title,
    criterion: c.criterion,
    level: c.level,
    status: statusOf(c.id),
    severity: 'fail',
    docs: `docs/checks/${c.id}.md`,
    references: [c.reference],
  }));
  const findings: Finding[] = SAMPLE_CHECKS.map((c) => {
    const status = statusOf(c.id);
    return {
      check: c.id,
      criterion: c.criterion,
      level: c.level,
      status,
      messageId: status === 'pass' ? 'present' : 'missing',
      message: status === 'pass' ? `${c.title}.` : (options.message ?? c.fail),
      ...(status === 'pass'
        ? {}
        : {
            remediation: c.remediation,
            location: { path: c.path, ...(c.path.includes('.') ? { startLine: 1 } : {}) },
          }),
    };
  });
  const level = levelReached(checks);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'tcop-audit', version: '0.1.0' },
    target: {
      ...(options.repo ? { repo: options.repo } : { path: options.path ?? '/tmp/project' }),
      ...(options.ref ? { ref: options.ref } : {}),
      ...(options.commit ? { commit: options.commit } : {}),
    },
    generatedAt: options.generatedAt,
    mode: 'enforce',
    level,
    required: { level: 'baseline', met: level !== null },
    conclusion: level !== null ? 'success' : 'failure',
    criteria: CRITERIA.map((id) => {
      const own = checks.filter((c) => c.criterion === id);
      return {
        id,
        title: CRITERION_TITLES[id],
        status: worstStatus(own.map((c) => c.status)),
        level: levelReached(own),
        checks: own.length,
      };
    }),
    checks,
    findings,
    snapshot: { files: 42, complete: true, skipped: [] },
  };
}

/** Failing check sets that give each overall level, for seeding. */
export const OUTCOMES: Record<Level | 'none', readonly string[]> = {
  exemplar: [],
  standard: ['security-txt'],
  baseline: ['code-of-conduct', 'dependency-updates'],
  none: ['licence-file', 'security-policy', 'ci-configured'],
};
