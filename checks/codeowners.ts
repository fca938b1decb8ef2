import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { parseCodeowners } from './lib/codeowners.js';

/** GitHub uses the first CODEOWNERS it finds in this order; the name is case-sensitive. */
const LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];
/** "CODEOWNERS files must be under 3 MB in size" (GitHub Docs). */
const MAX_BYTES = 3 * 1024 * 1024;

type MessageId =
  'valid' | 'missing' | 'unreadable' | 'tooLarge' | 'noOwners' | 'badOwner' | 'unsupportedPattern';

export default defineCheck({
  meta: {
    id: 'codeowners',
    criterion: 'tcop-6',
    level: 'standard',
    title: 'Repository has a valid CODEOWNERS file',
    description:
      'A CODEOWNERS file names who must review changes to each part of the code; with branch protection it makes sure no change is merged unreviewed by someone accountable for it. GitHub reads the first of `.github/CODEOWNERS`, `CODEOWNERS` and `docs/CODEOWNERS`, and silently ignores lines it cannot parse, so each line is checked: a pattern, then owners written as @user, @org/team or an email address.',
    wants: LOCATIONS,
    messages: {
      valid: '{{path}} has {{rules}} rules naming {{owners}} owners.',
      missing: 'No CODEOWNERS file in .github/, the root or docs/.',
      unreadable: '{{path}} could not be read ({{reason}}).',
      tooLarge: '{{path}} is {{size}} bytes; GitHub ignores CODEOWNERS files of 3 MB or more.',
      noOwners: '{{path}} names no owners.',
      badOwner: '{{path}} line {{line}}: "{{token}}" is not an owner (@user, @org/team or an email address).',
      unsupportedPattern:
        '{{path}} line {{line}}: pattern "{{token}}" uses gitignore syntax CODEOWNERS does not support (! or [ ]).',
    },
    remediation: {
      missing:
        'Add .github/CODEOWNERS with a default owner for everything, e.g. "* @your-org/your-team", and turn on "Require review from Code Owners" in branch protection.',
      unreadable:
        'Keep {{path}} as UTF-8 text; if it is larger than maxFileBytes in .github/tcop.yml, raise that limit so that it can be checked.',
      tooLarge: 'Use directory patterns instead of listing files, to bring {{path}} under 3 MB.',
      noOwners: 'Give each pattern in {{path}} at least one owner, e.g. "* @your-org/your-team".',
      badOwner:
        'Write owners as @username, @org/team-name or an email address, separated by spaces, on line {{line}} of {{path}}.',
      unsupportedPattern: 'Rewrite the pattern on line {{line}} without ! or [ ]: list the paths instead.',
    },
    references: [
      {
        title: 'GitHub Docs: about code owners',
        url: 'https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners',
      },
      {
        title: 'NCSC: protect your code repository',
        url: 'https://www.ncsc.gov.uk/collection/developers-collection/principles/protect-your-code-repository',
      },
    ],
  },
  run(snapshot): CheckFinding<MessageId>[] {
    const path = LOCATIONS.find((p) => snapshot.has(p));
    if (!path) return [{ status: 'fail', messageId: 'missing' }];
    const size = snapshot.entry(path)?.size ?? 0;
    if (size >= MAX_BYTES)
      return [{ status: 'fail', messageId: 'tooLarge', data: { path, size }, location: { path } }];
    const content = snapshot.content(path);
    // A binary file is one GitHub cannot parse either; a file over our own read limit (but under
    // GitHub's 3 MB) may be perfectly valid, so its verdict is unknown.
    if (content?.kind !== 'text')
      return [
        {
          status: content?.kind === 'skipped' && content.reason === 'binary' ? 'fail' : 'unknown',
          messageId: 'unreadable',
          data: { path, reason: content?.reason ?? 'not loaded' },
          location: { path },
        },
      ];

    const { rules, defects } = parseCodeowners(content.text);
    const findings: CheckFinding<MessageId>[] = defects.map((d) => ({
      status: 'fail',
      messageId: d.code,
      data: { path, line: d.line, token: d.token },
      location: { path, startLine: d.line },
    }));
    const owners = new Set(rules.flatMap((r) => r.owners));
    if (owners.size === 0)
      findings.push({ status: 'fail', messageId: 'noOwners', data: { path }, location: { path } });
    if (findings.length > 0) return findings;
    return [
      {
        status: 'pass',
        messageId: 'valid',
        data: { path, rules: rules.length, owners: owners.size },
        location: { path },
        evidence: { path, rules: rules.length, owners: [...owners].sort() },
      },
    ];
  },
});
