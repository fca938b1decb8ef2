import { describe, it } from 'vitest';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import interfaceSpecValid from './interface-spec-valid.js';

const SPEC = 'resources/public/api/conf/1.0/application.yaml';
const spec = (problem: string): { specPath: string; problem: string } => ({ specPath: SPEC, problem });

describe('interface-spec-valid on specifications as real repositories write them', () => {
  it('reports each real error once, not once per oneOf branch the value was never meant to match', async () => {
    expectFindings(await runOnFixture(interfaceSpecValid, 'openapi-oneof-errors'), [
      // Flow-style `{ write:vat, read:vat }` makes keys with null values: 4 errors, not 20.
      {
        status: 'fail',
        messageId: 'invalid',
        path: SPEC,
        startLine: 38,
        startColumn: 21,
        data: spec(
          '#/components/securitySchemes/userRestricted/flows/authorizationCode/scopes/write:vat must be string',
        ),
      },
      {
        status: 'fail',
        messageId: 'invalid',
        path: SPEC,
        startLine: 38,
        startColumn: 32,
        data: spec(
          '#/components/securitySchemes/userRestricted/flows/authorizationCode/scopes/read:vat must be string',
        ),
      },
      {
        status: 'fail',
        messageId: 'invalid',
        path: SPEC,
        startLine: 45,
        data: spec(
          '#/components/securitySchemes/applicationRestricted/flows/clientCredentials/scopes/write:vat must be string',
        ),
      },
      {
        status: 'fail',
        messageId: 'invalid',
        path: SPEC,
        startLine: 45,
        data: spec(
          '#/components/securitySchemes/applicationRestricted/flows/clientCredentials/scopes/read:vat must be string',
        ),
      },
      // A parameter `in` no location allows: one error naming them all.
      {
        status: 'fail',
        messageId: 'invalid',
        path: SPEC,
        startLine: 19,
        data: spec(
          '#/paths/~1organisations~1vat~1{vrn}~1obligations/get/parameters/1/in must be equal to one of the allowed values (path, query, header, cookie)',
        ),
      },
    ]);
  });

  it('understands a Redocly multi-file source: Markdown descriptions included by $ref', async () => {
    expectFindings(await runOnFixture(interfaceSpecValid, 'openapi-redocly-multi-file'), [
      { status: 'pass', messageId: 'valid', path: 'openapi/openapi.yaml' },
    ]);
  });

  it('names the unevaluated properties, and says nothing of what an unfollowed remote $ref stands for', async () => {
    expectFindings(await runOnFixture(interfaceSpecValid, 'openapi-unevaluated-properties'), [
      {
        status: 'fail',
        messageId: 'invalid',
        path: 'openapi.yaml',
        startLine: 5,
        data: { problem: "#/info must NOT have unevaluated properties ('logo', 'owner')" },
      },
      {
        status: 'warn',
        messageId: 'remoteRef',
        path: 'openapi.yaml',
        startLine: 17,
        data: { ref: 'https://proxygen.prod.api.platform.nhs.uk/components/securitySchemes/nhs-cis2-aal3' },
      },
    ]);
  });

  it('validates a document merged from parts as the whole, and says when the parts are not the whole', async () => {
    expectFindings(await runOnFixture(interfaceSpecValid, 'openapi-merged-parts'), [
      { status: 'pass', messageId: 'valid', path: 'specification/header.yaml' },
      {
        status: 'unknown',
        messageId: 'partNotValidated',
        path: 'static/header.yaml',
        data: { dir: 'static', pointer: '#/components/schemas/DocumentReference' },
      },
    ]);
  });

  it('validates only the specs the repository serves: not client specs, vendored copies or test fixtures', async () => {
    expectFindings(await runOnFixture(interfaceSpecValid, 'openapi-client-specs'), [
      { status: 'pass', messageId: 'valid', path: 'api/referrals.yaml' },
    ]);
  });

  it('says once that $refs go through a symbolic link the audit does not follow', async () => {
    const examples = ['Patient', 'PatientSearch', 'RelatedPerson']
      .map((e) => `            ${e}:\n              $ref: "examples/${e}.json"\n`)
      .join('');
    const findings = await runCheck(interfaceSpecValid, {
      files: {
        'specification/api.yaml': `openapi: 3.0.3\ninfo: {title: PDS, version: "1"}\npaths:\n  /Patient:\n    get:\n      responses:\n        "200":\n          description: OK\n          content:\n            application/fhir+json:\n              examples:\n${examples.replace(/^ {12}/gm, '                ')}`,
      },
      skipped: { 'specification/examples': { reason: 'symlink', size: 12 } },
    });

    expectFindings(findings, [
      { status: 'pass', messageId: 'valid', path: 'specification/api.yaml' },
      {
        status: 'warn',
        messageId: 'problemWarning',
        path: 'specification/api.yaml',
        startLine: 13,
        data: {
          problem:
            '$ref "examples/Patient.json" and 2 more: specification/examples is a symbolic link, which the audit does not follow, so what it points to was not checked',
        },
      },
    ]);
  });

  it('reports $refs into a directory that is not in the repository once, not once per file', async () => {
    const refs = ['acute', 'repeat', 'erd']
      .map((e) => `                ${e}:\n                  $ref: "build/examples/${e}.json"\n`)
      .join('');
    const findings = await runCheck(interfaceSpecValid, {
      files: {
        'spec/eps.yaml': `openapi: 3.0.3\ninfo: {title: EPS, version: "1"}\npaths:\n  /Task:\n    post:\n      responses:\n        "200":\n          description: OK\n          content:\n            application/fhir+json:\n              examples:\n${refs}`,
      },
    });

    expectFindings(findings, [
      {
        status: 'fail',
        messageId: 'invalid',
        path: 'spec/eps.yaml',
        startLine: 13,
        data: {
          problem:
            '$ref "build/examples/acute.json" and 2 more into the same directory: spec/build/ is not in the repository',
        },
      },
    ]);
  });

  it('advises deleting a superseded Swagger 2.0 file that names its OpenAPI 3 replacement', async () => {
    const findings = await runCheck(interfaceSpecValid, {
      files: {
        'swagger/swagger.json':
          '{\n  "swagger": "2.0",\n  "info": {\n    "title": "Public API",\n    "version": "1.0.0",\n    "description": "DEPRECATED: this file is no longer maintained. See openapi/publicapi_spec.json."\n  },\n  "paths": {}\n}\n',
        'openapi/publicapi_spec.json':
          '{\n  "openapi": "3.0.1",\n  "info": { "title": "Public API", "version": "1.0.0" },\n  "paths": {}\n}\n',
      },
    });

    expectFindings(findings, [
      { status: 'pass', messageId: 'valid', path: 'swagger/swagger.json' },
      { status: 'pass', messageId: 'valid', path: 'openapi/publicapi_spec.json' },
      {
        status: 'warn',
        messageId: 'swagger2Superseded',
        path: 'swagger/swagger.json',
        startLine: 2,
        data: { replacement: 'openapi/publicapi_spec.json' },
      },
    ]);
  });
});

describe('interface-spec-valid on shared files and schema dialect URIs', () => {
  const header = (name: string): string =>
    `        ${name}:\n          description: ok\n          headers:\n            X-CorrelationId:\n              $ref: "./common/headers.yaml#/components/headers/X-CorrelationId"`;
  const spec = [
    'openapi: 3.0.3',
    'info: {title: Losses, version: "1.0"}',
    'paths:',
    '  /losses:',
    '    get:',
    '      responses:',
    header("'200'"),
    header("'400'"),
    header("'404'"),
  ].join('\n');
  const headers = [
    'components:',
    '  headers:',
    '    X-CorrelationId:',
    '      name: X-CorrelationId',
    '      in: header',
    '      schema: {type: string}',
    '',
  ].join('\n');

  it('reports an error in a shared file once, with how many other $refs reach it', async () => {
    expectFindings(
      await runCheck(interfaceSpecValid, {
        files: { 'api/openapi.yaml': spec, 'api/common/headers.yaml': headers },
      }),
      [
        {
          status: 'fail',
          messageId: 'invalid',
          path: 'api/common/headers.yaml',
          startLine: 4,
          data: {
            problem:
              "#/paths/~1losses/get/responses/200/headers/X-CorrelationId must NOT have additional properties ('name') (and through 2 other $refs to the same place)",
          },
        },
        {
          status: 'fail',
          messageId: 'invalid',
          path: 'api/common/headers.yaml',
          startLine: 5,
          data: {
            problem:
              "#/paths/~1losses/get/responses/200/headers/X-CorrelationId must NOT have additional properties ('in') (and through 2 other $refs to the same place)",
          },
        },
      ],
    );
  });

  it('takes https://json-schema.org/draft-07/schema (https, no #) for draft-07 instead of failing', async () => {
    expectFindings(
      await runCheck(interfaceSpecValid, {
        files: {
          'schemas/cube.json':
            '{"$schema": "https://json-schema.org/draft-07/schema", "title": "Cube", "type": "object", "properties": {"id": {"type": "string"}}}',
        },
      }),
      [{ status: 'pass', messageId: 'valid', path: 'schemas/cube.json' }],
    );
  });
});
