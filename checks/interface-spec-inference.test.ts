import { describe, expect, it } from 'vitest';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import interfaceSpec from './interface-spec.js';

/** What tells an API from the rest, and a served spec from a client's or a test's. */
describe('interface-spec: whether the repository serves an interface', () => {
  it('takes an Express app that renders Nunjucks pages with GOV.UK Frontend for a web front end', async () => {
    const [frontEnd] = expectFindings(await runOnFixture(interfaceSpec, 'web-front-end-nunjucks'), [
      {
        status: 'info',
        messageId: 'webFrontEnd',
        path: 'package.json',
        startLine: 9,
        data: { name: 'Express', pages: 'govuk-frontend in package.json' },
      },
    ]);
    // The port its image exposes serves the pages too.
    expect(frontEnd?.evidence?.webFrontEnd).toMatchObject({ name: 'Express', path: 'package.json' });
  });

  it('takes a Rails app with views for a web front end, and an API-only Rails app for an API', async () => {
    expectFindings(await runOnFixture(interfaceSpec, 'web-front-end-rails'), [
      { status: 'info', messageId: 'webFrontEnd', path: 'Gemfile', startLine: 5, data: { name: 'Rails' } },
    ]);
    // `config.api_only = true`, with only the mailer layouts Rails generates for API apps.
    expectFindings(await runOnFixture(interfaceSpec, 'rails-api-only'), [
      {
        status: 'fail',
        messageId: 'missing',
        path: 'Gemfile',
        startLine: 3,
        data: { signal: 'Rails (rails)' },
      },
    ]);
  });

  it('counts Django templates as pages unless Django REST framework is there', async () => {
    const templates = {
      'templates/base.html': '<!DOCTYPE html>{% block content %}{% endblock %}',
      'templates/applications/list.html': '{% extends "base.html" %}',
      'templates/applications/detail.html': '{% extends "base.html" %}',
      'templates/emails/confirmation.html': '<p>Thank you</p>',
    };
    expectFindings(
      await runCheck(interfaceSpec, { files: { 'requirements.txt': 'Django==5.2.4\n', ...templates } }),
      [
        {
          status: 'info',
          messageId: 'webFrontEnd',
          path: 'requirements.txt',
          data: { name: 'Django', pages: '3 page templates, e.g. templates/applications/detail.html' },
        },
      ],
    );
    expectFindings(
      await runCheck(interfaceSpec, {
        files: { 'requirements.txt': 'Django==5.2.4\ndjangorestframework==3.16.0\n', ...templates },
      }),
      [{ status: 'fail', messageId: 'missing', path: 'requirements.txt', startLine: 1 }],
    );
  });

  it('does not count an email template as a web front end', async () => {
    expectFindings(
      await runCheck(interfaceSpec, {
        files: {
          'requirements.txt': 'flask==3.1.3\n',
          'templates/tasks/scheduled_tasks/new_email_brandings.html': '<p>{{ branding }}</p>',
        },
      }),
      [{ status: 'fail', messageId: 'missing', path: 'requirements.txt', data: { signal: 'Flask (flask)' } }],
    );
  });

  it('sets aside examples, test stubs, client libraries and dependencies only another package pulls in', async () => {
    const [none] = expectFindings(await runOnFixture(interfaceSpec, 'api-signals-set-aside'), [
      { status: 'info', messageId: 'noInterface' },
    ]);
    expect(none?.evidence?.setAside).toEqual([
      {
        kind: 'framework',
        name: 'Express (express)',
        path: 'examples/express-webhook/package.json',
        line: 4,
        reason: 'test-or-example',
      },
      {
        kind: 'framework',
        name: 'aiohttp (aiohttp)',
        path: 'requirements.txt',
        line: 7,
        reason: 'client-library',
      },
      {
        kind: 'framework',
        name: 'gRPC (grpcio)',
        path: 'requirements.txt',
        line: 15,
        reason: 'client-library',
      },
      {
        kind: 'framework',
        name: 'Tornado (tornado)',
        path: 'requirements.txt',
        line: 23,
        reason: 'transitive',
      },
      {
        kind: 'dockerfile-expose',
        name: 'EXPOSE 8080',
        path: 'tests/stub-server/Dockerfile',
        line: 3,
        reason: 'test-or-example',
      },
    ]);
  });

  it('takes a framework an extension of it pulls in (flask via flask-sqlalchemy) for the framework in use', async () => {
    const requirements =
      'flask==3.1.3\n    # via\n    #   flask-migrate\n    #   flask-sqlalchemy\nflask-sqlalchemy==3.1.1\n    # via -r requirements.in\n';
    expectFindings(await runCheck(interfaceSpec, { files: { 'requirements.txt': requirements } }), [
      { status: 'fail', messageId: 'missing', path: 'requirements.txt', startLine: 1 },
    ]);
  });

  it('takes @RestController and JAX-RS @Path for an API whatever the build file says, not @Controller pages or test stubs', async () => {
    const [missing] = expectFindings(await runOnFixture(interfaceSpec, 'java-rest-controllers'), [
      {
        status: 'fail',
        messageId: 'missing',
        path: 'src/main/java/uk/nhs/appointments/api/AppointmentController.java',
        startLine: 8,
        data: { signal: '@RestController' },
      },
    ]);
    expect(missing?.evidence?.apiSignals).toHaveLength(1);
    // A Java package named `example` is production code: the package, not the project, says `example`.
    expectFindings(await runOnFixture(interfaceSpec, 'jaxrs-resource'), [
      {
        status: 'fail',
        messageId: 'missing',
        path: 'src/main/java/uk/gov/example/register/RegisterResource.java',
        startLine: 8,
        data: { signal: 'JAX-RS @Path' },
      },
    ]);
  });

  it('takes an exposed port beside Go page templates for a web front end', async () => {
    const pages = Object.fromEntries(
      ['layout', 'start', 'check-answers'].map((p) => [
        `web/template/${p}.gohtml`,
        `{{ define "${p}" }}{{ end }}`,
      ]),
    );
    expectFindings(
      await runCheck(interfaceSpec, {
        files: {
          'go.mod': 'module example/lpa\n\ngo 1.25.0\n',
          'docker/app/Dockerfile': 'FROM golang:1.25\nEXPOSE 8080\n',
          ...pages,
        },
      }),
      [
        {
          status: 'info',
          messageId: 'webFrontEnd',
          path: 'docker/app/Dockerfile',
          startLine: 2,
          data: { name: 'EXPOSE 8080' },
        },
      ],
    );
  });
});

describe('interface-spec: what each specification is to the repository', () => {
  it('tells served specs from client specs, vendored copies and test fixtures', async () => {
    const findings = await runOnFixture(interfaceSpec, 'openapi-client-specs');

    const [, pds] = expectFindings(findings, [
      // Read by a server generator (spring) as well as by a client generator: this service's own.
      { status: 'pass', messageId: 'found', path: 'api/referrals.yaml' },
      {
        status: 'info',
        messageId: 'clientSpec',
        path: 'src/main/resources/clients/personal-demographics.yaml',
        data: { why: 'the input of java in pom.xml' },
      },
      {
        status: 'info',
        messageId: 'clientSpec',
        path: 'frontend/specs/ods-api.json',
        data: { why: 'the input of typescript-fetch in frontend/package.json' },
      },
      {
        status: 'info',
        messageId: 'clientSpec',
        path: 'third_party/notify/openapi.yaml',
        data: { why: 'a vendored copy' },
      },
      {
        status: 'info',
        messageId: 'testFixtures',
        path: null,
        data: { count: 1, example: 'src/test/resources/wiremock/openapi.yaml' },
      },
    ]);
    expect(pds?.evidence).toMatchObject({ role: 'client', generator: 'java', config: 'pom.xml' });
  });

  it('fails an API whose only specs are other services’', async () => {
    expectFindings(
      await runCheck(interfaceSpec, {
        files: {
          'package.json':
            '{\n  "dependencies": { "fastify": "^5.4.0" },\n  "scripts": { "gen": "openapi-typescript specs/pds.yaml -o src/pds.d.ts" }\n}\n',
          'specs/pds.yaml': 'openapi: 3.0.3\ninfo: {title: PDS, version: "1"}\npaths: {}\n',
        },
      }),
      [
        {
          status: 'info',
          messageId: 'clientSpec',
          path: 'specs/pds.yaml',
          data: { why: 'the input of openapi-typescript in package.json' },
        },
        { status: 'fail', messageId: 'missing', path: 'package.json', startLine: 2 },
      ],
    );
  });

  it('reports a merged part-document once, with the parts it includes', async () => {
    const findings = await runOnFixture(interfaceSpec, 'openapi-merged-parts');

    const [merged] = expectFindings(findings, [
      { status: 'pass', messageId: 'found', path: 'specification/header.yaml' },
      { status: 'pass', messageId: 'found', path: 'static/header.yaml' },
    ]);
    expect(merged?.evidence?.includes).toEqual(['specification/components.yaml']);
  });

  it('finds the conformance resources of a FHIR Shorthand implementation guide, with its FHIR version', async () => {
    const findings = await runOnFixture(interfaceSpec, 'fhir-shorthand-ig');

    const [, capability] = expectFindings(findings, [
      {
        status: 'pass',
        messageId: 'found',
        path: 'input/fsh/profiles/ReferralServiceRequest.fsh',
        data: { spec: 'FHIR Shorthand (2 profiles) 4.0.1', operations: 0 },
      },
      {
        status: 'pass',
        messageId: 'found',
        path: 'input/fsh/capability/ReferralsServer.fsh',
        data: { spec: 'FHIR Shorthand (CapabilityStatement, OperationDefinition) 4.0.1', operations: 6 },
      },
      { status: 'pass', messageId: 'found', path: 'input/fsh/broken/Draft.fsh' },
      // examples/ReferralExample.fsh holds an example instance only: data, not a conformance resource.
    ]);
    expect(capability?.evidence).toMatchObject({
      format: 'fsh',
      version: '4.0.1',
      title: 'Referrals FHIR server',
    });
  });

  it('finds a DSTU2 Conformance statement and a DSTU2 StructureDefinition', async () => {
    expectFindings(await runOnFixture(interfaceSpec, 'fhir-dstu2-conformance'), [
      {
        status: 'pass',
        messageId: 'found',
        path: 'conformance/Conformance-appointments.json',
        data: { spec: 'FHIR conformance resource Conformance 1.0.2', operations: 3 },
      },
      { status: 'pass', messageId: 'found', path: 'conformance/StructureDefinition-appointment.xml' },
    ]);
  });

  it('does not take a GLSL fragment shader (also .fsh) for FHIR Shorthand', async () => {
    expectFindings(
      await runCheck(interfaceSpec, {
        files: {
          'assets/shaders/blur.fsh':
            'precision mediump float;\nuniform sampler2D u_texture;\nvoid main() {}\n',
        },
      }),
      [{ status: 'info', messageId: 'noInterface' }],
    );
  });
});

describe('interface-spec: test suites are not the software', () => {
  it('does not take a controller in a test module (test-suite/, integration-tests/) for a served API', async () => {
    const controller = (pkg: string) =>
      `package ${pkg};\n\nimport org.springframework.web.bind.annotation.RestController;\n\n@RestController\npublic class TestModuleController {}\n`;
    expectFindings(
      await runCheck(interfaceSpec, {
        files: {
          'pom.xml': '<project><artifactId>core</artifactId></project>\n',
          'test-suite/module/omod/src/main/java/org/openmrs/module/test/TestModuleController.java':
            controller('org.openmrs.module.test'),
          'integration-tests/src/main/java/org/openmrs/it/StubController.java': controller('org.openmrs.it'),
        },
      }),
      [{ status: 'info', messageId: 'noInterface' }],
    );
  });
});
