import { describe, expect, it } from 'vitest';
import type { MemoryRepo } from '../src/snapshot/memory.js';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import { findContacts } from './lib/security-contacts.js';
import check from './security-policy.js';

const orgPolicy = (text: string) => ({
  orgSecurityPolicy: {
    state: 'known' as const,
    value: { repository: 'acme/.github', path: 'SECURITY.md', text },
  },
});

const run = (repo: MemoryRepo) => runCheck(check, repo);

describe('security-policy', () => {
  it('passes a policy in .github/ that gives an email address', async () => {
    const [pass] = expectFindings(await runOnFixture(check, 'security-policy-email'), [
      { status: 'pass', messageId: 'found', path: '.github/SECURITY.md' },
    ]);
    expect(pass?.evidence).toEqual({
      path: '.github/SECURITY.md',
      contacts: [{ kind: 'email', value: 'security@digital.example-department.gov.uk', line: 3 }],
    });
  });

  it('passes a policy in docs/ that points to GitHub private vulnerability reporting', async () => {
    expectFindings(await runOnFixture(check, 'security-policy-private-reporting'), [
      {
        status: 'pass',
        messageId: 'found',
        path: 'docs/SECURITY.md',
        evidence: { contacts: [{ kind: 'github-private-reporting' }] },
      },
    ]);
  });

  it("fails GitHub's template left unfilled, naming the line", async () => {
    expectFindings(await runOnFixture(check, 'security-policy-placeholder'), [
      { status: 'fail', messageId: 'placeholder', path: 'SECURITY.md', startLine: 5 },
    ]);
  });

  it.each([
    ['a TODO', '# Security\n\nTODO: add contact\n', 'placeholder', 3],
    ['an angled placeholder', '# Security\n\nEmail <your email here> to report.\n', 'placeholder', 3],
    // An example address is no contact at all rather than template text.
    ['an example address', '# Security\n\nEmail security@example.com to report.\n', 'noContact', undefined],
  ])('fails a policy with only %s', async (_name, text, messageId, startLine) => {
    expectFindings(await run({ files: { 'SECURITY.md': text } }), [
      { status: 'fail', messageId, path: 'SECURITY.md', ...(startLine ? { startLine } : {}) },
    ]);
  });

  it('fails a policy that names no private route', async () => {
    const findings = await run({
      files: { 'SECURITY.md': '# Security\n\nWe take security seriously. Open an issue.\n' },
    });

    expectFindings(findings, [{ status: 'fail', messageId: 'noContact', path: 'SECURITY.md' }]);
  });

  it('warns about template text left beside a real contact', async () => {
    const findings = await run({
      files: { 'SECURITY.md': '# Security\n\nEmail security@acme.gov.uk.\n\n## Versions\n\nTBD\n' },
    });

    expectFindings(findings, [
      { status: 'pass', messageId: 'found', path: 'SECURITY.md' },
      { status: 'warn', messageId: 'placeholderLeft', path: 'SECURITY.md', startLine: 7 },
    ]);
  });

  it('cannot judge a policy over the read limit, and fails a binary one', async () => {
    const skipped = (reason: 'too-large' | 'binary') =>
      run({ skipped: { 'SECURITY.md': { reason, size: 2_000_000 } } });

    expectFindings(await skipped('too-large'), [
      { status: 'unknown', messageId: 'unreadable', path: 'SECURITY.md' },
    ]);
    expectFindings(await skipped('binary'), [
      { status: 'fail', messageId: 'unreadable', path: 'SECURITY.md' },
    ]);
  });

  it('fails an empty policy', async () => {
    expectFindings(await run({ files: { 'SECURITY.md': '\n' } }), [
      { status: 'fail', messageId: 'empty', path: 'SECURITY.md' },
    ]);
  });

  it("uses the organisation's policy when the repository has none", async () => {
    const findings = await run({
      files: {},
      facts: orgPolicy('Report to https://acme.gov.uk/security/report'),
    });

    expectFindings(findings, [
      { status: 'pass', messageId: 'found', path: null, data: { path: 'acme/.github:SECURITY.md' } },
    ]);
  });

  it("fails an organisation's policy that is an unfilled template", async () => {
    const findings = await run({
      files: {},
      facts: orgPolicy('Use this section to tell people how to report a vulnerability.'),
    });

    expectFindings(findings, [{ status: 'fail', messageId: 'placeholder', path: null }]);
  });

  it('fails when there is none, saying when the organisation could not be checked', async () => {
    const known = await run({ files: {}, facts: { orgSecurityPolicy: { state: 'known', value: null } } });
    const local = await run({ files: {} });

    expectFindings(known, [{ status: 'fail', messageId: 'missing', path: null }]);
    expectFindings(local, [{ status: 'fail', messageId: 'missingNoOrg', path: null }]);
  });

  it('does not take a Markdown link or autolink for template text', async () => {
    const linked = await run({
      files: {
        'SECURITY.md':
          '# Security\n\n[Email us](mailto:security@acme.gov.uk) or write to <contact@acme.gov.uk>.\n',
      },
    });

    expectFindings(linked, [{ status: 'pass', messageId: 'found', path: 'SECURITY.md' }]);
    expectFindings(
      await run({ files: { 'SECURITY.md': 'Email security@acme.gov.uk.\n\n[insert phone number]\n' } }),
      [
        { status: 'pass', messageId: 'found', path: 'SECURITY.md' },
        { status: 'warn', messageId: 'placeholderLeft', path: 'SECURITY.md', startLine: 3 },
      ],
    );
  });

  it('does not take documentation links for a reporting route', () => {
    expect(
      findContacts(
        'See https://docs.github.com/en/code-security/security-advisories for security advice.\n',
      ).filter((c) => c.kind === 'url'),
    ).toEqual([]);
  });
});

describe('security-policy: a README section', () => {
  it('warns, rather than fails, when the README gives a private disclosure route: move it to SECURITY.md', async () => {
    expectFindings(
      await runCheck(check, {
        files: {
          'README.md':
            '# Find a court\n\nRun `npm start`.\n\n## Reporting a vulnerability\n\nPlease do not open an issue. Email security@justice.gov.uk with the details.\n\n## Licence\n\nMIT\n',
        },
        facts: { orgSecurityPolicy: { state: 'known', value: null } },
      }),
      [
        {
          status: 'warn',
          messageId: 'readmeSection',
          path: 'README.md',
          startLine: 5,
          data: { heading: 'Reporting a vulnerability', contacts: 'security@justice.gov.uk' },
        },
      ],
    );
  });

  it('still fails a README whose security section gives no private route', async () => {
    expectFindings(
      await runCheck(check, {
        files: {
          'README.md':
            '# App\n\n## Security\n\nWe take security seriously.\n\n## Contact\n\nteam@example.gov.uk\n',
        },
        facts: { orgSecurityPolicy: { state: 'known', value: null } },
      }),
      [{ status: 'fail', messageId: 'missing' }],
    );
  });

  // A framework's README: "Content Security Policy" is about CSP headers, and its links are services built with it.
  it('does not take a Content Security Policy section or links to public repositories for a reporting route', async () => {
    const readme = `# HOF

Home Office Forms: a framework for building GOV.UK forms.

## Content Security Policy

### Inline JavaScript from 18.0.0

From version 18.0.0, unsafe-inline has been removed from the content security policy by default.

### Built with HOF

- [Contact UK Trade & Investment (UK Trade & Investment)](https://github.com/UKTradeInvestment/contact-ukti)
- [Report terrorist material (Home Office)](https://github.com/UKHomeOffice/rotm)

## Security

Report security problems in the issue tracker: https://github.com/UKHomeOfficeForms/hof/issues
`;
    expectFindings(
      await runCheck(check, {
        files: { 'README.md': readme },
        facts: { orgSecurityPolicy: { state: 'known', value: null } },
      }),
      [{ status: 'fail', messageId: 'missing' }],
    );
  });
});
