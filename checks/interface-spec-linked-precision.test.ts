import { describe, it } from 'vitest';
import { expectFindings, runCheck } from '../test/support/check-harness.js';
import interfaceSpecLinked from './interface-spec-linked.js';

const SPEC = 'openapi: 3.0.3\ninfo: {title: Referrals, version: "1"}\npaths: {}\n';

describe('interface-spec-linked: a link must name the specification', () => {
  it.each([
    [
      'the NHS API catalogue home page',
      'Listed in the [API catalogue](https://digital.nhs.uk/developer/api-catalogue).',
    ],
    [
      'the api.gov.uk home page',
      'Find government APIs at https://www.api.gov.uk/ and https://www.api.gov.uk/#apis.',
    ],
    ['Redocly’s own site', 'Docs are built with [Redocly](https://redocly.com/docs/cli/).'],
    ['the Swagger Editor with no spec', 'Edit it in https://editor.swagger.io/.'],
    ['SwaggerHub’s home page', 'We use [SwaggerHub](https://app.swaggerhub.com/home).'],
  ])('does not count a link to %s', async (_what, readme) => {
    expectFindings(
      await runCheck(interfaceSpecLinked, { files: { 'api/openapi.yaml': SPEC, 'README.md': readme } }),
      [{ status: 'fail', messageId: 'notLinked', path: 'README.md', data: { example: 'api/openapi.yaml' } }],
    );
  });

  it.each([
    ['an API catalogue entry', 'https://digital.nhs.uk/developer/api-catalogue/e-referral-service-fhir'],
    ['an api.gov.uk entry', 'https://www.api.gov.uk/nhsd/personal-demographics-service-fhir/'],
    [
      'the HMRC developer hub page',
      'https://developer.service.hmrc.gov.uk/api-documentation/docs/api/service/vat-api/1.0',
    ],
    ['a SwaggerHub API', 'https://app.swaggerhub.com/apis/nhsd/referrals/1.0.0'],
    [
      'the Swagger Editor opening the spec',
      'https://editor.swagger.io/?url=https://example.nhs.uk/openapi.yaml',
    ],
    ['an organisation’s Redocly portal', 'https://nhs-referrals.redocly.app/'],
    [
      'the spec in a sister repository',
      'https://github.com/NHSDigital/referrals-api-spec/blob/main/specification/referrals.yaml',
    ],
    [
      'the spec folder of a sister repository',
      'https://github.com/NHSDigital/referrals-api-spec/tree/main/specification',
    ],
  ])('counts a link to %s', async (_what, url) => {
    expectFindings(
      await runCheck(interfaceSpecLinked, {
        files: { 'api/openapi.yaml': SPEC, 'README.md': `# Referrals\n\nThe API: [reference](${url}).\n` },
      }),
      [{ status: 'pass', messageId: 'linked', path: 'README.md', startLine: 3, data: { target: url } }],
    );
  });

  it('asks for no link to specs the repository does not serve', async () => {
    expectFindings(
      await runCheck(interfaceSpecLinked, {
        files: { 'src/test/resources/openapi.yaml': SPEC, 'README.md': '# Service\n' },
      }),
      [{ status: 'info', messageId: 'noSpecs' }],
    );
  });

  // An IG is published at its canonical URL; its README links the publication history there.
  it('counts a link to a page under the implementation guide’s canonical URL', async () => {
    const ig = JSON.stringify(
      {
        resourceType: 'ImplementationGuide',
        id: 'hl7.fhir.us.example',
        url: 'http://hl7.org/fhir/us/example/ImplementationGuide/hl7.fhir.us.example',
        name: 'USExample',
        status: 'active',
        packageId: 'hl7.fhir.us.example',
        fhirVersion: ['4.0.1'],
      },
      null,
      2,
    );
    const files = (readme: string) => ({
      'sushi-config.yaml':
        "id: hl7.fhir.us.example\ncanonical: 'http://hl7.org/fhir/us/example'\nfhirVersion: 4.0.1\n",
      'fsh-generated/resources/ImplementationGuide-hl7.fhir.us.example.json': ig,
      'README.md': readme,
    });
    const published = 'https://hl7.org/fhir/us/example/history.html';
    expectFindings(
      await runCheck(interfaceSpecLinked, {
        files: files(`# US Example IG\n\n**[Publication (Version) History](${published})**\n`),
      }),
      [{ status: 'pass', messageId: 'linked', path: 'README.md', startLine: 3, data: { target: published } }],
    );
    expectFindings(
      await runCheck(interfaceSpecLinked, {
        files: files('# US Example IG\n\nLog issues in the [Jira tracker](http://hl7.org/fhir-issues).\n'),
      }),
      [{ status: 'fail', messageId: 'notLinked', path: 'README.md' }],
    );
  });

  // fhirpath.js converts the FHIR examples it keeps as test input: none of them is its own specification.
  it('does not take FHIR example resources for specifications the repository publishes', async () => {
    const codeSystem = `<?xml version="1.0" encoding="UTF-8"?>
<CodeSystem xmlns="http://hl7.org/fhir">
  <id value="example"/>
  <url value="http://hl7.org/fhir/CodeSystem/example"/>
  <status value="draft"/>
  <content value="complete"/>
</CodeSystem>
`;
    expectFindings(
      await runCheck(interfaceSpecLinked, {
        files: {
          'converter/dataset/input-r4/codesystem-example.xml': codeSystem,
          'converter/dataset/input-r4/parameters-example-types.xml': codeSystem,
          'README.md': '# fhirpath.js\n',
        },
      }),
      [{ status: 'info', messageId: 'noSpecs' }],
    );
  });
});
