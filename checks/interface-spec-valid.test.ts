import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFinding, overall, runOnFixture } from '../test/support/check-harness.js';
import interfaceSpecValid from './interface-spec-valid.js';

describe('interface-spec-valid', () => {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());

  it('passes a valid multi-file OpenAPI 3.1 spec', async () => {
    const findings = await runOnFixture(interfaceSpecValid, 'openapi-multi-file');

    expect(overall(findings)).toBe('pass');
    expectFinding(findings, { status: 'pass', messageId: 'valid', path: 'api/service-definition.yaml' });
  });

  it('fails an invalid spec with each error at the file and line of the $ref target', async () => {
    const findings = await runOnFixture(interfaceSpecValid, 'openapi-invalid');

    const extra = expectFinding(findings, {
      status: 'fail',
      messageId: 'invalid',
      path: 'spec/responses.yaml',
      startLine: 6,
    });
    expect(extra.data?.problem).toMatch(/additional properties \('descripton'\)/);
    expectFinding(findings, {
      status: 'fail',
      messageId: 'invalid',
      path: 'spec/responses.yaml',
      startLine: 1,
    });
  });

  it('reports a remote $ref as unresolved and never fetches it', async () => {
    const scope = nock('https://example.org').get(/.*/).reply(200, 'paths: {}');

    const findings = await runOnFixture(interfaceSpecValid, 'openapi-invalid');

    const remote = expectFinding(findings, {
      status: 'warn',
      messageId: 'remoteRef',
      path: 'spec/openapi.yaml',
      startLine: 12,
    });
    expect(remote.evidence).toMatchObject({
      ref: 'https://example.org/shared/practitioners.yaml#/paths/practitioners',
      resolved: false,
    });
    expect(scope.isDone()).toBe(false);
    nock.cleanAll();
  });

  it('warns that Swagger 2.0 should be OpenAPI 3, at the swagger key', async () => {
    const findings = await runOnFixture(interfaceSpecValid, 'swagger-2');

    expectFinding(findings, { status: 'pass', messageId: 'valid', path: 'swagger.json' });
    expectFinding(findings, { status: 'warn', messageId: 'swagger2', path: 'swagger.json', startLine: 2 });
  });

  it('fails invalid FHIR resources in JSON and XML at the line of the problem', async () => {
    const findings = await runOnFixture(interfaceSpecValid, 'fhir-invalid');

    expectFinding(findings, {
      status: 'fail',
      messageId: 'invalid',
      path: 'OperationDefinition-triage.json',
      startLine: 5,
    });
    expectFinding(findings, {
      status: 'fail',
      messageId: 'invalid',
      path: 'CapabilityStatement.xml',
      startLine: 8,
    });
  });

  it('passes valid FHIR conformance resources in JSON and XML', async () => {
    expect(overall(await runOnFixture(interfaceSpecValid, 'fhir-conformance'))).toBe('pass');
  });

  it.each(['asyncapi-3', 'graphql-sdl', 'protobuf-grpc', 'wsdl-soap'])(
    'passes the valid spec in %s',
    async (fixture) => {
      expect(overall(await runOnFixture(interfaceSpecValid, fixture))).toBe('pass');
    },
  );

  it('fails a JSON Schema that breaks its meta-schema', async () => {
    expectFinding(await runOnFixture(interfaceSpecValid, 'json-schema-collection'), {
      status: 'fail',
      messageId: 'invalid',
      path: 'schemas/patient.schema.json',
      startLine: 7,
    });
  });

  it('lists at most 20 errors per spec and counts the rest', async () => {
    const paths = Object.fromEntries(
      Array.from({ length: 25 }, (_, i) => [`/p${i}`, { get: { responses: { 200: {} } } }]),
    );
    const snapshot = memorySnapshot({
      files: {
        'openapi.json': JSON.stringify(
          { openapi: '3.0.3', info: { title: 'T', version: '1' }, paths },
          null,
          2,
        ),
      },
    });

    const findings = await interfaceSpecValid.run(snapshot);

    expect(findings.filter((f) => f.messageId === 'invalid')).toHaveLength(20);
    expectFinding(findings, { status: 'fail', messageId: 'moreProblems' });
  });

  it('is information only when there is nothing to validate', async () => {
    expectFinding(await runOnFixture(interfaceSpecValid, 'no-api'), { status: 'info', messageId: 'noSpecs' });
  });
});
