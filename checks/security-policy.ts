import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { findCommunityFile } from './lib/community-files.js';
import { findContacts, findPlaceholders } from './lib/security-contacts.js';

type MessageId =
  | 'found'
  | 'missing'
  | 'missingNoOrg'
  | 'empty'
  | 'unreadable'
  | 'placeholder'
  | 'placeholderLeft'
  | 'noContact';

export default defineCheck({
  meta: {
    id: 'security-policy',
    criterion: 'tcop-6',
    level: 'baseline',
    title: 'Repository has a security policy that says how to report a vulnerability privately',
    description:
      'Someone who finds a vulnerability needs a private way to tell you before attackers learn of it. GitHub shows a SECURITY.md from the root, `.github/` or `docs/`, or else the one in the organisation’s `.github` repository. The policy must name a private route: an email address, a reporting URL, or GitHub private vulnerability reporting. A template left unfilled fails.',
    wants: ['{,.github/,docs/}{SECURITY,Security,security}{,.*}'],
    needs: ['orgSecurityPolicy'],
    messages: {
      found: 'Security policy at {{path}} names a private reporting route: {{contacts}}.',
      missing:
        'No SECURITY.md in the root, .github/ or docs/, and none in the organisation’s .github repository.',
      missingNoOrg:
        'No SECURITY.md in the root, .github/ or docs/ (whether the organisation’s .github repository has one could not be checked: {{reason}}).',
      empty: '{{path}} is empty.',
      unreadable: '{{path}} could not be read ({{reason}}).',
      placeholder:
        '{{path}} is an unfilled template: "{{text}}" at line {{line}}, and no private reporting route.',
      placeholderLeft: '{{path}} still has template text: "{{text}}" at line {{line}}.',
      noContact:
        '{{path}} does not say how to report a vulnerability privately: no email address, reporting URL or GitHub private vulnerability reporting.',
    },
    remediation: {
      missing:
        'Add a SECURITY.md (root or .github/) saying how to report a vulnerability privately (a security email address, or GitHub private vulnerability reporting), how soon you respond, and which versions get fixes. An organisation can publish one policy for all its repositories in its .github repository.',
      missingNoOrg:
        'Add a SECURITY.md to the repository, or check that the organisation’s .github repository has one (audit from GitHub to confirm).',
      empty: 'Write in {{path}} how to report a vulnerability privately and how soon you respond.',
      unreadable: 'Keep {{path}} as UTF-8 text under the size limit.',
      placeholder:
        'Replace the template text in {{path}} with a real contact: a monitored security email address, or GitHub private vulnerability reporting.',
      placeholderLeft: 'Remove or fill in the template text at line {{line}} of {{path}}.',
      noContact:
        'Name a private route in {{path}}: a monitored security email address (e.g. a team mailbox), a reporting form, or GitHub private vulnerability reporting (Security → Report a vulnerability).',
    },
    references: [
      {
        title: 'GitHub Docs: adding a security policy to your repository',
        url: 'https://docs.github.com/en/code-security/getting-started/adding-a-security-policy-to-your-repository',
      },
      {
        title: 'NCSC: vulnerability disclosure toolkit',
        url: 'https://www.ncsc.gov.uk/information/vulnerability-disclosure-toolkit',
      },
      {
        title: 'GOV.UK: Technology Code of Practice — make things secure',
        url: 'https://www.gov.uk/guidance/make-things-secure',
      },
    ],
  },
  run(snapshot): CheckFinding<MessageId>[] {
    const local = findCommunityFile(snapshot, 'SECURITY');
    let path: string;
    let text: string;
    if (local) {
      const content = snapshot.content(local);
      // A binary policy is no policy anyone can read on GitHub; one over our own read limit may be fine.
      if (content?.kind === 'skipped')
        return [
          {
            status: content.reason === 'binary' ? 'fail' : 'unknown',
            messageId: 'unreadable',
            data: { path: local, reason: content.reason },
            location: { path: local },
          },
        ];
      path = local;
      text = content?.text ?? '';
    } else {
      const org = snapshot.fact('orgSecurityPolicy');
      if (org.state === 'unavailable')
        return [{ status: 'fail', messageId: 'missingNoOrg', data: { reason: org.detail } }];
      if (org.value === null) return [{ status: 'fail', messageId: 'missing' }];
      path = `${org.value.repository}:${org.value.path}`;
      text = org.value.text;
    }
    // Org policies live in another repository: a location would point into this one.
    const location = (line?: number) =>
      local ? { location: { path: local, ...(line ? { startLine: line } : {}) } } : {};

    if (text.trim() === '') return [{ status: 'fail', messageId: 'empty', data: { path }, ...location() }];
    const contacts = findContacts(text);
    const placeholders = findPlaceholders(text);
    const first = placeholders[0];
    if (contacts.length === 0) {
      if (first)
        return [
          {
            status: 'fail',
            messageId: 'placeholder',
            data: { path, text: first.text, line: first.line },
            ...location(first.line),
            evidence: { path, contacts: [] },
          },
        ];
      return [
        {
          status: 'fail',
          messageId: 'noContact',
          data: { path },
          ...location(),
          evidence: { path, contacts: [] },
        },
      ];
    }
    const evidence = {
      path,
      contacts: contacts.map((c) => ({ kind: c.kind, value: c.value, line: c.line })),
    };
    const unique = [...new Set(contacts.map((c) => c.value))];
    return [
      {
        status: 'pass',
        messageId: 'found',
        data: { path, contacts: unique.join(', ') },
        ...location(),
        evidence,
      },
      ...(first
        ? [
            {
              status: 'warn' as const,
              messageId: 'placeholderLeft' as const,
              data: { path, text: first.text, line: first.line },
              ...location(first.line),
            },
          ]
        : []),
    ];
  },
});
