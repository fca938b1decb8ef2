import { describe, it } from 'vitest';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import interfaceSpecLinked from './interface-spec-linked.js';

const SPEC = 'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths: {}\n';

describe('interface-spec-linked', () => {
  it('passes a README that links to the spec by a relative path', async () => {
    expectFindings(await runOnFixture(interfaceSpecLinked, 'openapi-multi-file'), [
      { status: 'pass', messageId: 'linked', path: 'README.md', startLine: 7 },
    ]);
  });

  it('fails when specs exist but nothing links to them', async () => {
    expectFindings(await runOnFixture(interfaceSpecLinked, 'openapi-invalid'), [
      { status: 'fail', messageId: 'notLinked' },
    ]);
  });

  it.each([
    ['an API catalogue entry', 'See [our API](https://digital.nhs.uk/developer/api-catalogue/referrals).'],
    ['a GitHub link to the spec', 'Spec: https://github.com/acme/svc/blob/main/api/openapi.yaml'],
    ['the spec folder', 'The [API description](./api/) is published.'],
    ['rendered docs', '<a href="https://svc.example.gov.uk/api-docs">API docs</a>'],
  ])('passes a link to %s', async (_what, readme) => {
    const findings = await runCheck(interfaceSpecLinked, {
      files: { 'api/openapi.yaml': SPEC, 'README.md': readme },
    });

    expectFindings(findings, [{ status: 'pass', messageId: 'linked', path: 'README.md', startLine: 1 }]);
  });

  it('finds the link in docs/', async () => {
    const findings = await runCheck(interfaceSpecLinked, {
      files: {
        'openapi.yaml': SPEC,
        'README.md': '# Service',
        'docs/api.md': 'Read [the spec](../openapi.yaml).',
      },
    });

    expectFindings(findings, [{ status: 'pass', messageId: 'linked', path: 'docs/api.md' }]);
  });

  it('does not count a link to something else', async () => {
    const findings = await runCheck(interfaceSpecLinked, {
      files: { 'api/openapi.yaml': SPEC, 'README.md': '[Licence](LICENCE) and https://example.com/about' },
    });

    expectFindings(findings, [{ status: 'fail', messageId: 'notLinked', path: 'README.md' }]);
  });

  it('reads a README whatever the case of its name', async () => {
    const findings = await runCheck(interfaceSpecLinked, {
      files: { 'api/openapi.yaml': SPEC, 'ReadMe.md': 'See [the spec](api/openapi.yaml).' },
    });

    expectFindings(findings, [{ status: 'pass', messageId: 'linked', path: 'ReadMe.md' }]);
  });

  it('is information only without a spec', async () => {
    expectFindings(await runOnFixture(interfaceSpecLinked, 'no-api'), [
      { status: 'info', messageId: 'noSpecs', path: null },
    ]);
  });
});
