import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFinding, overall, runOnFixture } from '../test/support/check-harness.js';
import { findContacts } from './lib/security-contacts.js';
import check from './security-policy.js';

const orgPolicy = (text: string) => ({
  orgSecurityPolicy: {
    state: 'known' as const,
    value: { repository: 'acme/.github', path: 'SECURITY.md', text },
  },
});

describe('security-policy', () => {
  it('passes a policy in .github/ that gives an email address', async () => {
    const findings = await runOnFixture(check, 'security-policy-email');

    const pass = expectFinding(findings, { status: 'pass', messageId: 'found', path: '.github/SECURITY.md' });
    expect(pass.evidence).toEqual({
      path: '.github/SECURITY.md',
      contacts: [{ kind: 'email', value: 'security@digital.example-department.gov.uk', line: 3 }],
    });
  });

  it('passes a policy in docs/ that points to GitHub private vulnerability reporting', async () => {
    const findings = await runOnFixture(check, 'security-policy-private-reporting');

    const pass = expectFinding(findings, { status: 'pass', messageId: 'found', path: 'docs/SECURITY.md' });
    expect(pass.evidence).toMatchObject({ contacts: [{ kind: 'github-private-reporting' }] });
  });

  it("fails GitHub's template left unfilled, naming the line", async () => {
    const findings = await runOnFixture(check, 'security-policy-placeholder');

    expectFinding(findings, { status: 'fail', messageId: 'placeholder', path: 'SECURITY.md', startLine: 5 });
  });

  it.each([
    ['a TODO', '# Security\n\nTODO: add contact\n'],
    ['an angled placeholder', '# Security\n\nEmail <your email here> to report.\n'],
    ['an example address', '# Security\n\nEmail security@example.com to report.\n'],
  ])('fails a policy with only %s', async (_name, text) => {
    const findings = await check.run(memorySnapshot({ files: { 'SECURITY.md': text } }));

    expect(overall(findings)).toBe('fail');
  });

  it('fails a policy that names no private route', async () => {
    const findings = await check.run(
      memorySnapshot({
        files: { 'SECURITY.md': '# Security\n\nWe take security seriously. Open an issue.\n' },
      }),
    );

    expectFinding(findings, { status: 'fail', messageId: 'noContact', path: 'SECURITY.md' });
  });

  it('warns about template text left beside a real contact', async () => {
    const findings = await check.run(
      memorySnapshot({
        files: { 'SECURITY.md': '# Security\n\nEmail security@acme.gov.uk.\n\n## Versions\n\nTBD\n' },
      }),
    );

    expectFinding(findings, { status: 'pass', messageId: 'found' });
    expectFinding(findings, { status: 'warn', messageId: 'placeholderLeft', startLine: 7 });
  });

  it('cannot judge a policy over the read limit, and fails a binary one', async () => {
    const skipped = (reason: 'too-large' | 'binary') =>
      memorySnapshot({ skipped: { 'SECURITY.md': { reason, size: 2_000_000 } } });

    expectFinding(await check.run(skipped('too-large')), { status: 'unknown', messageId: 'unreadable' });
    expectFinding(await check.run(skipped('binary')), { status: 'fail', messageId: 'unreadable' });
  });

  it('fails an empty policy', async () => {
    const findings = await check.run(memorySnapshot({ files: { 'SECURITY.md': '\n' } }));

    expectFinding(findings, { status: 'fail', messageId: 'empty' });
  });

  it("uses the organisation's policy when the repository has none", async () => {
    const findings = await check.run(
      memorySnapshot({ files: {}, facts: orgPolicy('Report to https://acme.gov.uk/security/report') }),
    );

    const pass = expectFinding(findings, { status: 'pass', messageId: 'found' });
    expect(pass.data?.path).toBe('acme/.github:SECURITY.md');
    expect(pass.location).toBeUndefined();
  });

  it("fails an organisation's policy that is an unfilled template", async () => {
    const findings = await check.run(
      memorySnapshot({
        files: {},
        facts: orgPolicy('Use this section to tell people how to report a vulnerability.'),
      }),
    );

    expectFinding(findings, { status: 'fail', messageId: 'placeholder' });
  });

  it('fails when there is none, saying when the organisation could not be checked', async () => {
    const known = await check.run(
      memorySnapshot({ files: {}, facts: { orgSecurityPolicy: { state: 'known', value: null } } }),
    );
    const local = await check.run(memorySnapshot({ files: {} }));

    expectFinding(known, { status: 'fail', messageId: 'missing' });
    expectFinding(local, { status: 'fail', messageId: 'missingNoOrg' });
  });

  it('does not take a Markdown link or autolink for template text', async () => {
    const findings = await check.run(
      memorySnapshot({
        files: {
          'SECURITY.md':
            '# Security\n\n[Email us](mailto:security@acme.gov.uk) or write to <contact@acme.gov.uk>.\n',
        },
      }),
    );

    expect(findings.map((f) => [f.status, f.messageId])).toEqual([['pass', 'found']]);
    expectFinding(
      await check.run(
        memorySnapshot({
          files: { 'SECURITY.md': 'Email security@acme.gov.uk.\n\n[insert phone number]\n' },
        }),
      ),
      { status: 'warn', messageId: 'placeholderLeft', startLine: 3 },
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
