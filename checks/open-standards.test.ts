import { describe, expect, it } from 'vitest';
import catalogueJson from './data/open-standards.json' with { type: 'json' };
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import { findOpenStandards, OPEN_STANDARDS_CATALOGUE } from './lib/open-standards.js';
import { catalogueSchema } from './lib/open-standards-schema.js';
import openStandards from './open-standards.js';

describe('open-standards', () => {
  it('reports each standard with its body, URL and the dependency line that shows it', async () => {
    const findings = await runOnFixture(openStandards, 'open-standards-health');

    const found = (id: string, path?: string, startLine?: number) => ({
      status: 'pass' as const,
      messageId: 'found',
      ...(path === undefined ? {} : { path }),
      ...(startLine === undefined ? {} : { startLine }),
      evidence: { id },
    });
    const [, , , , dicom] = expectFindings(findings, [
      found('hl7-fhir'),
      found('hl7-v2'),
      found('snomed-ct'),
      found('loinc'),
      found('dicom', 'package.json', 6),
      found('nhs-number'),
      found('oauth2-oidc'),
      found('opentelemetry'),
    ]);
    // Reported in catalogue order.
    expect(findings.map((f) => f.evidence?.id)).toEqual([
      'hl7-fhir',
      'hl7-v2',
      'snomed-ct',
      'loinc',
      'dicom',
      'nhs-number',
      'oauth2-oidc',
      'opentelemetry',
    ]);
    expect(dicom?.evidence).toMatchObject({
      body: 'NEMA (Medical Imaging & Technology Alliance)',
      url: 'https://www.dicomstandard.org/',
      uses: [
        { via: 'dependency', path: 'package.json', line: 6, match: 'dicom-parser' },
        { via: 'dependency', path: 'requirements.txt', line: 1, match: 'pydicom' },
      ],
    });
  });

  it('finds code systems in FHIR resources, and FHIR itself from conformance resources', async () => {
    expectFindings(await runOnFixture(openStandards, 'fhir-conformance'), [
      { status: 'pass', messageId: 'found', evidence: { id: 'hl7-fhir' } },
      { status: 'pass', messageId: 'found', evidence: { id: 'fhir-uk-core' } },
      {
        status: 'pass',
        messageId: 'found',
        path: 'fhir/ValueSet-referral-reason.json',
        startLine: 9,
        evidence: { id: 'snomed-ct' },
      },
    ]);
  });

  it('is information only when no standard is recognised', async () => {
    expectFindings(await runOnFixture(openStandards, 'no-api'), [
      { status: 'info', messageId: 'none', path: null },
    ]);
  });

  it('does not take a copy of its own catalogue for a use of every standard', () => {
    const snapshot = memorySnapshot({
      files: { 'checks/data/open-standards.json': JSON.stringify(catalogueJson, null, 2) },
    });

    expect(findOpenStandards(snapshot, OPEN_STANDARDS_CATALOGUE.standards)).toEqual([]);
  });

  it('matches packages as their registries compare names', () => {
    const snapshot = memorySnapshot({
      files: {
        'requirements.txt': 'FHIR.Resources==7.1.0\n',
        'App.csproj':
          '<Project><ItemGroup><PackageReference Include="hl7.fhir.r4" Version="5.0.0" /></ItemGroup></Project>',
      },
    });

    const fhir = findOpenStandards(snapshot, OPEN_STANDARDS_CATALOGUE.standards).find(
      (d) => d.standard.id === 'hl7-fhir',
    );

    expect(fhir?.uses.map((u) => u.match)).toEqual(['hl7.fhir.r4', 'FHIR.Resources']);
  });

  it('ships a catalogue with a source, a date and a well-formed entry per standard', () => {
    const catalogue = catalogueSchema.parse(catalogueJson);

    expect(new Set(catalogue.standards.map((s) => s.id)).size).toBe(catalogue.standards.length);
    expect(catalogue.standards.map((s) => s.id)).toEqual(
      expect.arrayContaining([
        'hl7-fhir',
        'hl7-v2',
        'snomed-ct',
        'dm-d',
        'icd-10',
        'loinc',
        'dicom',
        'openehr',
        'ihe',
        'nhs-number',
        'oauth2-oidc',
        'json-api',
        'cloudevents',
        'opentelemetry',
      ]),
    );
    expect(() =>
      catalogueSchema.parse({
        ...catalogue,
        standards: [{ ...catalogue.standards[0], url: 'http://insecure' }],
      }),
    ).toThrow();
  });
});

describe('open-standards: the Open Standards Board profiles and test-only evidence', () => {
  it('finds UPRN, CSVW, SPARQL and JWK, and marks evidence that only the tests use', async () => {
    const findings = await runCheck(openStandards, {
      files: {
        'api/openapi.yaml':
          'openapi: 3.0.3\ninfo: {title: Addresses, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    Address:\n      properties:\n        uprn: {type: string}\n',
        'cubes/prices.csv-metadata.json': '{"@context": "http://www.w3.org/ns/csvw", "url": "prices.csv"}\n',
        'queries/observations.rq': 'SELECT ?s WHERE { ?s ?p ?o } LIMIT 10\n',
        'requirements.txt': 'flask==3.0.3\n',
        'requirements-test.txt': 'SPARQLWrapper==2.0.0\n',
        'tests/fixtures/jwks.json': '{"keys": [{"kty": "RSA", "kid": "test", "n": "AQAB", "e": "AQAB"}]}\n',
      },
    });
    expectFindings(findings, [
      {
        status: 'pass',
        messageId: 'found',
        path: 'tests/fixtures/jwks.json',
        evidence: { id: 'jwk', testOnly: true },
        data: { scope: ' by the tests only' },
      },
      {
        status: 'pass',
        messageId: 'found',
        path: 'api/openapi.yaml',
        startLine: 8,
        evidence: { id: 'uprn-usrn', testOnly: false },
      },
      {
        status: 'pass',
        messageId: 'found',
        path: 'cubes/prices.csv-metadata.json',
        evidence: { id: 'csvw', testOnly: false },
      },
      {
        status: 'pass',
        messageId: 'found',
        path: 'requirements-test.txt',
        evidence: { id: 'sparql', testOnly: false },
        data: { where: expect.stringContaining('requirements-test.txt:1 (SPARQLWrapper, tests only)') },
      },
    ]);
  });
});
