import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import interfaceSpecValid from './interface-spec-valid.js';

describe('interface-spec-valid', () => {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());

  it('passes a valid multi-file OpenAPI 3.1 spec', async () => {
    expectFindings(await runOnFixture(interfaceSpecValid, 'openapi-multi-file'), [
      {
        status: 'pass',
        messageId: 'valid',
        path: 'api/service-definition.yaml',
        data: { spec: 'OpenAPI 3.1.0' },
      },
    ]);
  });

  it('fails an invalid spec with each error at the file and line of the $ref target, and reports a remote $ref as unresolved without fetching it', async () => {
    const scope = nock('https://example.org').get(/.*/).reply(200, 'paths: {}');

    const findings = await runOnFixture(interfaceSpecValid, 'openapi-invalid');

    const [, , remote] = expectFindings(findings, [
      {
        status: 'fail',
        messageId: 'invalid',
        path: 'spec/responses.yaml',
        startLine: 6,
        data: {
          specPath: 'spec/openapi.yaml',
          problem: expect.stringMatching(/additional properties \('descripton'\)/),
        },
      },
      {
        status: 'fail',
        messageId: 'invalid',
        path: 'spec/responses.yaml',
        startLine: 1,
        data: { problem: expect.stringMatching(/required property 'description'/) },
      },
      { status: 'warn', messageId: 'remoteRef', path: 'spec/openapi.yaml', startLine: 12 },
    ]);
    expect(remote?.evidence).toMatchObject({
      ref: 'https://example.org/shared/practitioners.yaml#/paths/practitioners',
      resolved: false,
    });
    expect(scope.isDone()).toBe(false);
    nock.cleanAll();
  });

  it('warns that Swagger 2.0 should be OpenAPI 3, at the swagger key', async () => {
    expectFindings(await runOnFixture(interfaceSpecValid, 'swagger-2'), [
      { status: 'pass', messageId: 'valid', path: 'swagger.json' },
      { status: 'warn', messageId: 'swagger2', path: 'swagger.json', startLine: 2 },
    ]);
  });

  it('fails invalid FHIR resources in JSON and XML at the line of the problem', async () => {
    expectFindings(await runOnFixture(interfaceSpecValid, 'fhir-invalid'), [
      {
        status: 'fail',
        messageId: 'invalid',
        path: 'OperationDefinition-triage.json',
        startLine: 5,
        data: { problem: expect.stringContaining('"published" is not one of') },
      },
      { status: 'fail', messageId: 'invalid', path: 'CapabilityStatement.xml', startLine: 8 },
    ]);
  });

  it('passes valid FHIR conformance resources in JSON and XML', async () => {
    expectFindings(await runOnFixture(interfaceSpecValid, 'fhir-conformance'), [
      { status: 'pass', messageId: 'valid', path: 'fhir/CapabilityStatement-referrals.json' },
      { status: 'pass', messageId: 'valid', path: 'fhir/StructureDefinition-referral.xml' },
      { status: 'pass', messageId: 'valid', path: 'fhir/ValueSet-referral-reason.json' },
    ]);
  });

  it.each([
    ['asyncapi-3', ['docs/events.yaml']],
    ['graphql-sdl', ['schema/clinic.graphqls', 'schema/query.graphql']],
    ['protobuf-grpc', ['proto/results/v1/results.proto']],
    ['wsdl-soap', ['PatientLookup.wsdl']],
  ])('passes the valid spec in %s', async (fixture, paths) => {
    expectFindings(
      await runOnFixture(interfaceSpecValid, fixture),
      paths.map((path) => ({ status: 'pass' as const, messageId: 'valid', path })),
    );
  });

  it('fails a JSON Schema that breaks its meta-schema', async () => {
    expectFindings(await runOnFixture(interfaceSpecValid, 'json-schema-collection'), [
      // The error is in patient.schema.json, which referral.schema.json includes: one document, one finding.
      { status: 'fail', messageId: 'invalid', path: 'schemas/patient.schema.json', startLine: 7 },
    ]);
  });

  it('lists at most 20 errors per spec and counts the rest', async () => {
    const paths = Object.fromEntries(
      Array.from({ length: 25 }, (_, i) => [`/p${i}`, { get: { responses: { 200: {} } } }]),
    );
    const findings = await runCheck(interfaceSpecValid, {
      files: {
        'openapi.json': JSON.stringify(
          { openapi: '3.0.3', info: { title: 'T', version: '1' }, paths },
          null,
          2,
        ),
      },
    });

    expectFindings(findings, [
      ...Array.from({ length: 20 }, () => ({
        status: 'fail' as const,
        messageId: 'invalid',
        path: 'openapi.json',
      })),
      { status: 'fail', messageId: 'moreProblems', path: 'openapi.json', data: { count: 5 } },
    ]);
  });

  it('is information only when there is nothing to validate', async () => {
    expectFindings(await runOnFixture(interfaceSpecValid, 'no-api'), [
      { status: 'info', messageId: 'noSpecs', path: null },
    ]);
  });
});
