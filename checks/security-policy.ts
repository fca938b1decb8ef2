import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';
import { findCommunityFile } from './lib/community-files.js';
import { groups } from './lib/groups.js';
import { findContacts, findPlaceholders } from './lib/security-contacts.js';

type MessageId =
  | 'found'
  | 'readmeSection'
  | 'missing'
  | 'missingNoOrg'
  | 'empty'
  | 'unreadable'
  | 'placeholder'
  | 'placeholderLeft'
  | 'noContact';

const README_PATHS = [
  'README.md',
  'README',
  'README.markdown',
  'README.rst',
  'README.txt',
  'Readme.md',
  'readme.md',
];
/** A Markdown or reStructuredText heading about security or vulnerabilities. */
const SECURITY_HEADING = /\b(security|vulnerabilit(?:y|ies))\b/i;
/** Headings where "security" names a technical feature, not how to report a problem (Content Security Policy). */
const FEATURE_HEADING =
  /content[- ]security[- ]polic|\bCSP\b|security[- ](?:headers?|groups?|scanning|tokens?)\b/i;

/**
 * The README section that says how to report a vulnerability, when it gives a private route: a
 * Markdown `#` heading (or a setext/reStructuredText underlined one) about security, up to the next
 * heading of the same or a higher level.
 */
function readmeSecuritySection(
  snapshot: Snapshot,
): { path: string; heading: string; line: number; contacts: string[] } | undefined {
  const path = README_PATHS.find((p) => snapshot.has(p));
  const text = path === undefined ? undefined : snapshot.text(path);
  if (path === undefined || text === undefined) return undefined;
  const lines = text.split(/\r?\n/);
  const headingAt = (i: number): { level: number; title: string } | undefined => {
    const atx = /^(?<hashes>#{1,6})\s+(?<title>.+?)\s*#*\s*$/.exec(lines[i] ?? '');
    if (atx) {
      const { hashes, title } = groups(atx, 'hashes', 'title');
      return { level: hashes.length, title };
    }
    const next = lines[i + 1] ?? '';
    if ((lines[i] ?? '').trim() !== '' && /^(={3,}|-{3,}|~{3,}|\^{3,})\s*$/.test(next))
      return {
        level: next.startsWith('=') ? 1 : next.startsWith('-') ? 2 : 3,
        title: (lines[i] as string).trim(),
      };
    return undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const h = headingAt(i);
    if (!h || !SECURITY_HEADING.test(h.title) || FEATURE_HEADING.test(h.title)) continue;
    let end = i + 1;
    while (end < lines.length) {
      const n = headingAt(end);
      if (n && n.level <= h.level) break;
      end++;
    }
    const contacts = [...new Set(findContacts(lines.slice(i + 1, end).join('\n')).map((c) => c.value))];
    if (contacts.length > 0) return { path, heading: h.title.replace(/[*_`]/g, ''), line: i + 1, contacts };
  }
  return undefined;
}

export default defineCheck({
  meta: {
    id: 'security-policy',
    criterion: 'tcop-6',
    level: 'baseline',
    title: 'Repository has a security policy that says how to report a vulnerability privately',
    description:
      'Someone who finds a vulnerability needs a private way to tell you before attackers learn of it. GitHub shows a SECURITY.md from the root, `.github/` or `docs/`, or else the one in the organisation’s `.github` repository. The policy must name a private route: an email address, a reporting URL, or GitHub private vulnerability reporting. A template left unfilled fails.',
    wants: [
      '{,.github/,docs/}{SECURITY,Security,security}{,.*}',
      '{README,Readme,readme}{,.md,.markdown,.rst,.txt}',
    ],
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
      readmeSection:
        'No SECURITY.md, but the "{{heading}}" section of {{path}} gives a private reporting route: {{contacts}}.',
      noContact:
        '{{path}} does not say how to report a vulnerability privately: no email address, reporting URL or GitHub private vulnerability reporting.',
    },
    remediation: {
      readmeSection:
        'Move the "{{heading}}" section of {{path}} into a SECURITY.md (root or .github/): GitHub links SECURITY.md from the Security tab and when someone reports a vulnerability, and tools look for it there.',
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
      const readme = readmeSecuritySection(snapshot);
      if (readme && (org.state === 'unavailable' || org.value === null))
        return [
          {
            status: 'warn',
            messageId: 'readmeSection',
            data: { path: readme.path, heading: readme.heading, contacts: readme.contacts.join(', ') },
            location: { path: readme.path, startLine: readme.line },
            evidence: { path: readme.path, heading: readme.heading, contacts: readme.contacts },
          },
        ];
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
