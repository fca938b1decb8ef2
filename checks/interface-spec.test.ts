import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { Snapshot } from '../src/snapshot/snapshot.js';
import { expectFinding, overall, runOnFixture } from '../test/support/check-harness.js';
import interfaceSpec from './interface-spec.js';

describe('interface-spec', () => {
  it('finds a multi-file OpenAPI 3.1 spec whatever it is called, with its facts as evidence', async () => {
    const findings = await runOnFixture(interfaceSpec, 'openapi-multi-file');

    const found = expectFinding(findings, {
      status: 'pass',
      messageId: 'found',
      path: 'api/service-definition.yaml',
    });
    expect(found.evidence).toEqual({
      path: 'api/service-definition.yaml',
      format: 'openapi',
      version: '3.1.0',
      title: 'Pet service',
      operations: 3,
      valid: true,
      includes: ['api/components/pet.yaml', 'api/components/pet-item.yaml'],
    });
    expect(findings).toHaveLength(1);
  });

  it.each([
    ['swagger-2', 'swagger.json', 'swagger', '2.0'],
    ['asyncapi-3', 'docs/events.yaml', 'asyncapi', '3.0.0'],
    ['protobuf-grpc', 'proto/results/v1/results.proto', 'protobuf', 'proto3'],
    ['wsdl-soap', 'PatientLookup.wsdl', 'wsdl', '1.1'],
    ['graphql-sdl', 'schema/query.graphql', 'graphql', null],
    ['json-schema-collection', 'schemas/referral.schema.json', 'json-schema', '2020-12'],
    ['fhir-conformance', 'fhir/CapabilityStatement-referrals.json', 'fhir', '4.0.1'],
    ['fhir-conformance', 'fhir/StructureDefinition-referral.xml', 'fhir', '4.0.1'],
  ])('finds the spec in %s at %s', async (fixture, path, format, version) => {
    const found = expectFinding(await runOnFixture(interfaceSpec, fixture), {
      status: 'pass',
      messageId: 'found',
      path,
    });

    expect(found.evidence).toMatchObject({ format, version });
  });

  it('counts the interactions and operations of a FHIR CapabilityStatement', async () => {
    const found = expectFinding(await runOnFixture(interfaceSpec, 'fhir-conformance'), {
      status: 'pass',
      messageId: 'found',
      path: 'fhir/CapabilityStatement-referrals.json',
    });

    expect(found.evidence).toMatchObject({
      resourceType: 'CapabilityStatement',
      title: 'Referrals FHIR server',
      operations: 4,
    });
  });

  it('fails an API with no published spec, pointing at what says it is an API', async () => {
    const findings = await runOnFixture(interfaceSpec, 'api-without-spec');

    const missing = expectFinding(findings, {
      status: 'fail',
      messageId: 'missing',
      path: 'package.json',
      startLine: 5,
    });
    expect(missing.evidence?.apiSignals).toEqual([
      { kind: 'framework', name: 'Express (express)', path: 'package.json', line: 5 },
      { kind: 'dockerfile-expose', name: 'EXPOSE 3000', path: 'Dockerfile', line: 4 },
    ]);
  });

  it('fails an ASP.NET web project that only generates its spec at runtime', async () => {
    expectFinding(await runOnFixture(interfaceSpec, 'runtime-spec-swashbuckle'), {
      status: 'fail',
      messageId: 'missing',
      path: 'src/Referrals.Api/Referrals.Api.csproj',
      startLine: 1,
    });
  });

  it('is information only when nothing says the repository serves an interface (dev dependencies do not count)', async () => {
    const findings = await runOnFixture(interfaceSpec, 'no-api');

    expect(overall(findings)).toBe('info');
    expectFinding(findings, { status: 'info', messageId: 'noInterface' });
  });

  it.each([
    [
      'serverless.yml',
      'service: s\nfunctions:\n  hello:\n    handler: h.run\n    events:\n      - httpApi:\n          path: /hello\n',
      'serverless',
      6,
    ],
    ['infra/main.tf', 'resource "aws_api_gateway_rest_api" "api" {\n  name = "x"\n}\n', 'api-gateway', 1],
    [
      'template.yaml',
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n',
      'api-gateway',
      4,
    ],
  ])('takes %s as a sign of an API', async (path, text, kind, line) => {
    const findings = await interfaceSpec.run(memorySnapshot({ files: { [path]: text } }));

    const missing = expectFinding(findings, { status: 'fail', messageId: 'missing', path, startLine: line });
    expect((missing.evidence?.apiSignals as { kind: string }[])[0]?.kind).toBe(kind);
  });

  it('does not take a data store image for an API', async () => {
    const findings = await interfaceSpec.run(
      memorySnapshot({ files: { 'db/Dockerfile': 'FROM postgres:17\nEXPOSE 5432/tcp\n' } }),
    );

    expectFinding(findings, { status: 'info', messageId: 'noInterface' });
  });

  it.each([
    ['nginx:1.27-alpine'],
    ['docker.io/library/httpd:2.4'],
    ['nginxinc/nginx-unprivileged:stable'],
    ['caddy'],
    ['ghcr.io/static-web-server/static-web-server:2'],
    ['registry.example.org:5000/lighttpd@sha256:' + 'a'.repeat(64)],
  ])('does not take EXPOSE in a static web server image (%s) for an API', async (image) => {
    const dockerfile = `FROM node:22 AS build\nEXPOSE 3000\nRUN npm run build\n\nFROM --platform=linux/amd64 ${image} AS web\nCOPY --from=build /app/dist /usr/share/nginx/html\nEXPOSE 8080\n`;
    const findings = await interfaceSpec.run(memorySnapshot({ files: { 'web/Dockerfile': dockerfile } }));

    expectFinding(findings, { status: 'info', messageId: 'noInterface' });
  });

  it('still takes other signals, and EXPOSE in an application image, for an API', async () => {
    const nginx = 'FROM nginx:1.27-alpine\nEXPOSE 80\n';
    const withFramework = await interfaceSpec.run(
      memorySnapshot({
        files: { Dockerfile: nginx, 'package.json': '{\n  "dependencies": { "express": "^4.19.0" }\n}\n' },
      }),
    );
    const missing = expectFinding(withFramework, {
      status: 'fail',
      messageId: 'missing',
      path: 'package.json',
    });
    expect(missing.evidence?.apiSignals).toEqual([
      { kind: 'framework', name: 'Express (express)', path: 'package.json', line: 2 },
    ]);

    // The final stage decides: a static server used to build, then an application image, is an API.
    for (const dockerfile of [
      'FROM nginx AS docs\nRUN true\nFROM node:22-alpine\nEXPOSE 3000\n',
      // `nginx-proxy-manager` and an image merely named like one are not static web servers.
      'FROM jc21/nginx-proxy-manager:2\nEXPOSE 81\n',
      'FROM acme/nginx-api:1\nEXPOSE 8080\n',
    ]) {
      const findings = await interfaceSpec.run(memorySnapshot({ files: { Dockerfile: dockerfile } }));
      const f = expectFinding(findings, { status: 'fail', messageId: 'missing', path: 'Dockerfile' });
      expect((f.evidence?.apiSignals as { kind: string }[])[0]?.kind).toBe('dockerfile-expose');
    }

    // A final stage built on an earlier static-server stage is that server too.
    const alias = 'FROM nginx:stable AS base\nEXPOSE 80\nFROM base\nCOPY site /usr/share/nginx/html\n';
    expectFinding(await interfaceSpec.run(memorySnapshot({ files: { Dockerfile: alias } })), {
      status: 'info',
      messageId: 'noInterface',
    });
  });

  it('says unknown, not info, when the file list is incomplete', async () => {
    const base = memorySnapshot({ files: { 'README.md': 'x' } });
    const truncated = new Snapshot({ ...base.data, complete: false, incompleteReason: 'tree truncated' });

    expectFinding(await interfaceSpec.run(truncated), { status: 'unknown', messageId: 'incomplete' });
  });

  it('says unknown for a spec-named file it could not read', async () => {
    const snapshot = memorySnapshot({
      skipped: { 'openapi.yaml': { reason: 'too-large', size: 5_000_000 } },
    });

    expectFinding(await interfaceSpec.run(snapshot), {
      status: 'unknown',
      messageId: 'unread',
      path: 'openapi.yaml',
    });
  });

  it('does not fail an API as having no spec when a spec-named file could not be read', async () => {
    const snapshot = memorySnapshot({
      files: {
        'package.json': '{\n  "name": "svc",\n  "dependencies": {\n    "express": "^5.1.0"\n  }\n}\n',
      },
      skipped: { 'api/openapi.yaml': { reason: 'too-large', size: 5_000_000 } },
    });
    const findings = await interfaceSpec.run(snapshot);

    expect(findings.map((f) => [f.status, f.messageId])).toEqual([['unknown', 'unread']]);
  });
});
