import { describe, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFinding, runOnFixture } from '../test/support/check-harness.js';
import interfaceSpecLinked from './interface-spec-linked.js';

const SPEC = 'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths: {}\n';

describe('interface-spec-linked', () => {
  it('passes a README that links to the spec by a relative path', async () => {
    expectFinding(await runOnFixture(interfaceSpecLinked, 'openapi-multi-file'), {
      status: 'pass',
      messageId: 'linked',
      path: 'README.md',
      startLine: 7,
    });
  });

  it('fails when specs exist but nothing links to them', async () => {
    expectFinding(await runOnFixture(interfaceSpecLinked, 'openapi-invalid'), {
      status: 'fail',
      messageId: 'notLinked',
    });
  });

  it.each([
    ['an API catalogue entry', 'See [our API](https://digital.nhs.uk/developer/api-catalogue/referrals).'],
    ['a GitHub link to the spec', 'Spec: https://github.com/acme/svc/blob/main/api/openapi.yaml'],
    ['the spec folder', 'The [API description](./api/) is published.'],
    ['rendered docs', '<a href="https://svc.example.gov.uk/api-docs">API docs</a>'],
  ])('passes a link to %s', async (_what, readme) => {
    const findings = await interfaceSpecLinked.run(
      memorySnapshot({ files: { 'api/openapi.yaml': SPEC, 'README.md': readme } }),
    );

    expectFinding(findings, { status: 'pass', messageId: 'linked', path: 'README.md' });
  });

  it('finds the link in docs/', async () => {
    const findings = await interfaceSpecLinked.run(
      memorySnapshot({
        files: {
          'openapi.yaml': SPEC,
          'README.md': '# Service',
          'docs/api.md': 'Read [the spec](../openapi.yaml).',
        },
      }),
    );

    expectFinding(findings, { status: 'pass', messageId: 'linked', path: 'docs/api.md' });
  });

  it('does not count a link to something else', async () => {
    const findings = await interfaceSpecLinked.run(
      memorySnapshot({
        files: { 'api/openapi.yaml': SPEC, 'README.md': '[Licence](LICENCE) and https://example.com/about' },
      }),
    );

    expectFinding(findings, { status: 'fail', messageId: 'notLinked', path: 'README.md' });
  });

  it('reads a README whatever the case of its name', async () => {
    const findings = await interfaceSpecLinked.run(
      memorySnapshot({
        files: { 'api/openapi.yaml': SPEC, 'ReadMe.md': 'See [the spec](api/openapi.yaml).' },
      }),
    );

    expectFinding(findings, { status: 'pass', messageId: 'linked', path: 'ReadMe.md' });
  });

  it('is information only without a spec', async () => {
    expectFinding(await runOnFixture(interfaceSpecLinked, 'no-api'), {
      status: 'info',
      messageId: 'noSpecs',
    });
  });
});
