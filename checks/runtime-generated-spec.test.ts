import { describe, expect, it } from 'vitest';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import runtimeGeneratedSpec from './runtime-generated-spec.js';

describe('runtime-generated-spec', () => {
  it('warns when Swashbuckle generates the spec and none is committed, saying how to export it', async () => {
    const findings = await runOnFixture(runtimeGeneratedSpec, 'runtime-spec-swashbuckle');

    expectFindings(findings, [
      {
        status: 'warn',
        messageId: 'runtimeOnly',
        path: 'src/Referrals.Api/Referrals.Api.csproj',
        startLine: 8,
        data: {
          name: 'Swashbuckle',
          package: 'Swashbuckle.AspNetCore',
          export: expect.stringMatching(/dotnet swagger tofile/),
        },
      },
    ]);
  });

  it('does not claim no document is committed when openapi.json was too large to read', async () => {
    const findings = await runCheck(runtimeGeneratedSpec, {
      files: { 'requirements.txt': 'fastapi==0.115.0\n' },
      skipped: { 'docs/openapi.json': { reason: 'too-large', size: 3_000_000 } },
    });

    expectFindings(findings, [
      {
        status: 'unknown',
        messageId: 'unreadSpec',
        path: 'requirements.txt',
        data: { specPath: 'docs/openapi.json', reason: 'too-large' },
      },
    ]);
  });

  it('passes when the generated document is committed', async () => {
    expectFindings(await runOnFixture(runtimeGeneratedSpec, 'runtime-spec-fastapi-committed'), [
      {
        status: 'pass',
        messageId: 'committed',
        path: 'requirements.txt',
        startLine: 1,
        data: { specPath: 'openapi.json' },
      },
    ]);
  });

  it.each([
    ['package.json', '{"dependencies": {"@nestjs/swagger": "^8.0.0"}}', '@nestjs/swagger'],
    [
      'pyproject.toml',
      '[project]\nname = "x"\ndependencies = ["drf-spectacular>=0.27"]\n',
      'drf-spectacular',
    ],
    [
      'pom.xml',
      '<project><dependencies><dependency><groupId>org.springdoc</groupId><artifactId>springdoc-openapi-starter-webmvc-ui</artifactId><version>2.6.0</version></dependency></dependencies></project>',
      'org.springdoc:springdoc-openapi-starter-webmvc-ui',
    ],
    ['package.json', '{"dependencies": {"tsoa": "^6.0.0"}}', 'tsoa'],
  ])('recognises the generator in %s', async (path, text, packageName) => {
    expectFindings(await runCheck(runtimeGeneratedSpec, { files: { [path]: text } }), [
      { status: 'warn', messageId: 'runtimeOnly', path, data: { package: packageName } },
    ]);
  });

  it('is information only without a runtime generator', async () => {
    expectFindings(await runOnFixture(runtimeGeneratedSpec, 'api-without-spec'), [
      { status: 'info', messageId: 'noGenerator', path: null },
    ]);
  });
});
