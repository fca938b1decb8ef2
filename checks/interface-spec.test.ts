import { describe, expect, it } from 'vitest';
import { memorySnapshot, type MemoryRepo } from '../src/snapshot/memory.js';
import { Snapshot } from '../src/snapshot/snapshot.js';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import interfaceSpec from './interface-spec.js';

const run = (repo: MemoryRepo) => runCheck(interfaceSpec, repo);
const noInterface = [{ status: 'info' as const, messageId: 'noInterface', path: null }];
const missingAt = (path: string, startLine?: number) => [
  { status: 'fail' as const, messageId: 'missing', path, ...(startLine === undefined ? {} : { startLine }) },
];
const signalKinds = (f: { evidence?: Record<string, unknown> } | undefined) =>
  (f?.evidence?.apiSignals as { kind: string }[]).map((s) => s.kind);

describe('interface-spec', () => {
  it('finds a multi-file OpenAPI 3.1 spec whatever it is called, with its facts as evidence', async () => {
    const [found] = expectFindings(await runOnFixture(interfaceSpec, 'openapi-multi-file'), [
      { status: 'pass', messageId: 'found', path: 'api/service-definition.yaml' },
    ]);
    expect(found?.evidence).toEqual({
      path: 'api/service-definition.yaml',
      format: 'openapi',
      version: '3.1.0',
      title: 'Pet service',
      operations: 3,
      valid: true,
      includes: ['api/components/pet.yaml', 'api/components/pet-item.yaml'],
    });
  });

  it.each([
    ['swagger-2', [['swagger.json', 'swagger', '2.0']]],
    ['asyncapi-3', [['docs/events.yaml', 'asyncapi', '3.0.0']]],
    ['protobuf-grpc', [['proto/results/v1/results.proto', 'protobuf', 'proto3']]],
    ['wsdl-soap', [['PatientLookup.wsdl', 'wsdl', '1.1']]],
    [
      'graphql-sdl',
      [
        ['schema/clinic.graphqls', 'graphql', null],
        ['schema/query.graphql', 'graphql', null],
      ],
    ],
    [
      'json-schema-collection',
      [
        // patient.schema.json is a $ref target of referral.schema.json: reported with it, not alone.
        ['schemas/referral.schema.json', 'json-schema', '2020-12'],
      ],
    ],
    [
      'fhir-conformance',
      [
        ['fhir/CapabilityStatement-referrals.json', 'fhir', '4.0.1'],
        ['fhir/StructureDefinition-referral.xml', 'fhir', '4.0.1'],
        ['fhir/ValueSet-referral-reason.json', 'fhir', null],
      ],
    ],
  ] as const)('finds the specs in %s', async (fixture, specs) => {
    expectFindings(
      await runOnFixture(interfaceSpec, fixture),
      specs.map(([path, format, version]) => ({
        status: 'pass' as const,
        messageId: 'found',
        path,
        evidence: { format, version },
      })),
    );
  });

  it('counts the interactions and operations of a FHIR CapabilityStatement', async () => {
    const findings = await runOnFixture(interfaceSpec, 'fhir-conformance');

    const [found] = expectFindings(findings, [
      { status: 'pass', messageId: 'found', path: 'fhir/CapabilityStatement-referrals.json' },
      { status: 'pass', messageId: 'found', path: 'fhir/StructureDefinition-referral.xml' },
      { status: 'pass', messageId: 'found', path: 'fhir/ValueSet-referral-reason.json' },
    ]);
    expect(found?.evidence).toMatchObject({
      resourceType: 'CapabilityStatement',
      title: 'Referrals FHIR server',
      operations: 4,
    });
  });

  it('fails an API with no published spec, pointing at what says it is an API', async () => {
    const [missing] = expectFindings(
      await runOnFixture(interfaceSpec, 'api-without-spec'),
      missingAt('package.json', 5),
    );
    expect(missing?.evidence?.apiSignals).toEqual([
      { kind: 'framework', name: 'Express (express)', path: 'package.json', line: 5 },
      { kind: 'dockerfile-expose', name: 'EXPOSE 3000', path: 'Dockerfile', line: 4 },
    ]);
  });

  it('fails an ASP.NET web project that only generates its spec at runtime', async () => {
    expectFindings(
      await runOnFixture(interfaceSpec, 'runtime-spec-swashbuckle'),
      missingAt('src/Referrals.Api/Referrals.Api.csproj', 1),
    );
  });

  it('is information only when nothing says the repository serves an interface (dev dependencies do not count)', async () => {
    expectFindings(await runOnFixture(interfaceSpec, 'no-api'), noInterface);
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
    const [missing] = expectFindings(await run({ files: { [path]: text } }), missingAt(path, line));
    expect(signalKinds(missing)).toEqual([kind]);
  });

  it('does not take a data store image for an API', async () => {
    expectFindings(
      await run({ files: { 'db/Dockerfile': 'FROM postgres:17\nEXPOSE 5432/tcp\n' } }),
      noInterface,
    );
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

    expectFindings(await run({ files: { 'web/Dockerfile': dockerfile } }), noInterface);
  });

  it('still takes other signals, and EXPOSE in an application image, for an API', async () => {
    const nginx = 'FROM nginx:1.27-alpine\nEXPOSE 80\n';
    const withFramework = await run({
      files: { Dockerfile: nginx, 'package.json': '{\n  "dependencies": { "express": "^4.19.0" }\n}\n' },
    });
    const [missing] = expectFindings(withFramework, missingAt('package.json', 2));
    expect(missing?.evidence?.apiSignals).toEqual([
      { kind: 'framework', name: 'Express (express)', path: 'package.json', line: 2 },
    ]);

    // The final stage decides: a static server used to build, then an application image, is an API.
    for (const dockerfile of [
      'FROM nginx AS docs\nRUN true\nFROM node:22-alpine\nEXPOSE 3000\n',
      // `nginx-proxy-manager` and an image merely named like one are not static web servers.
      'FROM jc21/nginx-proxy-manager:2\nEXPOSE 81\n',
      'FROM acme/nginx-api:1\nEXPOSE 8080\n',
    ]) {
      const [f] = expectFindings(await run({ files: { Dockerfile: dockerfile } }), missingAt('Dockerfile'));
      expect(signalKinds(f)).toEqual(['dockerfile-expose']);
    }

    // A final stage built on an earlier static-server stage is that server too.
    const alias = 'FROM nginx:stable AS base\nEXPOSE 80\nFROM base\nCOPY site /usr/share/nginx/html\n';
    expectFindings(await run({ files: { Dockerfile: alias } }), noInterface);
  });

  it('says unknown, not info, when the file list is incomplete', async () => {
    const base = memorySnapshot({ files: { 'README.md': 'x' } });
    const truncated = new Snapshot({ ...base.data, complete: false, incompleteReason: 'tree truncated' });

    expectFindings(await runCheck(interfaceSpec, truncated), [
      { status: 'unknown', messageId: 'incomplete', path: null, data: { reason: 'tree truncated' } },
    ]);
  });

  it('says unknown for a spec-named file it could not read', async () => {
    expectFindings(await run({ skipped: { 'openapi.yaml': { reason: 'too-large', size: 5_000_000 } } }), [
      { status: 'unknown', messageId: 'unread', path: 'openapi.yaml' },
    ]);
  });

  it('does not fail an API as having no spec when a spec-named file could not be read', async () => {
    const findings = await run({
      files: {
        'package.json': '{\n  "name": "svc",\n  "dependencies": {\n    "express": "^5.1.0"\n  }\n}\n',
      },
      skipped: { 'api/openapi.yaml': { reason: 'too-large', size: 5_000_000 } },
    });

    expectFindings(findings, [{ status: 'unknown', messageId: 'unread', path: 'api/openapi.yaml' }]);
  });
});
